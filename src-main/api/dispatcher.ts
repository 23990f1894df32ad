import { contract } from '../../src-shared/contract';
import type { Channel } from '../../src-shared/contract';
import type { Access } from '../../src-shared/contract/define';
import { AppError, isAppErrorData } from '../../src-shared/errors';
import type { AppErrorData } from '../../src-shared/errors';
import type { User } from '../../src-shared/domain/org';
import type { Core } from '../app/core';
import type { CallContext, TrustedDispatcher } from './types';
import { handlers } from './handlers';
import type { Session } from './handlers';

function zodError(issues: { path: PropertyKey[]; message: string; params?: unknown }[]): AppErrorData {
  const first = issues[0];
  // a check that knows its own typed error (e.g. a date range) passes it in the issue's params
  const own = (first?.params as { appError?: unknown } | undefined)?.appError;
  if (isAppErrorData(own)) return own;
  const field = first ? first.path.map(String).join('.') : '';
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
export function createDispatcher(core: Core, log: (msg: string) => void = (m) => console.error(m)): TrustedDispatcher {
  const sessions = new Map<string, Session>();
  const session = (id: string): Session => {
    let s = sessions.get(id);
    if (!s) {
      s = { id, userId: null, locked: false, lastActive: core.clock.now() };
      sessions.set(id, s);
    }
    return s;
  };

  return {
    async call(channel: string, input: unknown, ctx: CallContext) {
      try {
        if (typeof channel !== 'string' || !Object.hasOwn(contract, channel)) {
          return { ok: false, error: { code: 'unknown_channel', message: `unknown channel ${String(channel).slice(0, 64)}`, params: { channel: String(channel).slice(0, 64) } } };
        }
        const ch = channel as Channel;
        const def = contract[ch];
        const parsed = def.input.safeParse(input ?? {});
        if (!parsed.success) return { ok: false, error: zodError(parsed.error.issues) };
        const s = session(ctx.sessionId);
        const now = core.clock.now();
        const idleMs = (core.station.get()?.idleLockMinutes ?? 10) * 60_000;
        if (s.userId && !s.locked && now - s.lastActive > idleMs) s.locked = true;
        let user = s.userId ? core.users.byId(s.userId) : null;
        if (user && !user.active) {
          s.userId = null;
          user = null;
        }
        if (def.access !== 'public') {
          if (!user) throw new AppError(core.station.get() ? 'not_authenticated' : 'setup_required', 'sign in first');
          if (s.locked) throw new AppError('session_locked', 'the screen is locked; unlock with your password');
          if (!allowed(def.access, user)) {
            throw new AppError('forbidden', `${user.login} may not call ${ch}`, { params: { channel: ch } });
          }
          s.lastActive = now;
        }
        const fn = handlers[ch] as (input: unknown, h: { core: Core; session: Session; user: User | null; ctx: CallContext }) => unknown;
        const value = await fn(parsed.data, { core, session: s, user, ctx });
        return { ok: true, value };
      } catch (e) {
        if (e instanceof AppError) return { ok: false, error: e.toData() };
        log(`[dispatcher] ${channel}: ${(e as Error).stack ?? String(e)}`);
        return { ok: false, error: { code: 'internal', message: 'internal error; the operation was not completed' } };
      }
    },
    sessionUser(sessionId: string) {
      const s = sessions.get(sessionId);
      if (!s || !s.userId || s.locked) return null;
      const idleMs = (core.station.get()?.idleLockMinutes ?? 10) * 60_000;
      if (core.clock.now() - s.lastActive > idleMs) return null;
      const user = core.users.byId(s.userId);
      return user && user.active ? user : null;
    },
    adopt(sessionId: string, userId: string) {
      const s = session(sessionId);
      s.userId = userId;
      s.locked = false;
      s.lastActive = core.clock.now();
    },
    endSession(sessionId: string) {
      sessions.delete(sessionId);
    },
  };
}
