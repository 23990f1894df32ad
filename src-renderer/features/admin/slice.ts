import type { InputOf } from '../../../src-shared/contract';
import type { OrgUnit, QuarantineReport, User } from '../../../src-shared/domain/org';
import { toClientError } from '../../transport/errors';
import type { ClientError } from '../../transport/errors';
import { memoSelector } from '../../store/memo';
import type { RootState, SliceCtx } from '../../store/types';
import { defineSlice, patch } from '../../store/types';

export interface AdminSliceState {
  users: User[];
  /** Customs units valid today (organisation catalog), for unit-code suggestions and names. */
  units: OrgUnit[];
  /** Journal events that cannot be projected (admin only; null until loaded). */
  quarantine: QuarantineReport | null;
}

export const initialAdminState: AdminSliceState = { users: [], units: [], quarantine: null };

export type NewUserInput = InputOf<'users:create'>;

export interface AdminActions {
  loadUsers(): Promise<void>;
  createUser(input: NewUserInput): Promise<ClientError | null>;
  setUserActive(id: string, active: boolean): Promise<ClientError | null>;
  loadUnits(): Promise<void>;
  loadQuarantine(): Promise<void>;
}

export function createAdminActions(ctx: SliceCtx): AdminActions {
  const { set, get, call } = ctx;
  const actions: AdminActions = {
    async loadUsers() {
      try {
        patch(set, 'admin', { users: await call('users:list', {}) });
      } catch (e) {
        ctx.report(e);
      }
    },
    async createUser(input) {
      try {
        await call('users:create', input);
        await actions.loadUsers();
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    async setUserActive(id, active) {
      try {
        const u = await call('users:update', { id, active });
        patch(set, 'admin', { users: get().admin.users.map((x) => (x.id === u.id ? u : x)) });
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    async loadUnits() {
      try {
        patch(set, 'admin', { units: await call('org:list', {}) });
      } catch (e) {
        ctx.report(e);
      }
    },
    async loadQuarantine() {
      try {
        patch(set, 'admin', { quarantine: await call('journal:quarantine', { limit: 50 }) });
      } catch (e) {
        ctx.report(e);
      }
    },
  };
  return actions;
}

export const adminSlice = defineSlice({ key: 'admin', initial: () => ({ ...initialAdminState }), actions: createAdminActions });

export const adminSelectors = {
  users: (s: RootState) => s.admin.users,
  activeUsers: memoSelector((s: RootState) => [s.admin.users] as const, (users) => users.filter((u) => u.active)),
  units: (s: RootState) => s.admin.units,
  quarantine: (s: RootState) => s.admin.quarantine,
  unitNames: memoSelector(
    (s: RootState) => [s.admin.units] as const,
    (units) => new Map(units.map((u) => [u.code, u.shortName || u.name])),
  ),
};
