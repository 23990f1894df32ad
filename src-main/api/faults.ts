/**
 * Fault text for logs: what went wrong, never what was sent. A fault is described by its
 * name, message and stack only (never the input, environment or other payloads), then passed
 * through `redactSecrets`, which masks what may still leak into a message: credentials in
 * URLs, `password`/`token` fields and query values, and the browser-mode token sub-protocol.
 */

const MAX_FAULT_TEXT = 4_000;
/** Longer log text is cut (a log line is for people, and the patterns below stay cheap). */
const MAX_LOG_TEXT = 16_000;

/** Masks credentials in free text (best effort; callers also keep secrets out of messages). */
export function redactSecrets(text: string): string {
  const cut = text.length > MAX_LOG_TEXT ? `${text.slice(0, MAX_LOG_TEXT)}…` : text;
  return cut
    .replace(/\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/?#@]{0,512}@/gi, '$1***@')
    .replace(/(\b(?:password|pass|pwd|passwd|token|auth|cap|launch)=)[^&#\s'"]*/gi, '$1***')
    .replace(/("(?:password|current|next|token|base64)"\s*:\s*")(?:[^"\\]|\\.)*"/gi, '$1***"')
    .replace(/\btoken\.[\w-]+/g, 'token.***');
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
