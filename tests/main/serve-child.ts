/**
 * `trucban serve` as a child process (what `npm start` runs in browser mode), for tests that
 * must see whether one message can end the whole server. The URL and token are read from the
 * line it prints on stdout; stderr is kept for the test to inspect.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/trucban.js');

export interface ServeChild {
  proc: ChildProcess;
  url: string;
  port: number;
  token: string;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code once the child has exited (null while running). */
  exited: () => number | string | null;
  stop(): Promise<void>;
}

export async function startServeChild(db: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<ServeChild> {
  const childEnv: Record<string, string | undefined> = { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '', TRUCBAN_PORT: '', ...env };
  const proc = spawn(process.execPath, [BIN, '--db', db, 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env: childEnv as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let exit: number | string | null = null;
  proc.stdout!.on('data', (d) => (out += String(d)));
  proc.stderr!.on('data', (d) => (err += String(d)));
  const gone = new Promise<void>((resolve) =>
    proc.once('exit', (code, signal) => {
      exit = code ?? signal ?? 'exit';
      resolve();
    }),
  );
  const m = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out} ${err}`)), 60_000);
    const check = () => {
      const hit = /browser mode\): (http:\/\/127\.0\.0\.1:(\d+))\/#token=([\w-]+)/.exec(out);
      if (hit) {
        clearTimeout(timer);
        resolve(hit);
      }
    };
    proc.stdout!.on('data', check);
    void gone.then(() => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${String(exit)}): ${err}`));
    });
  });
  return {
    proc,
    url: m[1]!,
    port: Number(m[2]),
    token: m[3]!,
    stdout: () => out,
    stderr: () => err,
    exited: () => exit,
    stop: async () => {
      if (exit === null) {
        proc.kill('SIGTERM');
        const t = setTimeout(() => proc.kill('SIGKILL'), 5_000);
        await gone;
        clearTimeout(t);
      }
    },
  };
}

export type Reply = { id: unknown; reply: { ok: boolean; value?: unknown; error?: { code: string; message: string; field?: string } } };

/** Opens /ws with the token (sub-protocols `trucban.v1` and `token.<token>`). */
export function openWs(port: number, token: string, query = '', headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, ['trucban.v1', `token.${token}`], { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** The next message on a socket, parsed; rejects if the socket closes first (with its code). */
export function nextReply(ws: WebSocket, ms = 10_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => done(() => reject(new Error('no reply'))), ms);
    const onMsg = (d: WebSocket.RawData) => done(() => resolve(JSON.parse(d.toString()) as Reply));
    const onClose = (code: number, reason: Buffer) => done(() => reject(Object.assign(new Error(`closed ${code} ${reason.toString()}`), { closeCode: code })));
    const done = (f: () => void) => {
      clearTimeout(t);
      ws.off('message', onMsg);
      ws.off('close', onClose);
      f();
    };
    ws.on('message', onMsg);
    ws.on('close', onClose);
  });
}

/** Sends one call and waits for its reply. */
export async function call(ws: WebSocket, channel: string, input: unknown, id: number | string = Math.floor(Math.random() * 1e9)): Promise<Reply> {
  const p = nextReply(ws);
  ws.send(JSON.stringify({ id, channel, input }));
  return p;
}
