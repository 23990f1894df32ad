/**
 * The one IPC entry point: `ipcMain.handle('trucban:call', (event, channel, input) => Reply)`.
 *
 * Every call is checked before it reaches the dispatcher:
 *   1. the sender is the main frame of one of our windows, and that frame shows our app origin
 *      (a sub-frame, a foreign page or an unknown webContents gets `forbidden`);
 *   2. the channel is a string naming a contract channel (otherwise `unknown_channel`).
 * Input validation and access control are the dispatcher's job. The handler never throws:
 * every answer is a `Reply`.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron';
import type { CallContext, Dispatcher } from '../api/types';
import type { Reply } from '../../src-shared/contract';
import { IPC_CALL_CHANNEL, IPC_PUSH_CHANNEL } from '../../src-shared/contract/bridge';
import type { PushFrame } from '../../src-shared/contract/topics';
import { isChannelName } from '../../src-shared/contract/channels';
import type { AppErrorData, ErrorCode } from '../../src-shared/errors';
import { APP_ORIGIN, isAllowedAppUrl } from './security';

export { IPC_CALL_CHANNEL };

export function sessionIdFor(contents: Pick<WebContents, 'id'>): string {
  return `ipc:${contents.id}`;
}

function fail(code: ErrorCode, message: string, params?: Record<string, string | number>): Reply<never> {
  const error: AppErrorData = { code, message };
  if (params) error.params = params;
  return { ok: false, error };
}

export interface IpcOptions {
  dispatcher: Dispatcher;
  /** True when `contents` belongs to one of our windows (WindowManager.owns). */
  isOurContents: (contents: WebContents) => boolean;
  appOrigin?: string;
  log?: (msg: string) => void;
}

type FrameId = Pick<WebFrameMain, 'processId' | 'frameToken'>;

/**
 * The same render frame: the same WebFrameMain object, or the same (processId, frameToken) —
 * the frame's global identity — in case Electron hands out distinct wrappers for one frame.
 */
function sameFrame(a: FrameId, b: FrameId): boolean {
  if (a === b) return true;
  return (
    typeof a.processId === 'number' &&
    typeof a.frameToken === 'string' &&
    a.frameToken !== '' &&
    a.processId === b.processId &&
    a.frameToken === b.frameToken
  );
}

/** Why a sender is refused, or null when it may call. Exported for tests. */
export function senderProblem(event: IpcMainInvokeEvent, opts: Pick<IpcOptions, 'isOurContents' | 'appOrigin'>): string | null {
  const appOrigin = opts.appOrigin ?? APP_ORIGIN;
  let sender: WebContents | undefined;
  let frame: IpcMainInvokeEvent['senderFrame'];
  try {
    sender = event.sender;
    frame = event.senderFrame;
  } catch {
    return 'sender unavailable';
  }
  if (!sender || !opts.isOurContents(sender)) return 'not one of our windows';
  if (!frame) return 'sender frame gone';
  let mainFrame: WebContents['mainFrame'] | undefined;
  let url: string;
  let isMain: boolean;
  try {
    mainFrame = sender.mainFrame;
    url = frame.url;
    isMain = !frame.parent && !frame.detached && !!mainFrame && sameFrame(frame, mainFrame);
  } catch {
    return 'sender frame unavailable';
  }
  if (!isMain) return 'not the main frame';
  if (!isAllowedAppUrl(url, appOrigin)) return 'foreign origin';
  return null;
}

/**
 * Handle one call (exported so tests and the shell share exactly this logic).
 * Never throws; never forwards a refused call.
 */
export async function handleCall(event: IpcMainInvokeEvent, channel: unknown, input: unknown, opts: IpcOptions): Promise<Reply<unknown>> {
  const log = opts.log ?? (() => {});
  const problem = senderProblem(event, opts);
  if (problem) {
    log(`IPC refused: ${problem}`);
    return fail('forbidden', 'This caller may not use the app API.');
  }
  if (!isChannelName(channel)) {
    const params = typeof channel === 'string' ? { channel: channel.slice(0, 100) } : undefined;
    return fail('unknown_channel', 'Unknown channel.', params);
  }
  const ctx: CallContext = { sessionId: sessionIdFor(event.sender), transport: 'ipc' };
  try {
    return await opts.dispatcher.call(channel, input, ctx);
  } catch (err) {
    // The dispatcher promises never to throw; if it does anyway, the renderer still gets a Reply.
    log(`dispatcher threw on ${channel}: ${err instanceof Error ? err.name : typeof err}`);
    return fail('internal', 'Internal error.');
  }
}

/** Register the single handler. Returns a function that removes it. */
export function installIpc(ipcMain: IpcMain, opts: IpcOptions): () => void {
  ipcMain.removeHandler(IPC_CALL_CHANNEL);
  ipcMain.handle(IPC_CALL_CHANNEL, (event, channel: unknown, input: unknown) => handleCall(event, channel, input, opts));
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL);
}

/**
 * End the dispatcher session of `contents` when it is destroyed (its window closed).
 * The id is captured now: a destroyed webContents must not be touched.
 */
export function endSessionOnClose(contents: WebContents, dispatcher: Pick<Dispatcher, 'endSession'>, log: (msg: string) => void = () => {}): void {
  const sessionId = sessionIdFor(contents);
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    try {
      dispatcher.endSession(sessionId);
    } catch (err) {
      log(`endSession failed: ${err instanceof Error ? err.name : typeof err}`);
    }
  };
  contents.once('destroyed', end);
}

/** What pushFramesTo needs of the core's push hub (src-main/push/hub.ts). */
export interface PushAttach {
  attach(sessionId: string, sink: { send(frame: PushFrame): void; backlog(): number }): () => void;
}

/**
 * Push the frames of `contents`'s session to that window (`webContents.send('trucban:push',
 * frame)`) until it is destroyed. IPC has no visible write buffer: the backlog is 0 while the
 * window lives, and a destroyed one takes nothing.
 */
export function pushFramesTo(contents: WebContents, push: PushAttach, log: (msg: string) => void = () => {}): void {
  let detach: (() => void) | null = null;
  try {
    detach = push.attach(sessionIdFor(contents), {
      send: (frame) => {
        try {
          if (!contents.isDestroyed()) contents.send(IPC_PUSH_CHANNEL, frame);
        } catch (err) {
          // a renderer that crashed and is being reloaded: it subscribes again once it is back
          log(`push to window failed: ${err instanceof Error ? err.name : typeof err}`);
        }
      },
      backlog: () => (contents.isDestroyed() ? Number.POSITIVE_INFINITY : 0),
    });
  } catch (err) {
    log(`push attach failed: ${err instanceof Error ? err.name : typeof err}`);
    return;
  }
  contents.once('destroyed', () => detach?.());
}
