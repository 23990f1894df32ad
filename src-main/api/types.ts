import type { User } from '../../src-shared/domain/org';
import type { Reply } from '../../src-shared/contract';
import type { DeviceInfo } from '../../src-shared/domain/devices';

/** Who is calling, as the transport knows it. Sessions are per window (IPC) or per socket (WS). */
export interface CallContext {
  /** Stable id of the caller's session (e.g. `ipc:<webContentsId>`, `ws:<n>`, `cli`). */
  sessionId: string;
  transport: 'ipc' | 'ws' | 'cli' | 'test';
  /** The paired device the call came through (LAN); absent on the station's own screens. */
  device?: DeviceInfo;
  /**
   * The client's id for this write (a UUID made when the officer pressed the button, kept in
   * its outbox): a resent id is answered with the stored reply, never run twice (src-main/api/requests.ts).
   */
  requestId?: string;
}

/**
 * The one entry point both transports use. `input` is untrusted: the dispatcher validates it
 * with the channel's zod schema and answers a typed error — it never throws.
 */
export interface Dispatcher {
  call(channel: string, input: unknown, ctx: CallContext): Promise<Reply<unknown>>;
  /** Forget a session (window closed, socket gone). */
  endSession(sessionId: string): void;
}

/**
 * Why a session stopped being signed in and unlocked: signed out, locked by hand, locked after
 * the station's idle time, its user changed or was deactivated, or the session was forgotten.
 */
export type SessionEndReason = 'logout' | 'lock' | 'idle' | 'user_changed' | 'deactivated' | 'ended';

/** In-process callers only (CLI, tests): bind a session to a user without a password. */
export interface TrustedDispatcher extends Dispatcher {
  /**
   * Listen for sessions that stop being signed in and unlocked (streams opened under them must
   * close at once). Returns the unsubscribe function. A throwing listener is logged, not rethrown.
   */
  onSessionEnd(fn: (sessionId: string, reason: SessionEndReason) => void): () => void;
  /** Locks every session idle past the station's idle time now (idle lock is otherwise found on the next call). */
  sweepIdle(): void;
  adopt(sessionId: string, userId: string): void;
  /** The signed-in, unlocked user of a session, or null (for side channels such as video). */
  sessionUser(sessionId: string): User | null;
}
