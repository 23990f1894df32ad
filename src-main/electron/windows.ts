/**
 * One window per display (control-room walls). Each window belongs to one display (by
 * Electron display id), remembers its normal bounds / maximized / fullscreen state in
 * `<userData>/window-state.json`, and reopens on the same display at the next start.
 *
 * Display changes: when a display appears it gets a window (with its remembered bounds);
 * when one disappears its window closes (its state is kept for when it comes back). New
 * windows are created before orphans are closed, so the app never drops to zero windows
 * (which would quit it) while at least one display exists.
 *
 * Each window loads `app://trucban/index.html?display=N&displayId=ID`, where N is the
 * display's ordinal when the window opened (0 = primary, then left→right, top→bottom) and ID
 * the Electron display id (stable per physical monitor; use it to key per-wall layouts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { BrowserWindow, screen } from 'electron';
import type { Display, Rectangle, WebContents } from 'electron';
import { z } from 'zod';
import { APP_ORIGIN, webPreferences } from './security';

export const WINDOW_STATE_FILE = 'window-state.json';
/** Dark background shown before the first paint (no white flash on a dark control room). */
export const BACKGROUND_COLOR = '#0b1220';
export const MIN_WIDTH = 640;
export const MIN_HEIGHT = 400;
const MAX_REMEMBERED = 32;
const SAVE_DELAY_MS = 500;
/** Show a window even if `ready-to-show` never comes (e.g. the renderer failed to load). */
export const SHOW_FALLBACK_MS = 10_000;
/** A crashed renderer is reloaded after this delay, at most CRASH_RELOAD_LIMIT times per window. */
export const CRASH_RELOAD_DELAY_MS = 2_000;
export const CRASH_RELOAD_LIMIT = 3;

const coord = z.number().int().min(-100_000).max(100_000);
const size = z.number().int().min(100).max(100_000);
const rectangle = z.object({ x: coord, y: coord, width: size, height: size });
const windowStateSchema = z.object({
  displayId: z.number().finite(),
  bounds: rectangle,
  fullscreen: z.boolean(),
  maximized: z.boolean().default(false),
});
const stateFileSchema = z.object({ version: z.literal(1), windows: z.array(windowStateSchema).max(256) });

export type WindowState = z.output<typeof windowStateSchema>;
export interface WindowStateFile {
  version: 1;
  windows: WindowState[];
}

type Log = (msg: string) => void;

/** Read the state file; a missing, unreadable or invalid file yields the empty state (never throws). */
export function loadWindowState(file: string, log: Log = () => {}): WindowStateFile {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log(`window state unreadable, using defaults (${(err as Error).message})`);
    return { version: 1, windows: [] };
  }
  try {
    const parsed = stateFileSchema.safeParse(JSON.parse(raw));
    if (parsed.success) return parsed.data;
    log('window state invalid, using defaults');
  } catch {
    log('window state is not JSON, using defaults');
  }
  return { version: 1, windows: [] };
}

/** Write atomically (temp file + rename). Never throws. */
export function saveWindowState(file: string, state: WindowStateFile, log: Log = () => {}): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(state, null, 2));
    fs.renameSync(tmp, file);
  } catch (err) {
    log(`could not save window state (${(err as Error).message})`);
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      /* ignore */
    }
  }
}

/** Primary display first, then left→right, top→bottom. */
export function orderDisplays(displays: readonly Display[], primaryId: number): Display[] {
  return [...displays].sort((a, b) => {
    if (a.id === primaryId) return -1;
    if (b.id === primaryId) return 1;
    return a.bounds.x - b.bounds.x || a.bounds.y - b.bounds.y || a.id - b.id;
  });
}

function centreInside(r: Rectangle, area: Rectangle): boolean {
  const cx = r.x + r.width / 2;
  const cy = r.y + r.height / 2;
  return cx >= area.x && cx < area.x + area.width && cy >= area.y && cy < area.y + area.height;
}

/** Remembered bounds if they still sit on the display (centre inside, not larger than it); else its work area. */
export function boundsFor(display: Display, saved?: Rectangle): Rectangle {
  if (
    saved &&
    centreInside(saved, display.bounds) &&
    saved.width <= display.bounds.width &&
    saved.height <= display.bounds.height
  ) {
    return { ...saved };
  }
  return { ...display.workArea };
}

