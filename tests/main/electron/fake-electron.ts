/**
 * A fake `electron` module (docs/architecture.md, "Running without the Electron binary"): just what src-main/electron uses, recording calls.
 * Tests do `vi.mock('electron', () => import('./fake-electron'))` and drive it through the
 * helpers below (`resetFake`, `addDisplay`, `FakeWebContents.navigate`, …).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FakeDisplay {
  id: number;
  bounds: Rect;
  workArea: Rect;
  scaleFactor: number;
}

/** A recorded, cancellable Electron event. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(extra: Record<string, unknown> = {}) {
    Object.assign(this, extra);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextFrameToken = 1;

export class FakeFrame {
  parent: FakeFrame | null = null;
  detached = false;
  processId = 7;
  frameToken = `frame-${nextFrameToken++}`;
  constructor(public url: string) {}
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  mainFrame = new FakeFrame('about:blank');
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** What main sent to this renderer (webContents.send), in order. */
  sent: Array<{ channel: string; args: unknown[] }> = [];
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args: structuredClone(args) });
  }
  reloads = 0;
  reload(): void {
    this.reloads++;
  }
  /** URLs handed to downloadURL (Electron's download manager), in order. */
  downloads: string[] = [];
  downloadURL(url: string): void {
    this.downloads.push(url);
  }
  /** Simulate the page asking to navigate; returns true when the navigation was allowed. */
  navigate(url: string, event: 'will-navigate' | 'will-frame-navigate' | 'will-redirect' = 'will-navigate'): boolean {
    const e = new FakeEvent({ url, isMainFrame: true });
    if (event === 'will-frame-navigate') this.emit(event, e);
    else this.emit(event, e, url);
    return !e.defaultPrevented;
  }
  /** Simulate window.open; returns the handler's answer. */
  open(url: string): { action: string } {
    if (!this.windowOpenHandler) return { action: 'allow' };
    return this.windowOpenHandler({ url });
  }
  /** Simulate a <webview> being attached; returns true when it was allowed. */
  attachWebview(src: string): boolean {
    const e = new FakeEvent();
    this.emit('will-attach-webview', e, {}, { src });
    return !e.defaultPrevented;
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }
}

export interface FakeWindowOptions {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  show?: boolean;
  backgroundColor?: string;
  webPreferences?: Record<string, unknown>;
  [k: string]: unknown;
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrls: string[] = [];
  bounds: Rect;
  visible = false;
  fullscreen = false;
  maximized = false;
  minimized = false;
  focused = false;
  private destroyed = false;

