/** The admin slice's quarantine (journal:quarantine through the store, reset on sign-out). */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../../src-renderer/store';
import type { Invoke } from '../../src-shared/contract';
import type { QuarantineReport } from '../../src-shared/domain/org';

describe('admin slice: quarantine', () => {
  it('loads the report through journal:quarantine, and forgets it on sign-out', async () => {
    const report: QuarantineReport = { count: 2, items: [{ seq: 7, eventId: 'e7', type: 'handover.signed', typeVersion: 1, reason: 'unknown event type handover.signed' }] };
    const calls: [string, unknown][] = [];
    const invoke = (async (ch: string, input: unknown) => {
      calls.push([ch, input]);
      if (ch === 'journal:quarantine') return report;
      if (ch === 'auth:logout') return { ok: true };
      throw Object.assign(new Error(`unexpected ${ch}`), { code: 'internal' });
    }) as Invoke;
    const store = createAppStore({ invoke, storage: null, saveFile: () => undefined, openDownload: () => undefined });
    expect(store.getState().admin.quarantine).toBeNull();
    await store.getState().actions.admin.loadQuarantine();
    expect(calls).toContainEqual(['journal:quarantine', { limit: 50 }]);
    expect(store.getState().admin.quarantine).toEqual(report);
    await store.getState().actions.app.logout();
    expect(store.getState().admin.quarantine).toBeNull();
  });
});
