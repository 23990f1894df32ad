import { describe, expect, it } from 'vitest';
import { appError, fakeStore } from '../helpers/renderer-store';
import type { ClientStatus } from '../../src-shared/contract/client';
import { selectors } from '../../src-renderer/store';

const down = (over: Partial<Exclude<ClientStatus, { role: 'station' }>> = {}): ClientStatus => ({
  role: 'workstation',
  stationUrl: 'https://127.0.0.2:8443',
  stationName: 'Chi cục',
  deviceName: 'Máy 1',
  connected: false,
  downSince: 1_000,
  outbox: [{ requestId: '0192f0c8-0000-7000-8000-000000000001', channel: 'logbook:add', input: { kind: 'work', text: 'chưa gửi' }, login: 'officer', madeAt: 2_000 }],
  refused: [],
  ...over,
});

describe('renderer store: the link to the station and the outbox', () => {
  it('knows since when the station is unreachable; nothing on the station itself', async () => {
    let status: ClientStatus = down();
    const f = fakeStore({ 'client:status': () => status });
    await f.store.getState().actions.link.load();
    expect(selectors.link.downSince(f.store.getState())).toBe(1_000);
    expect(selectors.link.client(f.store.getState())?.outbox.length).toBe(1);
    status = { role: 'station' };
    await f.store.getState().actions.link.load();
    expect(selectors.link.client(f.store.getState())).toBeNull();
    expect(selectors.link.downSince(f.store.getState())).toBeNull();
  });

  it('a write kept in the outbox is not a failure of the form: add answers queued and the status is read again', async () => {
    const f = fakeStore({ 'client:status': () => down(), 'logbook:add': () => { throw appError('outbox_queued'); } });
    const r = await f.store.getState().actions.logbook.add({ kind: 'work', text: 'chưa gửi' });
    expect(r).toEqual({ entry: null, error: null, queued: true });
    await new Promise((res) => setTimeout(res, 0));
    expect(f.count('client:status')).toBeGreaterThan(0);
    // any other failure still goes back to the form
    f.handlers['logbook:add'] = () => {
      throw appError('invalid_input', { field: 'text' });
    };
    const bad = await f.store.getState().actions.logbook.add({ kind: 'work', text: 'x' });
    expect(bad.error?.code).toBe('invalid_input');
  });

  it('the status outlives a sign-out (it is the machine’s), and a refusal is dismissed through the client', async () => {
    const refused = { ...(down() as Exclude<ClientStatus, { role: 'station' }>).outbox[0]!, refusedAt: 3_000, error: { code: 'not_found' as const, message: 'x' } };
    let status = down({ connected: true, downSince: null, outbox: [], refused: [refused] });
    const f = fakeStore({
      'client:status': () => status,
      'client:dismissRefused': () => {
        status = down({ connected: true, downSince: null, outbox: [], refused: [] });
        return { ok: true as const };
      },
      'auth:logout': () => ({ ok: true as const }),
    });
    await f.store.getState().actions.link.load();
    await f.store.getState().actions.app.logout();
    expect(selectors.link.client(f.store.getState())?.refused.length).toBe(1);
    await f.store.getState().actions.link.dismiss(refused.requestId);
    expect(f.inputs('client:dismissRefused')).toEqual([{ requestId: refused.requestId }]);
    expect(selectors.link.client(f.store.getState())?.refused).toEqual([]);
  });
});

describe('renderer store: an incident step kept in the outbox', () => {
  it('is not a failure of the form (the step form closes), and the status is read again', async () => {
    const f = fakeStore({ 'client:status': () => down(), 'incidents:close': () => { throw appError('outbox_queued'); } });
    const err = await f.store.getState().actions.incidents.close({ summary: 'x' } as never);
    expect(err).toBeNull();
    await new Promise((res) => setTimeout(res, 0));
    expect(f.count('client:status')).toBeGreaterThan(0);
    f.handlers['incidents:close'] = () => {
      throw appError('invalid_input');
    };
    expect((await f.store.getState().actions.incidents.close({ summary: 'x' } as never))?.code).toBe('invalid_input');
  });
});

describe('renderer store: an incident raised or a request registered while the station is away', () => {
  it('is kept (queued), not a failure: the raise form closes, the status is read again; a real refusal is still an error', async () => {
    const f = fakeStore({
      'client:status': () => down(),
      'incidents:raise': () => {
        throw appError('outbox_queued');
      },
      'requests:register': () => {
        throw appError('outbox_queued');
      },
      'requests:answer': () => {
        throw appError('outbox_queued');
      },
    });
    const a = f.store.getState().actions.incidents;
    a.startRaise({});
    const raised = await a.raise({} as never);
    expect(raised).toEqual({ value: null, error: null, queued: true });
    expect(f.store.getState().incidents.prefill).toBeNull();
    expect((await a.registerRequest({} as never)).queued).toBe(true);
    expect(await a.answerRequest({} as never)).toBeNull();
    await new Promise((res) => setTimeout(res, 0));
    expect(f.count('client:status')).toBeGreaterThan(0);
    f.handlers['incidents:raise'] = () => {
      throw appError('invalid_input');
    };
    const refused = await a.raise({} as never);
    expect(refused.error?.code).toBe('invalid_input');
    expect(refused.queued).toBeFalsy();
  });
});
