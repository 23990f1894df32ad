// Frames of a window's session reach that window only, and stop when it is destroyed.
import { describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';

vi.mock('electron', () => import('./fake-electron'));

import * as fake from './fake-electron';
import { pushFramesTo, sessionIdFor } from '../../../src-main/electron/ipc';
import { PushHub } from '../../../src-main/push/hub';
import type { User } from '../../../src-shared/domain/org';

const lead: User = { id: 'u1', login: 'lead', fullName: 'Nguyễn Văn Hùng', roles: ['shift_leader'], active: true } as User;

describe('push over IPC', () => {
  it('webContents.send(trucban:push, frame) to the window of the session, nothing after it is destroyed', () => {
    fake.resetFake();
    const a = new fake.FakeWebContents();
    const b = new fake.FakeWebContents();
    const signedIn = new Set([sessionIdFor(a)]);
    const hub = new PushHub({
      sessionUser: (id) => (signedIn.has(id) ? lead : null),
      derive: (ev) => [{ topic: 'journal', data: { seq: ev.seq, type: ev.type } }],
      page: () => [],
      head: () => 1,
    });
    pushFramesTo(a as unknown as WebContents, hub);
    pushFramesTo(b as unknown as WebContents, hub);
    hub.subscribe(sessionIdFor(a), ['journal']);
    hub.subscribe(sessionIdFor(b), ['journal']);
    const ev = { seq: 1, eventId: 'e', type: 'logbook.entry_added', typeVersion: 1, hlc: '', occurredAt: 0, recordedAt: 0, actor: 'lead', payload: '{}', hash: Buffer.alloc(0) };
    hub.publishEvents([ev]);
    expect(a.sent).toEqual([{ channel: 'trucban:push', args: [{ topic: 'journal', seq: 1, data: { seq: 1, type: 'logbook.entry_added' } }] }]);
    // b's session is not signed in
    expect(b.sent).toEqual([]);
    a.destroy();
    hub.publishEvents([{ ...ev, seq: 2 }]);
    expect(a.sent).toHaveLength(1);
    expect(hub.queued(sessionIdFor(a))).toBe(0);
  });
});