export function displayUrl(ordinal: number, displayId: number, appOrigin: string = APP_ORIGIN): string {
  const u = new URL('/index.html', appOrigin);
  u.searchParams.set('display', String(ordinal));
  u.searchParams.set('displayId', String(displayId));
  return u.toString();
}

export interface WindowManagerOptions {
  /** Absolute path of the window state JSON file (`<userData>/window-state.json`). */
  stateFile: string;
  /** Absolute path of the bundled preload (dist-electron/preload.cjs). */
  preloadPath: string;
  appOrigin?: string;
  log?: Log;
  /** Called once per new window, before it loads (the shell ends the IPC session on close). */
  onWindowCreated?: (win: BrowserWindow) => void;
}

interface Managed {
  win: BrowserWindow;
  displayId: number;
  /** Closed by us because its display went away (not by the user). */
  orphaned: boolean;
}

export class WindowManager {
  private readonly managed = new Map<number, Managed>();
  private readonly remembered = new Map<number, WindowState>();
  private readonly log: Log;
  private readonly appOrigin: string;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private started = false;
  private readonly onDisplaysChanged = () => this.reconcile();
  private readonly onMetricsChanged = (_e: unknown, display: Display) => this.fitToDisplay(display);

  constructor(private readonly opts: WindowManagerOptions) {
    this.log = opts.log ?? (() => {});
    this.appOrigin = opts.appOrigin ?? APP_ORIGIN;
  }

  /** Open a window on every display and follow display changes. Call after app `ready`. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const w of loadWindowState(this.opts.stateFile, this.log).windows) this.remembered.set(w.displayId, w);
    this.reconcile();
    screen.on('display-added', this.onDisplaysChanged);
    screen.on('display-removed', this.onDisplaysChanged);
    screen.on('display-metrics-changed', this.onMetricsChanged);
  }

  /** True when `contents` is the webContents of one of our live windows. */
  owns(contents: WebContents): boolean {
    for (const { win } of this.managed.values()) {
      if (!win.isDestroyed() && win.webContents === contents) return true;
    }
    return false;
  }

  windows(): BrowserWindow[] {
    return [...this.managed.values()].map((m) => m.win).filter((w) => !w.isDestroyed());
  }

  /** Display id each live window belongs to (for tests and diagnostics). */
  assignments(): Array<{ displayId: number; win: BrowserWindow }> {
    return [...this.managed.values()].filter((m) => !m.win.isDestroyed()).map((m) => ({ displayId: m.displayId, win: m.win }));
  }

  /** Bring the first window forward (a second instance was started). */
  focus(): void {
    const win = this.windows()[0];
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  /** Make the set of windows match the set of displays. */
  reconcile(): void {
    const displays = orderDisplays(screen.getAllDisplays(), screen.getPrimaryDisplay().id);
    const present = new Set(displays.map((d) => d.id));
    displays.forEach((display, ordinal) => {
      const m = this.managed.get(display.id);
      if (!m || m.win.isDestroyed()) this.open(display, ordinal);
    });
    if (displays.length === 0) return; // nowhere to go: keep what we have
    for (const m of [...this.managed.values()]) {
      if (present.has(m.displayId) || m.win.isDestroyed()) continue;
      m.orphaned = true;
      this.managed.delete(m.displayId);
      m.win.close();
    }
  }

  /** Persist now (also called on quit). */
  saveNow(): void {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = null;
    }
    const windows = [...this.remembered.values()].slice(-MAX_REMEMBERED);
    saveWindowState(this.opts.stateFile, { version: 1, windows }, this.log);
  }

  dispose(): void {
    screen.removeListener('display-added', this.onDisplaysChanged);
    screen.removeListener('display-removed', this.onDisplaysChanged);
    screen.removeListener('display-metrics-changed', this.onMetricsChanged);
    if (this.started) this.saveNow();
  }

