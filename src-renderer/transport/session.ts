/**
 * Browser-mode credentials. The per-launch token arrives once in the URL hash (`#token=…`);
 * it is kept in sessionStorage (this tab only) and removed from the visible URL. A random
 * session key kept in localStorage lets main resume the same session after a reload.
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
