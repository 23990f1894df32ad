import { contract } from '../../src-shared/contract';
import { TIME_OUT_OF_RANGE, withClock } from '../../src-shared/contract/schemas';
import { formatDate, formatTime } from '../../src-shared/time/shift';
import type { Channel } from '../../src-shared/contract';
import type { Access } from '../../src-shared/contract/define';
import { AppError, isAppErrorData } from '../../src-shared/errors';
import type { AppErrorData } from '../../src-shared/errors';
import type { User } from '../../src-shared/domain/org';
import type { DeviceInfo } from '../../src-shared/domain/devices';
import type { CallContext, SessionEndReason, TrustedDispatcher } from './types';
import type { Reply } from '../../src-shared/contract';
import { describeFault, redactSecrets } from './faults';
import type { BoundHandlers, Services, Session } from '../modules/types';
import { REQUEST_ID } from './requests';
import type { AppliedRequests, RequestKey } from './requests';
import { isWallDevice, wallStands } from '../devices/policy';

/**
 * What the dispatcher works with: the clock, the station (idle lock), the users (sessions),
 * the camera registry (stored passwords masked in logs) and the handler table the composition
 * root derived from the modules (src-main/modules/index.ts).
 */
export interface DispatcherDeps extends Pick<Services, 'clock' | 'station' | 'users' | 'cameras'> {
  handlers: BoundHandlers;
  /** Exactly-once resends (a call with a `requestId`); without it the id is ignored. */
  requests?: AppliedRequests;
}

/** A device in a call's context, as the LAN listener sets it (anything else is ignored). */
function isDeviceInfo(v: unknown): v is DeviceInfo {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  return typeof d.id === 'string' && typeof d.name === 'string' && (d.role === 'workstation' || d.role === 'wall');
}

/** A reply answered again for a resent requestId carries `replayed: true` beside it. */
export type DispatchedReply = Reply<unknown> & { replayed?: true };

/** dd/mm/yyyy HH:mm, Vietnam time, for the bounds of a refused time. */
const vnDateTime = (ms: number): string => `${formatDate(ms)} ${formatTime(ms)}`;

