// The renderer store's feature slices with a fake contract (tests/helpers/renderer-store.ts):
// each slice's main actions on success, on a typed error (returned to the form, or shown as a
// translated toast), and what they leave in the state.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IncidentSummary } from '../../src-shared/domain/incidents';
import { emptyIdentifiers } from '../../src-shared/domain/logbook';
import type { LogbookEntry } from '../../src-shared/domain/logbook';
import { errorText } from '../../src-renderer/i18n';
import { ClientError } from '../../src-renderer/transport/errors';
import { appError, camera, failWith, fakeStore, memoryStorage, NOW, session, station, user, workingDataHandlers } from '../helpers/renderer-store';

afterEach(() => {
  vi.useRealTimers();
});

function entry(id: string, seq: number): LogbookEntry {
  return {
    id,
    seq,
    stt: seq,
    kind: 'work',
    shiftDate: '2026-03-10',
    occurredAt: NOW - seq * 1000,
    recordedAt: NOW - seq * 1000,
    author: 'u-1',
    authorName: 'Nguyễn Thị Lan',
    text: `Mục ${seq}`,
    details: {},
    identifiers: emptyIdentifiers(),
    linkedEntryId: null,
    attachments: [],
    version: 0,
    amendedAt: null,
  };
}

describe('app slice (session)', () => {
  it('boot: the station and the session from app:status, the station clock offset, then the working data', async () => {
    const f = fakeStore({ ...workingDataHandlers(), 'app:status': () => ({ setupDone: true, station, session: session(), version: '2.0.0', now: NOW + 4000 }) });
    await f.actions.app.boot();
    expect(f.state.app).toMatchObject({ loaded: true, setupDone: true, station, version: '2.0.0', clockOffset: 4000 });
    expect(f.state.app.user?.login).toBe('lan');
    expect(f.count('shift:current')).toBe(1);
    expect(f.count('users:list')).toBe(1);
  });

  it('boot without a token, or with main unreachable, says which', async () => {
    const a = fakeStore({
      'app:status': () => {
        throw ClientError.transportFailure('no_token', 'no token');
      },
    });
    await a.actions.app.boot();
    expect(a.state.app.noToken).toBe(true);
    const b = fakeStore({ 'app:status': failWith('unavailable') });
    await b.actions.app.boot();
    expect(b.state.app.bootError?.code).toBe('unavailable');
    expect(b.state.app.noToken).toBe(false);
  });

  it('a refused sign-in is returned to the form (no toast, nothing loaded)', async () => {
    const f = fakeStore({ ...workingDataHandlers(), 'auth:login': failWith('bad_credentials') });
    const err = await f.actions.app.login('lan', 'wrong');
    expect(err?.code).toBe('bad_credentials');
    expect(f.state.app.user).toBeNull();
    expect(f.state.ui.toasts).toEqual([]);
    expect(f.count('shift:current')).toBe(0);
  });

  it('a temporary password: nothing loads until it is changed, then the working data does', async () => {
    const f = fakeStore({ ...workingDataHandlers(), 'auth:login': () => session({ mustChangePassword: true }), 'users:changePassword': () => ({ ok: true }) });
    await f.actions.app.login('lan', 'temp');
    expect(f.state.app.mustChangePassword).toBe(true);
    expect(f.count('shift:current')).toBe(0);
    expect(await f.actions.app.changePassword('temp', 'a-new-long-password')).toBeNull();
    expect(f.state.app.mustChangePassword).toBe(false);
    expect(f.count('shift:current')).toBe(1);
  });

  it('password_change_required on any call brings the forced change back', async () => {
    const f = fakeStore({ ...workingDataHandlers(), 'auth:login': () => session() });
    await f.actions.app.login('lan', 'x');
    f.handlers['cameras:list'] = failWith('password_change_required');
    await f.actions.cameras.load();
    expect(f.state.app.mustChangePassword).toBe(true);
  });
});

describe('ui slice', () => {
  it('language and theme persist in storage and are read back by a new store', () => {
    const f = fakeStore();
    f.actions.ui.toggleLang();
    f.actions.ui.setTheme('contrast');
    expect(f.storage.data).toMatchObject({ 'trucban.lang': 'en', 'trucban.theme': 'contrast' });
    const g = fakeStore({}, { storage: memoryStorage(f.storage.data) });
    expect(g.state.ui).toMatchObject({ lang: 'en', theme: 'contrast' });
  });

  it('keeps the last three toasts and dismisses each after its time', () => {
    vi.useFakeTimers();
    const f = fakeStore();
    for (const n of [1, 2, 3, 4]) f.actions.ui.toast('info', () => `t${n}`, 1000 * n);
    expect(f.toastTexts().map((t) => t.text)).toEqual(['t2', 't3', 't4']);
    vi.advanceTimersByTime(2000);
    expect(f.toastTexts().map((t) => t.text)).toEqual(['t3', 't4']);
    vi.advanceTimersByTime(2000);
    expect(f.state.ui.toasts).toEqual([]);
  });
});

