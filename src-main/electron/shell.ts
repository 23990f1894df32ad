/**
 * The Electron shell's life cycle, with the core injected (main.ts passes the real factory;
 * tests pass a fake). Order matters:
 *   before ready: process guards, single-instance lock, sandbox for all renderers, the
 *                 privileged `app:` scheme, webContents hardening;
 *   on ready:     session hardening, `app://` file serving, core, IPC, one window per display;
 *   on quit:      save window state, remove IPC, close the core (bounded wait), then exit.
 * A core that fails to open does not crash the shell: windows still open and every call
 * answers a typed error (so the renderer can show what is wrong, translated).
 */
import path from 'node:path';
import { app, ipcMain, session, shell } from 'electron';
import type { Event as ElectronEvent, WebContents } from 'electron';
import type { Dispatcher } from '../api/types';
import type { Reply } from '../../src-shared/contract';
import { ERROR_CODES, isAppErrorData } from '../../src-shared/errors';
import type { AppErrorData, ErrorCode } from '../../src-shared/errors';
import { endSessionOnClose, installIpc, pushFramesTo } from './ipc';
import type { PushAttach } from './ipc';
import type { CoreStatus } from './relay';
import { CORE_STATUS_CHANNEL } from '../../src-shared/contract/bridge';
import { registerAppScheme, serveApp } from './protocol';
import { hardenContents, hardenSession } from './security';
import { WINDOW_STATE_FILE, WindowManager } from './windows';

/** What the lead's core returns. */
export interface Core {
  dispatcher: Dispatcher;
  close(): void | Promise<void>;
  /** The core's loopback server (`http://127.0.0.1:PORT`), whose export URLs windows may download. */
  loopbackUrl?: string;
  /** Frames pushed to each window's session (src-main/push/hub.ts); absent: no push. */
  push?: PushAttach;
}

export interface CoreOptions {
  /** Where the station's database and blobs live. */
  dataDir: string;
  /** better-sqlite3 binary rebuilt for Electron (docs/architecture.md, "Running without the Electron binary"); undefined = the default build. */
  nativeBinding?: string;
}

/** What a core running elsewhere (the utility process, relay.ts) reports to the shell. */
export interface CoreEvents {
  /** The core's state changed (restarting after a crash or stall, back, given up): every window is told. */
  status(s: CoreStatus): void;
}

export type CoreFactory = (opts: CoreOptions, events: CoreEvents) => Core | Promise<Core>;

export type Log = (msg: string) => void;

export interface ShellOptions {
  openCore: CoreFactory;
  /** Absolute path of dist-electron/preload.cjs. */
  preloadPath: string;
  /** Built renderer directory; default `$TRUCBAN_RENDERER_DIR` or `<appPath>/dist/renderer`. */
  rendererDir?: string;
  env?: NodeJS.ProcessEnv;
  log?: Log;
  /** Longest wait for `core.close()` on quit. */
  closeTimeoutMs?: number;
}

export interface ShellHandle {
  /** False when another instance holds the lock (this one quits). */
  readonly primary: boolean;
  /** Settles when start-up finished (or failed and was logged). */
  readonly ready: Promise<void>;
  windows(): WindowManager | null;
  /** Shut down (save, remove IPC, close the core). Idempotent. */
  shutdown(): Promise<void>;
}

const defaultLog: Log = (msg) => console.error(`[trucban] ${msg}`);

/** Name, message and stack only — never inputs, environment or other payloads. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return `non-error thrown (${typeof err})`;
}

/** `$TRUCBAN_SQLITE_BINDING`, else the rebuilt module shipped in resources when packaged, else undefined. */
export function nativeBindingPath(
  ctx: { env?: NodeJS.ProcessEnv; isPackaged?: boolean; resourcesPath?: string } = {},
): string | undefined {
  const env = ctx.env ?? process.env;
  if (env.TRUCBAN_SQLITE_BINDING) return env.TRUCBAN_SQLITE_BINDING;
  const isPackaged = ctx.isPackaged ?? app.isPackaged;
  if (!isPackaged) return undefined;
  const resources = ctx.resourcesPath ?? process.resourcesPath;
  return path.join(resources, 'native', 'better_sqlite3.node');
}

/** `$TRUCBAN_DATA_DIR`, else `<userData>/data`. */
export function dataDirFor(env: NodeJS.ProcessEnv, userData: string): string {
  return env.TRUCBAN_DATA_DIR ? path.resolve(env.TRUCBAN_DATA_DIR) : path.join(userData, 'data');
}

/**
 * Only what the window needs to explain a typed start-up error: its code, message, field and
 * plain string/number params (a refused start names the table, the row and the repair command);
 * nothing else the error object may carry.
 */
function startupError(data: AppErrorData): AppErrorData {
  const out: AppErrorData = { code: data.code, message: String(data.message).slice(0, 2000) };
  if (typeof data.field === 'string') out.field = data.field.slice(0, 200);
  const params = Object.entries(data.params ?? {}).filter(([, v]) => typeof v === 'string' || typeof v === 'number');
  if (params.length > 0) out.params = Object.fromEntries(params.slice(0, 20).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 500) : v]));
  return out;
}

