/**
 * The privileged `app://trucban/…` scheme that serves the built renderer (dist/renderer).
 *
 * `registerAppScheme()` must run before the app is ready; `appProtocolHandler()` is a pure
 * `Request → Response` function (tested without Electron) that only serves files inside the
 * root: every path segment is decoded and checked, the resolved path must stay inside the
 * root, and anything else is a 404. Every response carries the CSP.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, isAllowedAppUrl } from './security';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
};

export function mimeFor(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Register `app:` as a standard, secure, fetch-capable scheme. Call before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

function baseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  };
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}

/**
 * Map a request URL to a file inside `root`, or null. Exported for tests.
 * `/` → index.html. Rejected: another origin, undecodable escapes, a decoded segment that is
 * `.`/`..` or contains `/`, `\`, `:` (drive letters, NTFS streams) or NUL, or a path resolving
 * outside root.
 */
export function resolveAppPath(url: string, root: string, appOrigin: string = APP_ORIGIN): string | null {
  if (!isAllowedAppUrl(url, appOrigin)) return null;
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (seg === '.' || seg === '..' || /[/\\\0:]/.test(seg)) return null;
    segments.push(seg);
  }
  if (segments.length === 0) segments.push('index.html');
  const absRoot = path.resolve(root);
  const full = path.resolve(absRoot, ...segments);
  const rel = path.relative(absRoot, full);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return full;
}

export interface AppProtocolOptions {
  /** Directory of the built renderer (dist/renderer). */
  root: string;
  appOrigin?: string;
  log?: (msg: string) => void;
}

/** The `protocol.handle('app', …)` handler. Never throws; unknown or unsafe paths are 404. */
export function appProtocolHandler(opts: AppProtocolOptions): (request: Request) => Promise<Response> {
  const log = opts.log ?? (() => {});
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method Not Allowed');
    const file = resolveAppPath(request.url, opts.root, opts.appOrigin);
    if (!file) return textResponse(404, 'Not Found');
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile()) return textResponse(404, 'Not Found');
      const headers = { ...baseHeaders(), 'Content-Type': mimeFor(file), 'Content-Length': String(stat.size) };
      if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
      const body = await fs.readFile(file);
      return new Response(new Uint8Array(body), { status: 200, headers });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') log(`app:// read failed (${code ?? 'error'})`);
      return textResponse(404, 'Not Found');
    }
  };
}

/** Serve the renderer on the default session. Call after `app` is ready. */
export function serveApp(opts: AppProtocolOptions): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(opts));
}