describe('shift slice', () => {
  it('refresh: the shift, its entries and the open items; calls made meanwhile share it, and one more follows (a change made meanwhile is read)', async () => {
    // the first read answers before an entry made on another screen; asks made while it runs must not lose that entry
    let reads = 0;
    const f = fakeStore({ ...workingDataHandlers(), 'logbook:list': () => ({ entries: ++reads === 1 ? [entry('e-1', 1)] : [entry('e-2', 2), entry('e-1', 1)], nextBefore: null }) });
    await Promise.all([f.actions.shift.refresh(), f.actions.shift.refresh(), f.actions.shift.refresh()]);
    await vi.waitFor(() => expect(f.count('shift:current')).toBe(2));
    await vi.waitFor(() => expect(f.state.shift.loading).toBe(false));
    expect(f.state.shift.info?.shiftDate).toBe('2026-03-10');
    expect(f.state.shift.entries.map((e) => e.id)).toEqual(['e-2', 'e-1']);
    expect(f.inputs('logbook:list')[0]).toMatchObject({ shiftDate: '2026-03-10' });
    expect(f.state.shift.loading).toBe(false);
  });

  it('a failed refresh is shown as a translated toast', async () => {
    const f = fakeStore({ 'shift:current': failWith('forbidden') });
    await f.actions.shift.refresh();
    const expected = errorText('vi', appError('forbidden'));
    expect(f.toastTexts('vi')).toEqual([{ tone: 'error', text: expected }]);
    expect(f.toastTexts('en')[0]!.text).toBe(errorText('en', appError('forbidden')));
    expect(f.toastTexts('en')[0]!.text).not.toBe(expected);
  });

  it('saveRoster returns main’s refusal to the editor and keeps the roster it had', async () => {
    const f = fakeStore({ 'roster:set': failWith('invalid_input', { field: 'members.0.position' }) });
    const err = await f.actions.shift.saveRoster('2026-03-10', []);
    expect(err).toMatchObject({ code: 'invalid_input', field: 'members.0.position' });
    expect(f.state.shift.editing).toBeNull();
    expect(f.state.ui.toasts).toEqual([]);
  });
});

describe('logbook slice', () => {
  it('reload lists with the filters; a search text asks logbook:search and marks exact hits', async () => {
    const f = fakeStore({
      'logbook:list': () => ({ entries: [entry('e-1', 1), entry('e-2', 2)], nextBefore: 7 }),
      'logbook:search': () => [
        { entry: entry('e-2', 2), exact: true },
        { entry: entry('e-3', 3), exact: false },
      ],
    } as never);
    await f.actions.logbook.setFilters({ kind: 'incident', unitCode: ' 15BB ' });
    expect(f.inputs('logbook:list')[0]).toMatchObject({ kinds: ['incident'], unitCode: '15BB', limit: 100 });
    expect(f.state.logbook.nextBefore).toBe(7);
    await f.actions.logbook.setQuery('  hữu nghị ');
    expect(f.inputs('logbook:search')[0]).toMatchObject({ query: 'hữu nghị', kinds: ['incident'] });
    expect(f.state.logbook.entries.map((e) => e.id)).toEqual(['e-2', 'e-3']);
    expect(f.state.logbook.exact).toEqual({ 'e-2': true });
    expect(f.state.logbook.searching).toBe(true);
  });

  it('a failed reload empties the list and shows the error', async () => {
    const f = fakeStore({ 'logbook:list': failWith('journal_broken') });
    f.store.setState({ logbook: { ...f.state.logbook, entries: [entry('e-1', 1)] } });
    await f.actions.logbook.reload();
    expect(f.state.logbook.entries).toEqual([]);
    expect(f.toastTexts()).toEqual([{ tone: 'error', text: errorText('vi', appError('journal_broken')) }]);
  });

  it('add: success clears the draft link and refreshes; a refusal is returned with its field', async () => {
    const f = fakeStore({ ...workingDataHandlers(), 'logbook:add': () => entry('e-9', 9) });
    f.actions.logbook.startEntry('direction', 'e-1');
    expect(f.state.logbook).toMatchObject({ draftKind: 'direction', draftLink: 'e-1' });
    const ok = await f.actions.logbook.add({ kind: 'direction', text: 'Chỉ đạo', linkedEntryId: 'e-1' } as never);
    expect(ok.entry?.id).toBe('e-9');
    expect(f.state.logbook.draftLink).toBeNull();
    f.handlers['logbook:add'] = failWith('invalid_container', { field: 'identifiers.containers.0' });
    const bad = await f.actions.logbook.add({ kind: 'work', text: 'x' } as never);
    expect(bad.error).toMatchObject({ code: 'invalid_container', field: 'identifiers.containers.0' });
  });
});

