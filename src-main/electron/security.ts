/**
 * Electron hardening (docs/security.md): pure helpers plus the session / webContents wiring.
 *
 * The app is served only from the privileged custom scheme `app://trucban/…`
 * (see protocol.ts). Every URL decision parses with `new URL()` and compares the parts;
 * nothing here uses string prefixes.
 */
import type { Session, WebContents, WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'trucban';
/** The app's origin, as a URL string (custom schemes have an opaque `URL.origin`, so compare parts). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // live video and attachments come from the core's loopback server (token-protected)
  "img-src 'self' data: blob: http://127.0.0.1:*",
  "media-src 'self' blob:",
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Hardened web preferences for every window (and the autoplay policy the lock screen's alarm needs). */
export function webPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    // the duty alarm must sound after a reload or a crash restart with nobody touching the
    // screen (docs/security.md, "Alarm sound"); only our own app:// pages load in these windows
    autoplayPolicy: 'no-user-gesture-required',
  };
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * True only for URLs of our app origin: scheme `app:`, host exactly `trucban` (Chromium
 * lower-cases hosts of standard schemes, so the comparison is case-insensitive), no port,
 * no user info. Everything else — other hosts, `trucban.evil`, `trucban@evil`, `file:`,
 * `http(s):`, `javascript:`, `data:`, `blob:`, `about:` — is denied.
 */
export function isAllowedAppUrl(url: string, appOrigin: string = APP_ORIGIN): boolean {
  if (typeof url !== 'string') return false;
  const u = parse(url);
  const o = parse(appOrigin);
  if (!u || !o || o.hostname === '') return false;
  return (
    u.protocol === o.protocol &&
    u.hostname !== '' &&
    u.hostname.toLowerCase() === o.hostname.toLowerCase() &&
    u.port === o.port &&
    u.username === '' &&
    u.password === ''
  );
}

/** True for an https URL without credentials: the only kind we hand to the OS browser. */
export function isExternalLinkAllowed(url: string): boolean {
  const u = parse(url);
  return !!u && u.protocol === 'https:' && u.hostname !== '' && u.username === '' && u.password === '';
}

const JOB_EXPORT_PATH = /^\/exports\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * True for a finished export's URL on the core's loopback server (`loopbackUrl`, e.g.
 * `http://127.0.0.1:PORT`): same scheme, host and port, no user info, path
 * `/exports/<job id>` and a `cap` parameter. The server still checks the capability.
 */
export function isLoopbackExportUrl(url: string, loopbackUrl: string | null | undefined): boolean {
  if (typeof url !== 'string' || !loopbackUrl) return false;
  const u = parse(url);
  const o = parse(loopbackUrl);
  if (!u || !o || o.protocol !== 'http:') return false;
  return (
    u.protocol === 'http:' &&
    u.hostname === o.hostname &&
    u.port === o.port &&
    u.username === '' &&
    u.password === '' &&
    JOB_EXPORT_PATH.test(u.pathname) &&
    u.searchParams.has('cap')
  );
}

/** Replace any Content-Security-Policy header (any case) with ours. */
export function withCsp(headers: Record<string, string[] | string> | undefined, csp: string = CONTENT_SECURITY_POLICY): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (k.toLowerCase() === 'content-security-policy') continue;
    out[k] = Array.isArray(v) ? v : [v];
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}

export interface HardenOptions {
  appOrigin?: string;
}

/** Deny every permission request and check; set our CSP on app responses. */
export function hardenSession(session: Session, opts: HardenOptions = {}): void {
  const appOrigin = opts.appOrigin ?? APP_ORIGIN;
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (isAllowedAppUrl(details.url, appOrigin)) callback({ responseHeaders: withCsp(details.responseHeaders) });
    else callback({});
  });
}

export interface ContentsHardenOptions extends HardenOptions {
  /** `shell.openExternal`; called only for https URLs. */
  openExternal: (url: string) => Promise<void> | void;
  log?: (msg: string) => void;
  /**
   * The core's loopback server (`http://127.0.0.1:PORT`) once it runs. The export dialog
   * clicks an <a download> on a finished export's URL there; from app://trucban that is a
   * cross-origin link, which Chromium follows as a navigation. Such a navigation is turned
   * into a download of that URL (`webContents.downloadURL`) so the window never leaves the app.
   */
  loopbackUrl?: () => string | null;
}

/**
 * Block navigation away from the app (main frame, sub frames and redirects), deny every
 * window.open (https links go to the OS browser instead), and refuse <webview>. A main-frame
 * navigation to an export URL of the core's loopback server becomes a download instead.
 */
export function hardenContents(contents: WebContents, opts: ContentsHardenOptions): void {
  const appOrigin = opts.appOrigin ?? APP_ORIGIN;
  const log = opts.log ?? (() => {});
  const guard = (what: string) => (event: { preventDefault(): void; url?: string }, legacyUrl?: unknown) => {
    const url = typeof event.url === 'string' ? event.url : typeof legacyUrl === 'string' ? legacyUrl : '';
    if (!isAllowedAppUrl(url, appOrigin)) {
      event.preventDefault();
      log(`blocked ${what} to a foreign URL (${describeUrl(url)})`);
    }
  };
  const navigation = guard('navigation');
  contents.on('will-navigate', (event: { preventDefault(): void; url?: string }, legacyUrl?: unknown) => {
    const url = typeof event.url === 'string' ? event.url : typeof legacyUrl === 'string' ? legacyUrl : '';
    if (isLoopbackExportUrl(url, opts.loopbackUrl?.())) {
      event.preventDefault();
      log(`download of an export from ${describeUrl(url)}`);
      contents.downloadURL(url);
      return;
    }
    navigation(event, legacyUrl);
  });
  contents.on('will-frame-navigate', guard('frame navigation'));
  contents.on('will-redirect', guard('redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) {
      Promise.resolve()
        .then(() => opts.openExternal(url))
        .catch((err: unknown) => log(`openExternal failed: ${err instanceof Error ? err.message : String(err)}`));
    } else {
      log(`denied window.open (${describeUrl(url)})`);
    }
    return { action: 'deny' };
  });
}

/** Scheme and host only: URLs may carry tokens or personal data in paths and queries. */
export function describeUrl(url: string): string {
  const u = parse(url);
  if (!u) return 'unparsable';
  return u.host ? `${u.protocol}//${u.host}` : u.protocol;
}
