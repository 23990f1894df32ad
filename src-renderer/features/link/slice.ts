/**
 * The link to the station, on a workstation or wall (docs/architecture.md, "Clients of a
 * station"): whether the station can be reached and since when, and the outbox of writes kept
 * while it could not ("chưa gửi") or refused when sent again. Read from the client process with
 * `client:status` whenever it pushes the `link` topic; on the station itself it says
 * `role: 'station'` and nothing is shown. Outlives a sign-out (it is the machine's, not the session's).
 */
import type { ClientStatus, PairedDevice } from '../../../src-shared/contract/client';
import type { InputOf } from '../../../src-shared/contract';
import type { ClientError } from '../../transport/errors';
import { toClientError } from '../../transport/errors';
import type { RootState, SliceCtx } from '../../store/types';
import { defineSlice, patch } from '../../store/types';

export interface LinkSliceState {
  status: ClientStatus | null;
}

export interface LinkActions {
  load(): Promise<void>;
  dismiss(requestId: string): Promise<void>;
  /** First run: make this installation a workstation or wall of a station (client:pair). */
  pair(input: InputOf<'client:pair'>): Promise<{ paired: PairedDevice; error: null } | { paired: null; error: ClientError }>;
}

export function createLinkActions(ctx: SliceCtx): LinkActions {
  const { set, call } = ctx;
  const actions: LinkActions = {
    async load() {
      try {
        patch(set, 'link', { status: await call('client:status', {}) });
      } catch {
        // the local process is the one thing always there; if not, the app's own banner says so
      }
    },
    async dismiss(requestId) {
      try {
        await call('client:dismissRefused', { requestId });
      } catch (e) {
        ctx.report(e);
      }
      await actions.load();
    },
    async pair(input) {
      try {
        return { paired: await call('client:pair', input), error: null };
      } catch (e) {
        return { paired: null, error: toClientError(e) };
      }
    },
  };
  return actions;
}

export const linkSlice = defineSlice({
  key: 'link',
  initial: (): LinkSliceState => ({ status: null }),
  actions: createLinkActions,
  keepOnSignOut: ['status'],
});

const client = (s: RootState) => (s.link.status && s.link.status.role !== 'station' ? s.link.status : null);

export const linkSelectors = {
  /** The client's status; null on the station (or before it is known). */
  client,
  /** Since when the station cannot be reached (ms), or null while it can (or on the station). */
  downSince: (s: RootState) => {
    const c = client(s);
    return c && !c.connected ? (c.downSince ?? 0) : null;
  },
};