describe('admin slice', () => {
  it('loads users; deactivating one replaces just that user', async () => {
    const f = fakeStore({ 'users:list': () => [user(), user({ id: 'u-2', login: 'minh' })], 'users:update': (i) => user({ id: i.id, login: 'minh', active: i.active ?? true }) });
    await f.actions.admin.loadUsers();
    expect(f.state.admin.users.map((u) => u.login)).toEqual(['lan', 'minh']);
    expect(await f.actions.admin.setUserActive('u-2', false)).toBeNull();
    expect(f.state.admin.users.map((u) => [u.login, u.active])).toEqual([
      ['lan', true],
      ['minh', false],
    ]);
  });

  it('a refused new user is returned to the form; a failed list is toasted', async () => {
    const f = fakeStore({ 'users:create': failWith('conflict', { field: 'login' }), 'users:list': failWith('forbidden') });
    const err = await f.actions.admin.createUser({ login: 'lan' } as never);
    expect(err).toMatchObject({ code: 'conflict', field: 'login' });
    expect(f.state.ui.toasts).toEqual([]);
    await f.actions.admin.loadUsers();
    expect(f.toastTexts()[0]).toEqual({ tone: 'error', text: errorText('vi', appError('forbidden')) });
  });
});

describe('cameras slice', () => {
  it('save keeps the list sorted by number; a refusal is returned', async () => {
    const f = fakeStore({ 'cameras:list': () => [camera(3), camera(1)], 'cameras:save': () => camera(2) });
    await f.actions.cameras.load();
    const r = await f.actions.cameras.save({} as never);
    expect(r.value?.number).toBe(2);
    expect(f.state.cameras.list.map((c) => c.number)).toEqual([1, 2, 3]);
    f.handlers['cameras:save'] = failWith('invalid_camera_url', { field: 'mainUrl' });
    const bad = await f.actions.cameras.save({} as never);
    expect(bad.error).toMatchObject({ code: 'invalid_camera_url', field: 'mainUrl' });
    expect(f.state.cameras.list).toHaveLength(3);
  });

  it('exportCsv saves UTF-8 with a BOM and says how many rows', async () => {
    const f = fakeStore({ 'cameras:export': () => ({ fileName: 'cameras.csv', mime: 'text/csv', csv: 'số,tên\n1,Cổng A\n', rows: 1 }) });
    await f.actions.cameras.exportCsv();
    expect(f.saveFile).toHaveBeenCalledTimes(1);
    const [name, mime, b64] = f.saveFile.mock.calls[0]!;
    expect([name, mime]).toEqual(['cameras.csv', 'text/csv']);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.from(b64, 'base64'))).toBe('\uFEFFsố,tên\n1,Cổng A\n');
    expect(f.toastTexts()[0]!.tone).toBe('success');
    expect(f.state.cameras.exporting).toBe(false);
  });

  it('a failed notifications refresh stays silent (the next one retries)', async () => {
    const f = fakeStore({ 'notifications:list': failWith('unavailable') });
    await f.actions.cameras.loadNotifications();
    expect(f.state.cameras.notificationsLoaded).toBe(false);
    expect(f.state.ui.toasts).toEqual([]);
  });
});

describe('incidents slice', () => {
  const summary = (id: string) => ({ id, directions: [] }) as unknown as IncidentSummary;

  it('refresh passes the filters; a failure is kept for the board, not toasted', async () => {
    const f = fakeStore({ 'incidents:list': () => [summary('i-1')] });
    await f.actions.incidents.setFilters({ case: 'direct' as never, query: ' container ' });
    expect(f.inputs('incidents:list')[0]).toMatchObject({ cases: ['direct'], query: 'container', overdueOnly: false });
    expect(f.state.incidents).toMatchObject({ loaded: true, listError: null });
    f.handlers['incidents:list'] = failWith('unavailable');
    await f.actions.incidents.refresh();
    expect(f.state.incidents.listError?.code).toBe('unavailable');
    expect(f.state.incidents.list.map((i) => i.id)).toEqual(['i-1']);
    expect(f.state.ui.toasts).toEqual([]);
  });

  it('startRaise opens the raise form with the prefill and the incidents screen', () => {
    const f = fakeStore();
    f.actions.incidents.startRaise({ source: 'snapshot', description: 'Xe lạ' });
    expect(f.state.ui.screen).toBe('incidents');
    expect(f.state.incidents.view).toBe('raise');
    expect(f.state.incidents.prefill).toMatchObject({ source: 'snapshot', description: 'Xe lạ', tick: 1 });
    f.actions.incidents.cancelRaise();
    expect(f.state.incidents).toMatchObject({ view: 'board', prefill: null });
  });

  it('a refused workflow step is returned to its form and leaves the detail as it was', async () => {
    const f = fakeStore({ 'incidents:propose': failWith('illegal_transition') });
    f.store.setState({ incidents: { ...f.state.incidents, selectedId: 'i-1', view: 'detail' } });
    const err = await f.actions.incidents.propose({} as never);
    expect(err?.code).toBe('illegal_transition');
    expect(f.inputs('incidents:propose')[0]).toMatchObject({ incidentId: 'i-1' });
    expect(f.state.incidents.detail).toBeNull();
  });
});
