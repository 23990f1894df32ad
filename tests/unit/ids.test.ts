import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src-main/journal/ids';

describe('uuidv7', () => {
  it('is a version-7 RFC 9562 UUID carrying the milliseconds, and sorts by time', () => {
    const ms = Date.UTC(2026, 10, 22, 7);
    const id = uuidv7(ms);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
    const ids = Array.from({ length: 200 }, (_, i) => uuidv7(ms + i * 1000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7(ms))).size).toBe(1000);
  });
});
