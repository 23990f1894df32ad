import type { User } from '../../src-shared/domain/org';
import type { Reply } from '../../src-shared/contract';

/** Who is calling, as the transport knows it. Sessions are per window (IPC) or per socket (WS). */
export interface CallContext {
  /** Stable id of the caller's session (e.g. `ipc:<webContentsId>`, `ws:<n>`, `cli`). */
  sessionId: string;
  transport: 'ipc' | 'ws' | 'cli' | 'test';
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

/** In-process callers only (CLI, tests): bind a session to a user without a password. */
export interface TrustedDispatcher extends Dispatcher {
  adopt(sessionId: string, userId: string): void;
  /** The signed-in, unlocked user of a session, or null (for side channels such as video). */
  sessionUser(sessionId: string): User | null;
}
