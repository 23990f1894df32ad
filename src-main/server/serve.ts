import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { openCore } from '../app/core';
import { startBrowserServer } from './browser';
import type { BrowserServer } from './browser';
import type { Core } from '../app/core';
import { assetsDir } from '../app/paths';

export function rendererDir(): string {
  if (process.env.TRUCBAN_RENDERER_DIR) return process.env.TRUCBAN_RENDERER_DIR;
  return path.join(path.dirname(assetsDir()), 'dist', 'renderer');
}

/** A locally installed Chromium or Chrome, for opening browser mode as an app window. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  return null;
}

/**
 * The loopback server for a core: RPC and static files (browser mode) plus live video, with
 * the core told where it listens (video:endpoint).
 */
export async function startCoreServer(
  core: Core,
  o: { staticDir?: string; host?: string; port?: number; log?: (m: string) => void } = {},
): Promise<BrowserServer> {
  const srv = await startBrowserServer({
    dispatcher: core.dispatcher,
    attachments: core.attachments,
    video: {
      attach: (cameraId, kind, onData, opts) => core.video.attach(cameraId, kind, onData, opts),
      sessionUser: (sid) => core.dispatcher.sessionUser(sid),
      health: (id) => core.video.health(id),
      subscribeHealth: (fn) => core.video.subscribeHealth(fn),
    },
    staticDir: o.staticDir ?? rendererDir(),
    ...(o.host ? { host: o.host } : {}),
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.log ? { log: o.log } : {}),
  });
  core.endpoint = { url: srv.url, token: srv.token };
  // the app is running: the incident clocks are watched (escalations, clock jumps; issue 4)
  core.startIncidentWatcher({ log: o.log ?? ((m) => console.error(m)) });
  // a job worker with the renderers loaded, so the first export or form is not a cold start
  core.jobs.warm();
  const close = srv.close;
  return {
    ...srv,
    close: async () => {
      core.endpoint = null;
      await close();
    },
  };
}

export async function serveForever(
  o: { db: string; port?: string | undefined; host?: string | undefined; open: boolean },
  io: { out: (s: string) => void; err: (s: string) => void },
): Promise<void> {
  const core = openCore({ dbPath: o.db });
  const port = o.port ? Number(o.port) : Number(process.env.TRUCBAN_PORT ?? 0);
  const host = o.host ?? process.env.TRUCBAN_HOST ?? '127.0.0.1';
  const srv = await startCoreServer(core, { host, port: Number.isFinite(port) ? port : 0, log: io.err });
  io.out(`Trực ban (browser mode): ${srv.launchUrl}`);
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') io.err(`warning: listening on ${host}, not loopback only`);
  const chromium = o.open ? findChromium() : null;
  if (chromium && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    const child = spawn(chromium, [`--app=${srv.launchUrl}`, '--no-first-run', `--user-data-dir=${path.join(path.dirname(path.resolve(o.db)), '.chromium-profile')}`], {
      stdio: 'ignore',
      detached: true,
    });
    child.unref();
  }
  const stop = async () => {
    await srv.close();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  await new Promise(() => {});
}