/** A dispatcher that answers every call with the core's start-up error. */
export function unavailableDispatcher(err: unknown): Dispatcher {
  let error: AppErrorData = { code: 'internal', message: 'The application core failed to start.' };
  if (isAppErrorData(err) && (ERROR_CODES as readonly string[]).includes(err.code)) {
    // an Error's message is not enumerable: name each field rather than spreading the object
    const data: AppErrorData = { code: err.code as ErrorCode, message: err.message };
    if (err.field !== undefined) data.field = err.field;
    if (err.params !== undefined) data.params = err.params;
    error = startupError(data);
  } else if (err && typeof err === 'object' && typeof (err as { toData?: unknown }).toData === 'function') {
    const data = (err as { toData(): unknown }).toData();
    if (isAppErrorData(data)) error = startupError(data);
  }
  return {
    call: async (): Promise<Reply<unknown>> => ({ ok: false, error: { ...error } }),
    endSession: () => {},
  };
}

let guardLog: Log | null = null;
/**
 * Log (never rethrow) stray errors so one failing service does not take the app down.
 * Listeners are added once per process; the latest logger is used.
 */
export function installProcessGuards(log: Log): void {
  const first = guardLog === null;
  guardLog = log;
  if (!first) return;
  process.on('uncaughtException', (err) => guardLog?.(`uncaught exception: ${describeError(err)}`));
  process.on('unhandledRejection', (reason) => guardLog?.(`unhandled rejection: ${describeError(reason)}`));
}

function withTimeout(p: Promise<void>, ms: number, log: Log): Promise<void> {
  return new Promise<void>((resolve) => {
    const t = setTimeout(() => {
      log(`core did not close within ${ms} ms; quitting anyway`);
      resolve();
    }, ms);
    t.unref?.();
    p.then(
      () => {
        clearTimeout(t);
        resolve();
      },
      (err: unknown) => {
        clearTimeout(t);
        log(`core close failed: ${describeError(err)}`);
        resolve();
      },
    );
  });
}

export function startShell(opts: ShellOptions): ShellHandle {
  const log = opts.log ?? defaultLog;
  const env = opts.env ?? process.env;
  installProcessGuards(log);

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { primary: false, ready: Promise.resolve(), windows: () => null, shutdown: async () => {} };
  }

  app.enableSandbox();
  registerAppScheme();

  let core: Core | null = null;
  let windows: WindowManager | null = null;
  /** The latest core state other than ready, for windows that load after it was sent. */
  let lastStatus: CoreStatus | null = null;
  const live = (): WebContents[] =>
    (windows?.windows() ?? []).filter((w) => !w.isDestroyed()).map((w) => w.webContents).filter((c) => !c.isDestroyed());
  const events: CoreEvents = {
    status: (s) => {
      lastStatus = s.state === 'ready' && s.restarts === 0 ? null : s;
      log(`core ${s.state}${'reason' in s ? ` (${s.reason})` : ''}`);
      for (const c of live()) {
        try {
          c.send(CORE_STATUS_CHANNEL, s);
        } catch (err) {
          log(`core status not delivered: ${describeError(err)}`);
        }
      }
    },
  };
  let removeIpc: (() => void) | null = null;
  let shutdownPromise: Promise<void> | null = null;
  let finished = false;

  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents, { openExternal: (url) => shell.openExternal(url), log, loopbackUrl: () => core?.loopbackUrl ?? null });
  });
  app.on('second-instance', () => windows?.focus());

  const shutdown = (): Promise<void> => {
    shutdownPromise ??= (async () => {
      try {
        windows?.dispose();
      } catch (err) {
        log(`saving window state failed: ${describeError(err)}`);
      }
      removeIpc?.();
      removeIpc = null;
      const c = core;
      core = null;
      if (c) await withTimeout(Promise.resolve().then(() => c.close()), opts.closeTimeoutMs ?? 5_000, log);
    })();
    return shutdownPromise;
  };

  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event: ElectronEvent) => {
    if (finished) return;
    event.preventDefault();
    void shutdown().finally(() => {
      finished = true;
      app.quit();
    });
  });

  const ready = app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession);
      const root = opts.rendererDir ?? env.TRUCBAN_RENDERER_DIR ?? path.join(app.getAppPath(), 'dist', 'renderer');
      serveApp({ root, log });

      let dispatcher: Dispatcher;
      try {
        const coreOpts: CoreOptions = { dataDir: dataDirFor(env, app.getPath('userData')) };
        const binding = nativeBindingPath({ env });
        if (binding) coreOpts.nativeBinding = binding;
        core = await opts.openCore(coreOpts, events);
        dispatcher = core.dispatcher;
      } catch (err) {
        log(`core failed to start: ${describeError(err)}`);
        dispatcher = unavailableDispatcher(err);
      }

      const wm = new WindowManager({
        stateFile: path.join(app.getPath('userData'), WINDOW_STATE_FILE),
        preloadPath: opts.preloadPath,
        log,
        onWindowCreated: (win) => {
          endSessionOnClose(win.webContents, dispatcher, log);
          if (core?.push) pushFramesTo(win.webContents, core.push, log);
          // a window that (re)loads while the core is down is told at once
          win.webContents.on('did-finish-load', () => {
            if (lastStatus && !win.webContents.isDestroyed()) win.webContents.send(CORE_STATUS_CHANNEL, lastStatus);
          });
        },
      });
      windows = wm;
      removeIpc = installIpc(ipcMain, { dispatcher, isOurContents: (c) => wm.owns(c), log });
      wm.start();
    })
    .catch((err: unknown) => {
      log(`start-up failed: ${describeError(err)}`);
      app.quit();
    });

  return { primary: true, ready, windows: () => windows, shutdown };
}
