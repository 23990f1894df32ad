/**
 * `trucban serve` (browser mode, a long-running process): a stray exception or rejection is
 * written to the fault log beside the database (`<db>.log`), redacted, and the server keeps
 * serving; and the Chromium it opens gets a one-time launch code on its command line, never
 * the token (`ps` shows a command line to every user of the machine).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
const faultLogPath = (db: string) => `${path.resolve(db)}.log`;
import { stationCore, tmpDir } from '../helpers';
import { call, openWs, startServeChild } from './serve-child';
import type { ServeChild } from './serve-child';

let t: ReturnType<typeof tmpDir>;
let db: string;

beforeAll(async () => {
  t = tmpDir();
  db = path.join(t.dir, 'f.sqlite');
  (await stationCore(db)).close();
}, 60_000);
afterAll(() => t?.cleanup());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('trucban serve: process-level guard', () => {
  let srv: ServeChild;
  afterAll(async () => srv?.stop());

  it('logs an uncaught exception and an unhandled rejection to <db>.log without secrets, and keeps serving', async () => {
    // a module loaded into the server process that misbehaves on demand (SIGUSR2)
    const preload = path.join(t.dir, 'misbehave.cjs');
    fs.writeFileSync(
      preload,
      `process.on('SIGUSR2', () => {
        setTimeout(() => { throw new Error('timer failed password=hunter2 rtsp://admin:cam-secret@10.0.0.9/live'); }, 0);
        Promise.reject(new Error('rejected with token.SECRET-TOKEN-123'));
      });\n`,
    );
    srv = await startServeChild(db, [], { NODE_OPTIONS: `--require ${preload}` });
    const ws = await openWs(srv.port, srv.token);
    expect((await call(ws, 'app:status', {})).reply.ok).toBe(true);
    srv.proc.kill('SIGUSR2');
    const log = faultLogPath(db);
    const both = () => {
      const text = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
      return text.includes('uncaught exception') && text.includes('unhandled rejection');
    };
    await expect.poll(both, { timeout: 10_000 }).toBe(true);
    await sleep(300);
    expect(srv.exited(), srv.stderr()).toBeNull();
    expect((await call(ws, 'app:status', {})).reply.ok).toBe(true);
    const text = fs.readFileSync(log, 'utf8');
    expect(text).toMatch(/uncaught exception \(the process carries on\): Error: timer failed password=\*\*\*/);
    expect(text).toMatch(/unhandled rejection \(the process carries on\): Error: rejected with token\.\*\*\*/);
    for (const secret of ['hunter2', 'cam-secret', 'SECRET-TOKEN-123', srv.token]) expect(text).not.toContain(secret);
    ws.close();
  });
});

describe('trucban serve: opening Chromium', () => {
  let srv: ServeChild;
  afterAll(async () => srv?.stop());

  it('puts a one-time launch code on the browser’s command line, never the token; the code is traded once for the token', async () => {
    const argsFile = path.join(t.dir, 'chromium-args.txt');
    const fakeChromium = path.join(t.dir, 'fake-chromium');
    fs.writeFileSync(fakeChromium, `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n`, { mode: 0o755 });
    srv = await startServeChild(db, [], { CHROME_PATH: fakeChromium, DISPLAY: ':99' });
    await expect.poll(() => fs.existsSync(argsFile) && fs.readFileSync(argsFile, 'utf8').includes('--app='), { timeout: 10_000 }).toBe(true);
    const argv = fs.readFileSync(argsFile, 'utf8');
    expect(argv).not.toContain(srv.token);
    const m = new RegExp(`--app=${srv.url.replace(/[.]/g, '\\.')}/#launch=([\\w-]+)`).exec(argv);
    expect(m, argv).not.toBeNull();
    // nor is it on the server's own command line
    expect(fs.readFileSync(`/proc/${srv.proc.pid}/cmdline`, 'utf8')).not.toContain(srv.token);
    const redeem = () =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: srv.port, path: '/launch', method: 'POST', headers: { 'x-trucban-launch': m![1]!, origin: srv.url } }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const first = await redeem();
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ token: srv.token });
    expect((await redeem()).status).toBe(403);
  });
});
