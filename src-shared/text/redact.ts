/**
 * The one credential-masking function of the code base (docs/security.md, “Secrets stay secret”): every
 * log line, health reason, journaled fault text and error message that may hold a camera URL
 * or ffmpeg's words about one passes through `redact` before it leaves the stream that knew the
 * secret. Pure: no Node, no DOM (main and renderer may both use it).
 */

/** What every masked value becomes. */
export const MASK = '***';

/** Query / `;` parameters that name the account. */
export const USER_PARAMS = ['user', 'username', 'usr', 'userid', 'user_id', 'login', 'loginuse', 'account'] as const;
/** Query / `;` parameters that carry a password. */
export const PASSWORD_PARAMS = ['password', 'passwd', 'pass', 'pwd', 'pw', 'psw', 'loginpas', 'secret'] as const;
/** Query / `;` parameters that carry a token or key (stored like a password). */
export const TOKEN_PARAMS = ['auth', 'token', 'access_token', 'key', 'apikey', 'api_key', 'authkey'] as const;

export const CREDENTIAL_PARAMS: readonly string[] = [...USER_PARAMS, ...PASSWORD_PARAMS, ...TOKEN_PARAMS];

export type CredentialKind = 'user' | 'password';

/** 'user' for an account parameter, 'password' for a password/token one, null for anything else (case-insensitive). */
export function credentialParamKind(name: string): CredentialKind | null {
  const n = name.toLowerCase();
  if ((USER_PARAMS as readonly string[]).includes(n)) return 'user';
  if ((PASSWORD_PARAMS as readonly string[]).includes(n) || (TOKEN_PARAMS as readonly string[]).includes(n)) return 'password';
  return null;
}

const NAMES = [...CREDENTIAL_PARAMS].sort((a, b) => b.length - a.length).join('|');

/**
 * A credential parameter inside a URL's path or query: `?pwd=…`, `&user=…`, `;password=…`
 * (the ONVIF style). Group 1: separator and name up to `=`; group 2: the name; group 3: the value
 * (up to the next `&`, `;`, `#`, whitespace or quote).
 */
export const CREDENTIAL_PARAM_RE = new RegExp(`([?&;]\\s*(${NAMES})\\s*=)([^&;#\\s'"<>]*)`, 'gi');

/** `scheme://userinfo@`: group 1 the scheme, group 2 the userinfo (up to the last `@` before the host). */
const USERINFO_RE = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#'"<>]*)@/gi;
/** `Authorization: Basic …` / `Proxy-Authorization: Digest …` (header lines, also `authorization=`), to the end of the line. */
const AUTH_HEADER_RE = /\b((?:proxy-)?authorization\s*[:=]\s*)[^\r\n]*/gi;

/**
 * The app's own secrets, masked in text but never taken for camera credentials: the browser-mode
 * attachment capability and launch code (`?cap=`, `?launch=`), the token sub-protocol
 * (`token.…`), and password / token fields of a JSON message (a fault may quote its input).
 */
const APP_PARAM_RE = /([?&;#]\s*(?:cap|launch)\s*=)([^&;#\s'"<>]*)/gi;
/** `password=…` and the like in free text (an error message, a command someone typed), not only in URLs. */
const FREE_TEXT_SECRET_RE = /(\b(?:password|passwd|pass|pwd|secret|token)\s*=)[^&;#\s'"<>]*/gi;
const TOKEN_PROTOCOL_RE = /\btoken\.[\w-]+/g;
const JSON_SECRET_FIELD_RE = /("(?:password|current|next|token|base64)"\s*:\s*")(?:[^"\\]|\\.)*"/gi;

/** Known secret values shorter than this are not masked as free text (they would mask ordinary words and digits). */
export const MIN_SECRET_LENGTH = 4;

export interface RedactOptions {
  /** Secret values known to the caller (a camera's password, its username): masked wherever they occur, also percent-encoded. */
  secrets?: readonly (string | null | undefined)[];
}

function forms(secret: string): string[] {
  const out = new Set([secret, secret.normalize('NFC')]);
  for (const s of [...out]) {
    out.add(encodeURIComponent(s));
    try {
      out.add(decodeURIComponent(s));
    } catch {
      /* not percent-encoded */
    }
  }
  return [...out].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

/**
 * Masks every credential in `text`: the userinfo of any `scheme://user:pass@` URL (anywhere in
 * the text), every credential query or `;` parameter (`CREDENTIAL_PARAMS`, any case),
 * `Authorization:` headers, and each known secret value (as written, decoded or
 * percent-encoded; values of fewer than `MIN_SECRET_LENGTH` characters are only masked where
 * they sit in a URL), and the app's own secrets (`APP_PARAM_RE` and the two patterns after it).
 */
export function redact(text: string, opts: RedactOptions = {}): string {
  let out = text;
  const known = [...new Set((opts.secrets ?? []).flatMap((s) => (s ? forms(s) : [])))].sort((a, b) => b.length - a.length);
  for (const s of known) out = out.split(s).join(MASK);
  return out
    .replace(USERINFO_RE, `$1${MASK}:${MASK}@`)
    .replace(CREDENTIAL_PARAM_RE, `$1${MASK}`)
    .replace(AUTH_HEADER_RE, `$1${MASK}`)
    .replace(APP_PARAM_RE, `$1${MASK}`)
    .replace(FREE_TEXT_SECRET_RE, `$1${MASK}`)
    .replace(TOKEN_PROTOCOL_RE, `token.${MASK}`)
    .replace(JSON_SECRET_FIELD_RE, `$1${MASK}"`);
}

/**
 * The secret values a URL carries (userinfo and credential parameters, raw and decoded), to
 * pass as `secrets` when masking what a program told about that URL.
 */
export function secretsOf(url: string): string[] {
  const out = new Set<string>();
  const add = (v: string) => {
    if (!v || v === MASK) return;
    out.add(v);
    try {
      out.add(decodeURIComponent(v));
    } catch {
      /* keep the raw form */
    }
  };
  const m = /^[a-z][a-z0-9+.-]*:\/\/([^\s/?#]*)@/i.exec(url);
  if (m) {
    const info = m[1]!;
    const colon = info.indexOf(':');
    if (colon < 0) add(info);
    else {
      add(info.slice(0, colon));
      add(info.slice(colon + 1));
    }
  }
  for (const p of url.matchAll(CREDENTIAL_PARAM_RE)) add(p[3] ?? '');
  return [...out];
}
