import { describe, expect, it } from 'vitest';
import { rovingIndex } from '../../src-renderer/hooks/useRovingFocus';

describe('rovingIndex (keyboard focus along a row of buttons)', () => {
  it('moves right and left with wrap-around', () => {
    expect(rovingIndex('ArrowRight', 0, 3)).toBe(1);
    expect(rovingIndex('ArrowRight', 2, 3)).toBe(0);
    expect(rovingIndex('ArrowLeft', 0, 3)).toBe(2);
    expect(rovingIndex('ArrowLeft', 2, 3)).toBe(1);
  });

  it('takes up/down only for a vertical-capable row, Home/End only when asked', () => {
    expect(rovingIndex('ArrowDown', 1, 4)).toBeNull();
    expect(rovingIndex('ArrowDown', 3, 4, { vertical: true })).toBe(0);
    expect(rovingIndex('ArrowUp', 0, 4, { vertical: true })).toBe(3);
    expect(rovingIndex('Home', 2, 4)).toBeNull();
    expect(rovingIndex('Home', 2, 4, { homeEnd: true })).toBe(0);
    expect(rovingIndex('End', 0, 4, { homeEnd: true })).toBe(3);
  });

  it('ignores other keys and an empty row', () => {
    expect(rovingIndex('Enter', 1, 3, { vertical: true, homeEnd: true })).toBeNull();
    expect(rovingIndex('ArrowRight', 0, 0)).toBeNull();
  });
});
