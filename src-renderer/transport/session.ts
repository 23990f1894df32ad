/**
 * Browser-mode credentials. The per-launch token arrives once in the URL hash (`#token=…`,
 * the address `trucban serve` prints), or is traded for a one-time launch code (`#launch=…`,
 * the address a launched browser gets on its command line, where every local user could read
 * it) with POST /launch, the code in a header; either way it is kept in sessionStorage (this
 * tab only), removed from the visible URL, and never sent in a request line. A random session
 * key kept in localStorage lets main resume the same session after a reload.
 */
const TOKEN_KEY = 'trucban.token';
const SESSION_KEY = 'trucban.session';
const SESSION_RE = /^[A-Za-z0-9_-]{22,64}$/;

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** Moves `#token=…` from the address bar into sessionStorage; returns the token or null. */
export function takeToken(loc: Location = window.location, hist: History = window.history): string | null {
  const hash = loc.hash.startsWith('#') ? loc.hash.slice(1) : loc.hash;
  const fromUrl = hash ? new URLSearchParams(hash).get('token') : null;
  if (fromUrl) {
    safe(() => window.sessionStorage.setItem(TOKEN_KEY, fromUrl), undefined);
    hist.replaceState(hist.state, '', loc.pathname + loc.search);
    return fromUrl;
  }
  return safe(() => window.sessionStorage.getItem(TOKEN_KEY), null);
}

/** Moves `#launch=…` out of the address bar; returns the one-time code or null. */
export function takeLaunchCode(loc: Location = window.location, hist: History = window.history): string | null {
  const hash = loc.hash.startsWith('#') ? loc.hash.slice(1) : loc.hash;
  const code = hash ? new URLSearchParams(hash).get('launch') : null;
  if (!code) return null;
  hist.replaceState(hist.state, '', loc.pathname + loc.search);
  return code;
}

/** Trades a launch code for the token (once); null when the code is refused or expired. */
export async function redeemLaunchCode(code: string, fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<string | null> {
  try {
    const res = await fetchImpl('/launch', { method: 'POST', headers: { 'x-trucban-launch': code }, cache: 'no-store', credentials: 'omit' });
    if (!res.ok) return null;
    const body = (await res.json()) as { token?: unknown };
    if (typeof body.token !== 'string' || !body.token) return null;
    const token = body.token;
    safe(() => window.sessionStorage.setItem(TOKEN_KEY, token), undefined);
    return token;
  } catch {
    return null;
  }
}

function randomKey(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The random session key (24 url-safe characters), created on first use. */
export function sessionKey(): string {
  const existing = safe(() => window.localStorage.getItem(SESSION_KEY), null);
  if (existing && SESSION_RE.test(existing)) return existing;
  const key = randomKey();
  safe(() => window.localStorage.setItem(SESSION_KEY, key), undefined);
  return key;
}
