/**
 * What the CLI prints must not drive the administrator's terminal. Entry texts, names and
 * places come from officers (and later from HQ sync); printed raw, an ESC sequence in one could
 * clear the screen, set the window title, rewrite earlier lines or (with some terminals) answer
 * back into the shell, and a bidi override (U+202E) can make a line read differently from
 * what it holds. Every line the CLI prints goes through `terminalSafe`.
 *
 * Each such character is written as a JSON-style `\uXXXX` escape. JSON.stringify already
 * escapes the C0 controls but leaves DEL, C1 (U+0080–U+009F, where U+009B is CSI) and the
 * bidi controls raw; escaping them the same way keeps `--json` output valid JSON with the
 * same value. Tab and line feed are kept (entry texts have lines).
 */

/** C0 controls but tab and LF, DEL, C1 controls, and the invisible bidi controls. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;

export function terminalSafe(s: string): string {
  return s.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface PrintIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** `io` with every printed string passed through `terminalSafe`. */
export function safeIo(io: PrintIo): PrintIo {
  return { out: (s) => io.out(terminalSafe(s)), err: (s) => io.err(terminalSafe(s)) };
}
