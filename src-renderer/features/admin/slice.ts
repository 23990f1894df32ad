import type { InputOf } from '../../../src-shared/contract';
import type { OrgUnit, QuarantineReport, User } from '../../../src-shared/domain/org';
import type { DeviceRow, PairingCode } from '../../../src-shared/contract/devices';
import type { DeviceRole } from '../../../src-shared/domain/devices';
import type { LanView } from '../../../src-shared/domain/lan';
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
  /** The station's paired devices (admin only). */
  devices: DeviceRow[];
  /** The pairing code just made, shown until it is used, expires or is dismissed. */
  pairing: PairingCode | null;
  /** LAN access: setting, listener state, fingerprint, this machine's interfaces (admin only; null until loaded). */
  lan: LanView | null;
}

export const initialAdminState: AdminSliceState = { users: [], units: [], quarantine: null, devices: [], pairing: null, lan: null };

export type NewUserInput = InputOf<'users:create'>;

export interface AdminActions {
  loadUsers(): Promise<void>;
  createUser(input: NewUserInput): Promise<ClientError | null>;
  setUserActive(id: string, active: boolean): Promise<ClientError | null>;
  loadUnits(): Promise<void>;
  loadQuarantine(): Promise<void>;
  loadDevices(): Promise<void>;
  /** A one-time pairing code for a new workstation or wall (shown by the Devices panel). */
  pairDevice(name: string, role: DeviceRole): Promise<ClientError | null>;
  dismissPairing(): void;
  revokeDevice(deviceId: string, reason: string): Promise<ClientError | null>;
  loadLan(): Promise<void>;
  /** Turns LAN access on/off, with its addresses and port; the listener follows at once. */
  setLan(input: InputOf<'station:setLan'>): Promise<ClientError | null>;
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
    async loadDevices() {
      try {
        patch(set, 'admin', { devices: await call('devices:list', {}) });
      } catch (e) {
        ctx.report(e);
      }
    },
    async pairDevice(name, role) {
      try {
        patch(set, 'admin', { pairing: await call('devices:pair', { name, role }) });
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    dismissPairing() {
      patch(set, 'admin', { pairing: null });
    },
    async revokeDevice(deviceId, reason) {
      try {
        await call('devices:revoke', reason ? { deviceId, reason } : { deviceId });
        await actions.loadDevices();
        return null;
      } catch (e) {
        return toClientError(e);
      }
    },
    async loadLan() {
      try {
        patch(set, 'admin', { lan: await call('station:lan', {}) });
      } catch (e) {
        ctx.report(e);
      }
    },
    async setLan(input) {
      try {
        patch(set, 'admin', { lan: await call('station:setLan', input) });
        return null;
      } catch (e) {
        return toClientError(e);
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
  devices: (s: RootState) => s.admin.devices,
  pairing: (s: RootState) => s.admin.pairing,
  unitNames: memoSelector(
    (s: RootState) => [s.admin.units] as const,
    (units) => new Map(units.map((u) => [u.code, u.shortName || u.name])),
  ),
};