  constructor(readonly options: FakeWindowOptions = {}) {
    super();
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 };
    BrowserWindow.instances.push(this);
    app.emit('web-contents-created', new FakeEvent(), this.webContents);
  }
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.isDestroyed());
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    this.webContents.mainFrame.url = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  show(): void {
    this.visible = true;
    this.shows++;
  }
  shows = 0;
  isVisible(): boolean {
    return this.visible;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  getBounds(): Rect {
    return { ...this.bounds };
  }
  getNormalBounds(): Rect {
    return { ...this.bounds };
  }
  setBounds(b: Partial<Rect>): void {
    this.bounds = { ...this.bounds, ...b };
    this.emit('move');
    this.emit('resize');
  }
  isFullScreen(): boolean {
    return this.fullscreen;
  }
  setFullScreen(v: boolean): void {
    this.fullscreen = v;
    this.emit(v ? 'enter-full-screen' : 'leave-full-screen');
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
    this.emit('maximize');
  }
  /** Electron order: 'close' (cancellable) → 'closed' → webContents 'destroyed'. */
  close(): void {
    if (this.destroyed) return;
    const e = new FakeEvent();
    this.emit('close', e);
    if (e.defaultPrevented) return;
    this.destroyed = true;
    this.visible = false;
    this.emit('closed');
    this.webContents.destroy();
    if (BrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed');
  }
  /** Test helper: the page finished its first paint. */
  readyToShow(): void {
    this.emit('ready-to-show');
  }
}

class FakeScreen extends EventEmitter {
  displays: FakeDisplay[] = [];
  primaryId = 0;
  getAllDisplays(): FakeDisplay[] {
    return this.displays.map((d) => ({ ...d }));
  }
  getPrimaryDisplay(): FakeDisplay {
    const d = this.displays.find((x) => x.id === this.primaryId) ?? this.displays[0];
    if (!d) throw new Error('fake screen has no displays');
    return { ...d };
  }
  /** The display with the largest overlap (Electron's rule); the primary when none overlaps. */
  getDisplayMatching(r: Rect): FakeDisplay {
    let best: FakeDisplay | undefined;
    let bestArea = 0;
    for (const d of this.displays) {
      const w = Math.min(r.x + r.width, d.bounds.x + d.bounds.width) - Math.max(r.x, d.bounds.x);
      const h = Math.min(r.y + r.height, d.bounds.y + d.bounds.height) - Math.max(r.y, d.bounds.y);
      const area = w > 0 && h > 0 ? w * h : 0;
      if (area > bestArea) {
        bestArea = area;
        best = d;
      }
    }
    return best ? { ...best } : this.getPrimaryDisplay();
  }
}
export const screen = new FakeScreen();

export function makeDisplay(id: number, x: number, y = 0, width = 1920, height = 1080): FakeDisplay {
  return { id, bounds: { x, y, width, height }, workArea: { x, y, width, height: height - 40 }, scaleFactor: 1 };
}
export function addDisplay(d: FakeDisplay): void {
  screen.displays.push(d);
  screen.emit('display-added', new FakeEvent(), d);
}
export function removeDisplay(id: number): void {
  const d = screen.displays.find((x) => x.id === id);
  screen.displays = screen.displays.filter((x) => x.id !== id);
  if (d) screen.emit('display-removed', new FakeEvent(), d);
}

class FakeApp extends EventEmitter {
  calls: string[] = [];
  gotLock = true;
  isPackaged = false;
  paths: Record<string, string> = {};
  appPath = '/fake/app';
  private readyResolve: (() => void) | null = null;
  private readyPromise: Promise<void> = this.newReady();
  private newReady(): Promise<void> {
    return new Promise<void>((r) => (this.readyResolve = r));
  }
  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.gotLock;
  }
  enableSandbox(): void {
    this.calls.push('enableSandbox');
  }
  quit(): void {
    this.calls.push('quit');
    const e = new FakeEvent();
    this.emit('before-quit', e);
    if (!e.defaultPrevented) this.calls.push('quit:done');
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  /** Test helper: fire `ready`. */
  becomeReady(): void {
    this.calls.push('ready');
    this.readyResolve?.();
    this.emit('ready');
  }
  getPath(name: string): string {
    const p = this.paths[name];
    if (!p) throw new Error(`fake app.getPath: no path for ${name}`);
    return p;
  }
  getAppPath(): string {
    return this.appPath;
  }
  resetFake(): void {
    this.removeAllListeners();
    this.calls = [];
    this.gotLock = true;
    this.isPackaged = false;
    this.paths = {};
    this.appPath = '/fake/app';
    this.readyPromise = this.newReady();
  }
}
export const app = new FakeApp();

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, InvokeHandler>();
  handle(channel: string, fn: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Test helper: what `ipcRenderer.invoke` would produce in main. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    return h(event, ...args);
  }
}
export const ipcMain = new FakeIpcMain();

/** An IpcMainInvokeEvent as Electron would build it for a message from `contents`/`frame`. */
export function ipcEvent(contents: FakeWebContents, frame: FakeFrame | null = contents.mainFrame): Record<string, unknown> {
  return { sender: contents, senderFrame: frame, frameId: 1, processId: 1, type: 'frame' };
}