function zodError(issues: { path: PropertyKey[]; message: string; code?: string; params?: Record<string, unknown> }[]): AppErrorData {
  const first = issues[0];
  // a check that knows its own typed error (e.g. a date range) passes it in the issue's params
  const own = (first?.params as { appError?: unknown } | undefined)?.appError;
  if (isAppErrorData(own)) return own;
  const field = first ? first.path.map(String).join('.') : '';
  if (first?.code === 'custom' && first.params?.appCode === TIME_OUT_OF_RANGE) {
    const { min, max } = first.params as { min: number; max?: number };
    const params: Record<string, string> = { min: vnDateTime(min), ...(max !== undefined ? { max: vnDateTime(max) } : {}) };
    return { code: 'time_out_of_range', field, params, message: `${field}: ${first.message}` };
  }
  const d: AppErrorData = {
    code: 'invalid_input',
    message: issues.map((i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`).join('; '),
  };
  if (field) d.field = field;
  return d;
}

function allowed(access: Access, user: User | null): boolean {
  if (access === 'public') return true;
  if (!user || !user.active) return false;
  if (access === 'user') return true;
  return user.roles.some((r) => access.includes(r));
}

/**
 * Validates every call against the contract (channel, input schema, access), runs the handler
 * and answers a typed reply. Bad input or a failing handler never throws to the transport.
 */
export function createDispatcher(core: DispatcherDeps, log: (msg: string) => void = (m) => console.error(m)): TrustedDispatcher {
  const sessions = new Map<string, Session>();
  /**
   * Sessions of a paired wall device (set from the call's device, which only the LAN listener
   * sets): never idle-locked, so the wall never goes dark (docs/security.md, "A wall device's
   * standing principal"); an officer may still lock or sign out by hand.
   */
  const wallSessions = new Set<string>();
  const idles = (s: Session, now: number) => s.userId !== null && !s.locked && !wallSessions.has(s.id) && now - s.lastActive > idleLimitMs();
  const session = (id: string): Session => {
    let s = sessions.get(id);
    if (!s) {
      s = { id, userId: null, locked: false, lastActive: core.clock.now() };
      sessions.set(id, s);
    }
    return s;
  };

  const endListeners = new Set<(sessionId: string, reason: SessionEndReason) => void>();
  const announce = (sessionId: string, reason: SessionEndReason) => {
    for (const fn of [...endListeners]) {
      try {
        fn(sessionId, reason);
      } catch (e) {
        safeLog(`[dispatcher] session-end listener: ${describeFault(e)}`);
      }
    }
  };
  /** A session that was signed in and unlocked and no longer is (or changed user) is announced. */
  const announceChange = (s: Session, before: { userId: string | null; active: boolean }) => {
    if (!before.active) return;
    if (!s.userId) announce(s.id, 'logout');
    else if (s.userId !== before.userId) announce(s.id, 'user_changed');
    else if (s.locked) announce(s.id, 'lock');
  };
  const idleLimitMs = () => (core.station.get()?.idleLockMinutes ?? 10) * 60_000;

  const INTERNAL = { code: 'internal', message: 'internal error; the operation was not completed' } as const;
  const safeLog = (text: string) => {
    let out = redactSecrets(text);
    try {
      out = core.cameras.redact(out); // stored camera passwords as well
    } catch {
      // the database may be closing; the pattern-based redaction above still applies
    }
    try {
      log(out);
    } catch {
      // a failing logger must not turn a reply into a crash
    }
  };

  async function dispatch(channel: string, input: unknown, ctx: CallContext): Promise<Reply<unknown>> {
    if (!Object.hasOwn(contract, channel)) {
      const name = channel.slice(0, 64);
      return { ok: false, error: { code: 'unknown_channel', message: `unknown channel ${name}`, params: { channel: name } } };
    }
    const ch = channel as Channel;
    const def = contract[ch];
    const now = core.clock.now();
    // the time schemas check "not too far in the future" against the core's clock
    const parsed = withClock(now, () => def.input.safeParse(input ?? {}));
    if (!parsed.success) return { ok: false, error: zodError(parsed.error.issues) };
    const s = session(ctx.sessionId);
    if (isWallDevice(ctx.device)) wallSessions.add(s.id);
    if (idles(s, now)) {
      s.locked = true;
      announce(s.id, 'idle');
    }
    let user = s.userId ? core.users.byId(s.userId) : null;
    if (user && !user.active) {
      const wasActive = !s.locked;
      s.userId = null;
      user = null;
      if (wasActive) announce(s.id, 'deactivated');
    }
    // a wall's standing reads answer for the wall device itself, with or without an officer
    if (def.access !== 'public' && !wallStands(ctx.device, ch)) {
      if (!user) throw new AppError(core.station.get() ? 'not_authenticated' : 'setup_required', 'sign in first');
      if (s.locked) throw new AppError('session_locked', 'the screen is locked; unlock with your password');
      // a temporary password is replaced before anything else (sign-in hardening)
      if (s.mustChangePassword && ch !== 'users:changePassword') {
        throw new AppError('password_change_required', 'change the temporary password first', { params: { channel: ch } });
      }
      if (!allowed(def.access, user)) {
        throw new AppError('forbidden', `${user.login} may not call ${ch}`, { params: { channel: ch } });
      }
      s.lastActive = now;
    }
    const fn = core.handlers[ch];
    if (!fn) throw new Error(`no module handles ${ch}`);
    const before = { userId: s.userId, active: s.userId !== null && !s.locked };
    try {
      const value = await fn(parsed.data, { session: s, user, ctx });
      return { ok: true, value };
    } finally {
      announceChange(s, before);
    }
  }

  const fault = (name: string, e: unknown): Reply<unknown> => {
    if (e instanceof AppError) {
      try {
        return { ok: false, error: e.toData() };
      } catch {
        return { ok: false, error: { ...INTERNAL } };
      }
    }
    safeLog(`[dispatcher] ${name}: ${describeFault(e)}`);
    return { ok: false, error: { ...INTERNAL } };
  };
  const answer = async (channel: string, input: unknown, ctx: CallContext): Promise<Reply<unknown>> => {
    try {
      return await dispatch(channel, input, ctx);
    } catch (e) {
      return fault(channel.slice(0, 64), e);
    }
  };

  /** Calls with a requestId in flight, so a resend while the first is still running waits for it. */
  const running = new Map<string, Promise<Reply<unknown>>>();
  /**
   * A call with a requestId runs at most once per device: an id already applied is answered
   * with its stored reply (`replayed`), one still running with that run's reply; otherwise the
   * handler runs with the id in context, so its first append records it in the same
   * transaction (src-main/api/requests.ts).
   */
  const once = async (requests: AppliedRequests, channel: string, input: unknown, ctx: CallContext): Promise<DispatchedReply> => {
    const key: RequestKey = { deviceId: ctx.device?.id ?? '', requestId: ctx.requestId! };
    const k = `${key.deviceId}\u0000${key.requestId}`;
    const inFlight = running.get(k);
    if (inFlight) return { ...(await inFlight), replayed: true };
    const stored = requests.lookup(key);
    if (stored) return { ...stored, replayed: true };
    const run = requests.run(key, channel, () => answer(channel, input, ctx)).then((reply) => {
      try {
        requests.settle(key, channel, reply);
      } catch (e) {
        // the id is recorded with its event (if any); only the stored reply is missing
        safeLog(`[dispatcher] storing the reply of a request: ${describeFault(e)}`);
      }
      return reply;
    });
    running.set(k, run);
    try {
      return await run;
    } finally {
      running.delete(k);
    }
  };

  return {
    /**
     * Total: whatever `channel`, `input` and `ctx` are (any type, hostile toString/valueOf or
     * getters, proxies that throw), it settles with a typed reply and never throws or rejects.
     */
    async call(channel: unknown, input: unknown, ctx: unknown): Promise<DispatchedReply> {
      let name = '(not a string)';
      try {
        if (typeof channel !== 'string') {
          return { ok: false, error: { code: 'unknown_channel', message: `unknown channel (${typeof channel})`, params: { channel: `(${typeof channel})` } } };
        }
        name = channel.slice(0, 64);
        const sessionId = typeof ctx === 'object' && ctx !== null ? (ctx as { sessionId?: unknown }).sessionId : undefined;
        if (typeof sessionId !== 'string' || sessionId.length === 0 || sessionId.length > 200) {
          return { ok: false, error: { code: 'invalid_input', message: 'call without a session', field: 'session' } };
        }
        const transport = (ctx as { transport?: unknown }).transport;
        const safeCtx: CallContext = { sessionId, transport: transport === 'ipc' || transport === 'ws' || transport === 'cli' ? transport : 'test' };
        const device = (ctx as { device?: unknown }).device;
        if (isDeviceInfo(device)) safeCtx.device = { id: device.id, name: device.name, role: device.role };
        const requestId = (ctx as { requestId?: unknown }).requestId;
        if (requestId !== undefined) {
          if (typeof requestId !== 'string' || !REQUEST_ID.test(requestId)) {
            return { ok: false, error: { code: 'invalid_input', message: 'requestId: expected a UUID', field: 'requestId' } };
          }
          safeCtx.requestId = requestId.toLowerCase();
        }
        if (safeCtx.requestId && core.requests) return await once(core.requests, channel, input, safeCtx);
        return await answer(channel, input, safeCtx);
      } catch (e) {
        return fault(name, e);
      }
    },
    sessionUser(sessionId: string) {
      const s = sessions.get(sessionId);
      if (!s || !s.userId || s.locked || s.mustChangePassword) return null;
      if (!wallSessions.has(s.id) && core.clock.now() - s.lastActive > idleLimitMs()) return null;
      const user = core.users.byId(s.userId);
      return user && user.active ? user : null;
    },
    adopt(sessionId: string, userId: string) {
      const s = session(sessionId);
      s.userId = userId;
      s.locked = false;
      s.mustChangePassword = false;
      s.lastActive = core.clock.now();
    },
    endSession(sessionId: string) {
      const s = sessions.get(sessionId);
      sessions.delete(sessionId);
      wallSessions.delete(sessionId);
      if (s && s.userId && !s.locked) announce(sessionId, 'ended');
    },
    onSessionEnd(fn) {
      endListeners.add(fn);
      return () => endListeners.delete(fn);
    },
    sweepIdle() {
      try {
        const now = core.clock.now();
        for (const s of sessions.values()) {
          if (idles(s, now)) {
            s.locked = true;
            announce(s.id, 'idle');
          }
        }
      } catch (e) {
        safeLog(`[dispatcher] idle sweep: ${describeFault(e)}`);
      }
    },
  };
}
