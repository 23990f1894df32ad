/**
 * The /ws message envelope, validated at the socket before anything reads it:
 * `{ id?: number | string | null, channel: string, input?: unknown, requestId?: string }` as one UTF-8 JSON text
 * frame. Whatever else arrives (binary, invalid JSON, any other JSON type or shape, nesting
 * deeper than MAX_DEPTH) is answered with a typed `invalid_input` and never reaches the
 * dispatcher. The input itself is checked by the channel's schema in the dispatcher.
 */
import { z } from 'zod';
import type { Reply } from '../../src-shared/contract';
import type { AppErrorData } from '../../src-shared/errors';
import type { PushFrame } from '../../src-shared/contract/topics';

/** Deepest nesting of arrays/objects accepted in a message (the contract's inputs need < 10). */
export const MAX_DEPTH = 64;

const envelopeSchema = z.object({
  id: z.union([z.number().finite(), z.string().max(128)]).nullable().optional(),
  channel: z.string().min(1).max(128),
  input: z.unknown().optional(),
  // a client's id for a write it may resend (exactly once: src-main/api/requests.ts); the dispatcher checks its form
  requestId: z.string().max(64).optional(),
});

export type Envelope = { id: number | string | null; channel: string; input: unknown; requestId?: string };

/** Nesting depth of a JSON text, counted without parsing (strings skipped); stops past `limit`. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** The id of a message that failed validation, when it can be read safely; else null. */
function salvageId(value: unknown): number | string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const id = Object.hasOwn(value, 'id') ? (value as { id?: unknown }).id : undefined;
  if (typeof id === 'number' && Number.isFinite(id)) return id;
  if (typeof id === 'string' && id.length <= 128) return id;
  return null;
}

export type ParsedMessage = { ok: true; msg: Envelope } | { ok: false; id: number | string | null; error: AppErrorData };

const bad = (id: number | string | null, message: string, field?: string): ParsedMessage => ({
  ok: false,
  id,
  error: field ? { code: 'invalid_input', message, field } : { code: 'invalid_input', message },
});

/** Parses one /ws frame. Total: never throws, whatever the bytes. */
export function parseMessage(raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): ParsedMessage {
  try {
    if (isBinary) return bad(null, 'binary messages are not accepted; send one JSON text message per call');
    const buf = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    const text = buf.toString('utf8');
    if (jsonDepthExceeds(text, MAX_DEPTH)) return bad(null, `message nested deeper than ${MAX_DEPTH} levels`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return bad(null, 'malformed message: not JSON');
    }
    const r = envelopeSchema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
      return bad(salvageId(value), `malformed message: expected {id, channel, input}${field ? ` (${field}: ${issue!.message})` : ''}`, field);
    }
    const msg: Envelope = { id: r.data.id ?? null, channel: r.data.channel, input: r.data.input };
    if (r.data.requestId !== undefined) msg.requestId = r.data.requestId;
    return { ok: true, msg };
  } catch {
    return bad(null, 'malformed message');
  }
}

const INTERNAL: AppErrorData = { code: 'internal', message: 'internal error; the operation was not completed' };

/**
 * The reply frame for a call; a value that cannot be serialised becomes a typed `internal`.
 * A reply answered again for a resent requestId goes out as `{ id, reply, replayed: true }`.
 */
export function replyFrame(id: number | string | null, reply: Reply<unknown> & { replayed?: true }): string {
  try {
    if (reply.replayed) {
      const { replayed: _replayed, ...plain } = reply;
      return JSON.stringify({ id, reply: plain, replayed: true });
    }
    return JSON.stringify({ id, reply });
  } catch {
    return JSON.stringify({ id, reply: { ok: false, error: INTERNAL } });
  }
}

/**
 * A server-initiated frame on /ws: `{ push: { topic, seq, data? } }` — never an `id`, so a
 * client tells it from a reply (docs/architecture.md, "Push"). A frame whose data cannot be
 * serialised goes out as a 'resync' (the client refetches).
 */
export function pushEnvelope(frame: PushFrame): string {
  try {
    return JSON.stringify({ push: frame });
  } catch {
    return JSON.stringify({ push: { topic: 'resync', seq: frame.seq } });
  }
}