export const ipcRenderer = {
  calls: [] as Array<{ channel: string; args: unknown[] }>,
  reply: ((channel: string, ...args: unknown[]) => ({ ok: true, value: { channel, args } })) as (channel: string, ...args: unknown[]) => unknown,
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.calls.push({ channel, args });
    return Promise.resolve(this.reply(channel, ...args));
  },
  // Present so a test can prove the preload never hands these out.
  send(): void {
    throw new Error('ipcRenderer.send must not be used');
  },
  /** Listeners the preload registered, by channel (the page never sees ipcRenderer itself). */
  listeners: new Map<string, Array<(event: unknown, ...args: unknown[]) => void>>(),
  on(channel: string, fn: (event: unknown, ...args: unknown[]) => void): void {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), fn]);
  },
  removeListener(channel: string, fn: (event: unknown, ...args: unknown[]) => void): void {
    this.listeners.set(channel, (this.listeners.get(channel) ?? []).filter((f) => f !== fn));
  },
  /** Test helper: main sent `channel` to this renderer (webContents.send). */
  deliver(channel: string, ...args: unknown[]): void {
    const event = { sender: 'ipc-renderer-event-with-sender' };
    for (const fn of this.listeners.get(channel) ?? []) fn(event, ...args);
  },
  /** Listeners on 'trucban:push' (the frames main pushes to this window). */
  get pushListeners(): Array<(event: unknown, ...args: unknown[]) => void> {
    return this.listeners.get('trucban:push') ?? [];
  },
  /** Test helper: main pushes a frame to this window. */
  push(frame: unknown): void {
    this.deliver('trucban:push', frame);
  },
};

export const contextBridge = {
  exposed: [] as Array<{ key: string; api: unknown }>,
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.push({ key, api });
  },
};

type ProtocolHandler = (request: Request) => Response | Promise<Response>;
export const protocol = {
  privileged: [] as Array<{ scheme: string; privileges?: Record<string, boolean> }>,
  handlers: new Map<string, ProtocolHandler>(),
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    if (app.calls.includes('ready')) throw new Error('registerSchemesAsPrivileged must be called before ready');
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!app.calls.includes('ready')) throw new Error('protocol.handle must be called after ready');
    this.handlers.set(scheme, handler);
  },
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  },
};

type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (r: { cancel?: boolean; responseHeaders?: Record<string, string | string[]> }) => void,
) => void;

export class FakeSession {
  permissionRequestHandler: ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: unknown) => void) | null = null;
  permissionCheckHandler: ((wc: unknown, permission: string, origin: string, details: unknown) => boolean) | null = null;
  devicePermissionHandler: ((details: unknown) => boolean) | null = null;
  headersListener: HeadersListener | null = null;
  webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(h: FakeSession['permissionRequestHandler']): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: FakeSession['permissionCheckHandler']): void {
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: FakeSession['devicePermissionHandler']): void {
    this.devicePermissionHandler = h;
  }
  /** Test helper: ask for a permission; resolves with the answer. */
  requestPermission(permission: string): Promise<boolean> {
    return new Promise((resolve) => {
      if (!this.permissionRequestHandler) return resolve(true); // Electron's default is to grant
      this.permissionRequestHandler(new FakeWebContents(), permission, resolve, {});
    });
  }
  checkPermission(permission: string): boolean {
    return this.permissionCheckHandler ? this.permissionCheckHandler(null, permission, 'app://trucban', {}) : true;
  }
  /** Test helper: run a response through onHeadersReceived. */
  headersFor(url: string, responseHeaders: Record<string, string[]> = {}): Record<string, string | string[]> | undefined {
    let out: Record<string, string | string[]> | undefined = responseHeaders;
    this.headersListener?.({ url, responseHeaders }, (r) => {
      if (r.responseHeaders) out = r.responseHeaders;
    });
    return out;
  }
}

export const session = { defaultSession: new FakeSession() };

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

/**
 * MessageChannelMain / MessagePortMain: two linked ports; messages are structured-cloned and
 * queued until `start()`, delivered asynchronously, as Electron does.
 */
