// `serve --lan` with TRUCBAN_PRINT_LAUNCH_URL=1 prints its loopback launch URL to a pipe (for a
// program that started the station itself: bench:station, docs/performance.md), and that URL's
// token opens the station's loopback /ws. Without the variable a pipe never gets it
// (tests/cli/lan.test.ts). The real command on a real database, real sockets.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import WebSocket from 'ws';
import { tmpDir } from '../helpers';
import { BIN, ROOT, runCli } from '../helpers/cli';

const PASSWORD = 'mat-khau-quan-tri';
const HOST = '127.0.0.100';

let t: ReturnType<typeof tmpDir>;
let db: string;

beforeAll(() => {
  t = tmpDir();
  db = path.join(t.dir, 'tram.sqlite');
  const r = runCli(['--db', db, 'init', '--station-code', 'KV06', '--station-name', 'Chi cục Hải quan khu vực VI', '--admin-password-stdin'], { input: `${PASSWORD}\n` });
  expect(r.code, r.err).toBe(0);
});
afterAll(() => t.cleanup());

it('TRUCBAN_PRINT_LAUNCH_URL=1: the loopback launch URL reaches a pipe and its token opens /ws', async () => {
  const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--lan', '--host', HOST, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, TRUCBAN_PRINT_LAUNCH_URL: '1', DISPLAY: '', WAYLAND_DISPLAY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  try {
    const [port, token] = await new Promise<[number, string]>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += String(d);
        const m = /http:\/\/127\.0\.0\.1:(\d+)\/#token=([\w-]+)/.exec(out);
        if (m && /Certificate fingerprint/.test(out)) resolve([Number(m[1]), m[2]!]);
      });
      child.stderr.on('data', (d) => (err += String(d)));
      void exited.then((c) => reject(new Error(`serve exited ${c}: ${err}`)));
    });
    const call = (protocols: string[]) =>
      new Promise<unknown>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, protocols);
        ws.once('open', () => ws.send(JSON.stringify({ id: 1, channel: 'app:status', input: {} })));
        ws.once('message', (d) => {
          ws.close();
          resolve(JSON.parse(String(d)));
        });
        ws.once('unexpected-response', (_q, res) => {
          ws.terminate();
          reject(new Error(`HTTP ${res.statusCode}`));
        });
        ws.once('error', reject);
      });
    expect(await call(['trucban.v1', `token.${token}`])).toMatchObject({ id: 1, reply: { ok: true } });
    // and it is that token that opens it, not any
    await expect(call(['trucban.v1', `token.${token.slice(1)}x`])).rejects.toThrow(/HTTP 403/);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
