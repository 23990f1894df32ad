/**
 * Fault text for logs: what went wrong, never what was sent. A fault is described by its
 * name, message and stack only (never the input, environment or other payloads), then passed
 * through `redactSecrets`: the shared `redact` (src-shared/text/redact.ts), which masks what may
 * still leak into a message: credentials in URLs, `password`/`token` fields and query values, and
 * the browser-mode token sub-protocol.
 */
import { redact } from '../../src-shared/text/redact';

const MAX_FAULT_TEXT = 4_000;
/** Longer log text is cut (a log line is for people, and the patterns below stay cheap). */
const MAX_LOG_TEXT = 16_000;

/** Log text through the code base's one masking function, cut to a readable length first. */
export function redactSecrets(text: string): string {
  return redact(text.length > MAX_LOG_TEXT ? `${text.slice(0, MAX_LOG_TEXT)}…` : text);
}

/** Name, message and stack of a thrown value, safely (a hostile value cannot make this throw). */
export function describeFault(err: unknown): string {
  try {
    if (err instanceof Error) {
      const stack = typeof err.stack === 'string' ? err.stack : `${String(err.name)}: ${String(err.message)}`;
      return redactSecrets(stack.slice(0, MAX_FAULT_TEXT));
    }
    return `non-error thrown (${err === null ? 'null' : typeof err})`;
  } catch {
    return 'unreadable fault';
  }
}