export class MessagePortMain extends EventEmitter {
  other: MessagePortMain | null = null;
  started = false;
  closed = false;
  private queue: unknown[] = [];
  postMessage(message: unknown): void {
    if (this.closed) return;
    this.other?.receive(structuredClone(message));
  }
  receive(data: unknown): void {
    if (this.closed) return;
    if (!this.started) {
      this.queue.push(data);
      return;
    }
    setImmediate(() => {
      if (!this.closed) this.emit('message', { data, ports: [] });
    });
  }
  start(): void {
    if (this.started) return;
    this.started = true;
    const q = this.queue;
    this.queue = [];
    for (const d of q) this.receive(d);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const o = this.other;
    this.other = null;
    this.emit('close');
    if (o && !o.closed) o.close();
  }
}

export class MessageChannelMain {
  readonly port1 = new MessagePortMain();
  readonly port2 = new MessagePortMain();
  constructor() {
    this.port1.other = this.port2;
    this.port2.other = this.port1;
  }
}

/**
 * A fake utility process. In 'child' mode (the default) it really forks `modulePath` with node's
 * child_process (the module finds no `process.parentPort` and talks over node's IPC channel): the
 * port handed over with the first postMessage is bridged to that channel. In 'manual' mode
 * nothing runs: the test plays the core through `port` and `exit()`.
 */
export class FakeUtilityProcess extends EventEmitter {
  /** The core's end of the channel (the port transferred with the first message). */
  port: MessagePortMain | null = null;
  /** Messages posted on the process itself (the first carries the port). */
  messages: unknown[] = [];
  child: ChildProcess | null = null;
  killed = false;
  exited = false;
  constructor(
    readonly modulePath: string,
    readonly args: string[],
    readonly options: { env?: NodeJS.ProcessEnv; serviceName?: string; stdio?: unknown } = {},
    readonly mode: 'child' | 'manual',
  ) {
    super();
    if (mode === 'child') {
      const child = fork(modulePath, args, { env: options.env ?? process.env, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      this.child = child;
      child.on('message', (m) => this.port?.postMessage(m));
      child.on('error', () => {});
      child.once('exit', (code) => this.exit(code ?? -1));
      setImmediate(() => this.emit('spawn'));
    }
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }
  postMessage(message: unknown, transfer: MessagePortMain[] = []): void {
    this.messages.push(structuredClone(message));
    const port = transfer[0];
    if (port && !this.port) {
      this.port = port;
      port.on('message', (e: { data: unknown }) => {
        if (this.child?.connected) this.child.send(e.data as never);
      });
      port.start();
    }
    if (this.child?.connected) this.child.send(message as never);
  }
  kill(): boolean {
    this.killed = true;
    if (this.child) return this.child.kill('SIGKILL');
    this.exit(-1);
    return true;
  }
  /** Test helper (manual mode): the process ends with `code`. */
  exit(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.port?.close();
    this.emit('exit', code);
  }
}

export const utilityProcess = {
  mode: 'child' as 'child' | 'manual',
  forks: [] as FakeUtilityProcess[],
  fork(modulePath: string, args: string[] = [], options: FakeUtilityProcess['options'] = {}): FakeUtilityProcess {
    const p = new FakeUtilityProcess(modulePath, args, options, this.mode);
    this.forks.push(p);
    return p;
  },
};

/** Put every fake back to its initial state (call in beforeEach). */
export function resetFake(): void {
  app.resetFake();
  BrowserWindow.instances = [];
  screen.removeAllListeners();
  screen.displays = [makeDisplay(1, 0)];
  screen.primaryId = 1;
  ipcMain.handlers.clear();
  ipcMain.removeAllListeners();
  ipcRenderer.calls = [];
  ipcRenderer.listeners = new Map();
  ipcRenderer.reply = (channel, ...args) => ({ ok: true, value: { channel, args } });
  contextBridge.exposed = [];
  protocol.privileged = [];
  protocol.handlers.clear();
  session.defaultSession = new FakeSession();
  shell.opened = [];
  for (const p of utilityProcess.forks) if (!p.exited && p.child) p.kill();
  utilityProcess.forks = [];
  utilityProcess.mode = 'child';
}
resetFake();
