/**
 * The messages between Electron's main process (the relay, relay.ts) and the core process (an
 * Electron utility process running core-entry.ts, core-host.ts), both ways validated with zod:
 * each side drops — and logs — a message that does not parse, and never crashes on one.
 *
 *   main → core   init (first, with the MessagePort) · call · end · attach · detach · ping · push-ack · close
 *   core → main   ready | failed · reply · pong · push · closed
 *
 * A call's reply is posted only once the dispatcher has answered, i.e. after the SQLite commit
 * of whatever it wrote (docs/architecture.md, “Process layout”): an acknowledged write is on disk.
 * Imports nothing from electron: the same protocol runs over a node child_process in tests and
 * benchmarks.
 */
import { z } from 'zod';
import { deviceRecord } from '../client/device';
import { ERROR_CODES } from '../../src-shared/errors';
import type { AppErrorData } from '../../src-shared/errors';
import type { Reply } from '../../src-shared/contract';

const appErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  field: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** A push frame as the core's push hub hands it to a session's sink (topic, journal/topic seq, data). */
export const pushFrameSchema = z.object({ topic: z.string().min(1).max(200), seq: z.number(), data: z.unknown().optional() });
export type PushFrame = z.output<typeof pushFrameSchema>;

/** What the core needs to open: the station file and where it logs faults. */
export const coreInitSchema = z.object({
  dbPath: z.string().min(1),
  nativeBinding: z.string().min(1).optional(),
  /** Fault log file (the main process's own, appended to by both). */
  faultLog: z.string().min(1).optional(),
  /** Origins whose pages may open the core's loopback server (the app's own). */
  allowOrigins: z.array(z.string()).max(10).default([]),
  /** Directory of static files the loopback server may serve (none in Electron). */
  staticDir: z.string().min(1).optional(),
  /**
   * A workstation or wall (role.json beside dbPath): the paired station, its credential unsealed
   * by the main process (safeStorage is main's). The core process then runs the client in front
   * of that station instead of opening a database (src-main/client/local.ts).
   */
  device: deviceRecord.optional(),
});
export type CoreInit = z.input<typeof coreInitSchema>;

const sessionId = z.string().min(1).max(200);

export const toCoreSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('init'), init: coreInitSchema }),
  z.object({ kind: z.literal('call'), id: z.number().int().nonnegative(), sessionId, channel: z.string().min(1).max(200), input: z.unknown() }),
  z.object({ kind: z.literal('end'), sessionId }),
  z.object({ kind: z.literal('attach'), sessionId }),
  z.object({ kind: z.literal('detach'), sessionId }),
  z.object({ kind: z.literal('ping'), n: z.number().int() }),
  z.object({ kind: z.literal('push-ack'), sessionId, count: z.number().int().positive() }),
  z.object({ kind: z.literal('close') }),
]);
export type ToCore = z.input<typeof toCoreSchema>;

const replySchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);

export const fromCoreSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready'), loopbackUrl: z.string().optional() }),
  z.object({ kind: z.literal('failed'), error: appErrorSchema }),
  z.object({ kind: z.literal('reply'), id: z.number().int().nonnegative(), reply: replySchema }),
  z.object({ kind: z.literal('pong'), n: z.number().int() }),
  z.object({ kind: z.literal('push'), sessionId, frame: pushFrameSchema }),
  z.object({ kind: z.literal('closed') }),
]);
export type FromCore = z.input<typeof fromCoreSchema>;

/** The typed answer to a call that the core can no longer confirm (crashed, blocked, stopped). */
export function unavailableReply(message: string, reason: string): Reply<never> {
  const error: AppErrorData = { code: 'unavailable', message, params: { reason } };
  return { ok: false, error };
}

/** How a core process looks from the relay: a message port plus its life. */
export interface CoreProcess {
  post(msg: ToCore): void;
  onMessage(fn: (msg: unknown) => void): void;
  /** Called once when the process has exited (code, or null when killed by a signal). */
  onExit(fn: (code: number | null) => void): void;
  /** Ends the process now (SIGKILL where the platform has it). */
  kill(): void;
}

/** How the host (core side) sees its link to main. */
export interface HostPort {
  post(msg: FromCore): void;
  onMessage(fn: (msg: unknown) => void): void;
  /** Called when main is gone (port closed, parent exited): the core closes and exits. */
  onClose(fn: () => void): void;
}