  private open(display: Display, ordinal: number): BrowserWindow {
    const saved = this.remembered.get(display.id);
    const bounds = boundsFor(display, saved?.bounds);
    const win = new BrowserWindow({
      ...bounds,
      minWidth: MIN_WIDTH,
      minHeight: MIN_HEIGHT,
      show: false,
      backgroundColor: BACKGROUND_COLOR,
      title: 'Trực ban',
      autoHideMenuBar: true,
      webPreferences: webPreferences(this.opts.preloadPath),
    });
    const m: Managed = { win, displayId: display.id, orphaned: false };
    this.managed.set(display.id, m);

    let shown = false;
    const showOnce = () => {
      if (shown || win.isDestroyed()) return;
      shown = true;
      win.show();
      if (saved?.fullscreen) win.setFullScreen(true);
      else if (saved?.maximized) win.maximize();
    };
    const fallback = setTimeout(() => {
      if (!shown) this.log(`window for display ${ordinal} not ready after ${SHOW_FALLBACK_MS} ms; showing it anyway`);
      showOnce();
    }, SHOW_FALLBACK_MS);
    fallback.unref?.();
    win.once('ready-to-show', () => {
      clearTimeout(fallback);
      showOnce();
    });
    win.once('closed', () => clearTimeout(fallback));

    // A wall screen must not stay dead after a renderer crash: reload it, a few times at most.
    let reloads = 0;
    win.webContents.on('render-process-gone', (_event, details) => {
      if (details.reason === 'clean-exit') return;
      this.log(`renderer of display ${ordinal} gone (${details.reason})`);
      if (reloads >= CRASH_RELOAD_LIMIT) return;
      reloads++;
      const t = setTimeout(() => {
        if (!win.isDestroyed()) win.webContents.reload();
      }, CRASH_RELOAD_DELAY_MS);
      t.unref?.();
    });

    const record = () => this.record(m);
    const recordSoon = () => {
      this.record(m);
      this.scheduleSave();
    };
    win.on('resize', recordSoon);
    win.on('move', recordSoon);
    win.on('maximize', recordSoon);
    win.on('unmaximize', recordSoon);
    win.on('enter-full-screen', recordSoon);
    win.on('leave-full-screen', recordSoon);
    win.on('close', () => {
      if (!m.orphaned) record();
      this.saveNow();
    });
    win.on('closed', () => {
      if (this.managed.get(m.displayId) === m) this.managed.delete(m.displayId);
    });

    this.opts.onWindowCreated?.(win);
    win.loadURL(displayUrl(ordinal, display.id, this.appOrigin)).catch((err: unknown) => {
      this.log(`window for display ${ordinal} failed to load (${err instanceof Error ? err.message : String(err)})`);
    });
    // First run: remember the defaults so the file reflects every display we opened on.
    if (!saved) this.remembered.set(display.id, { displayId: display.id, bounds, fullscreen: false, maximized: false });
    return win;
  }

  /** Remember the window's state, unless the OS has pushed it onto another display. */
  private record(m: Managed): void {
    const { win } = m;
    if (win.isDestroyed() || m.orphaned) return;
    const normal = win.getNormalBounds();
    const fullscreen = win.isFullScreen();
    const maximized = win.isMaximized();
    if (!fullscreen && screen.getDisplayMatching(normal).id !== m.displayId) return;
    const bounds = {
      x: Math.round(normal.x),
      y: Math.round(normal.y),
      width: Math.max(MIN_WIDTH, Math.round(normal.width)),
      height: Math.max(MIN_HEIGHT, Math.round(normal.height)),
    };
    this.remembered.delete(m.displayId); // re-insert: most recently used last
    this.remembered.set(m.displayId, { displayId: m.displayId, bounds, fullscreen, maximized });
  }

  private scheduleSave(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), SAVE_DELAY_MS);
    this.saveTimer.unref?.();
  }

  /** A display changed resolution or arrangement: pull its window back onto it if needed. */
  private fitToDisplay(display: Display): void {
    const m = this.managed.get(display.id);
    if (!m || m.win.isDestroyed() || m.win.isFullScreen() || m.win.isMaximized()) return;
    const current = m.win.getBounds();
    const fitted = boundsFor(display, current);
    if (fitted.x !== current.x || fitted.y !== current.y || fitted.width !== current.width || fitted.height !== current.height) {
      m.win.setBounds(fitted);
    }
  }
}
