// `serve` and `serve --lan` follow LAN access as set in Settings (journaled in the station
// file): plain `serve` starts the LAN listener when it is on; `serve --lan` without --host and
// --port serves the setting's address and port; --host overrides it for that run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { freePort } from '../helpers/net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, ROOT, runCli } from '../helpers/cli';
import { tmpDir } from '../helpers';
import { openCore } from '../../src-main/app/core';
import { observeFingerprint } from '../../src-main/client/tls';

const PASSWORD = 'mat-khau-quan-tri';
const A = '127.0.0.46';
const B = '127.0.0.47';
let t: ReturnType<typeof tmpDir>;
let db: string;
let port: number;

const accepts = (host: string, p: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ host, port: p });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });

/** Runs `serve ARGS` until `ready` says so in its stdout, then SIGTERM; answers what `check` found. */
async function whileServing<T>(args: string[], ready: RegExp, check: () => Promise<T>): Promise<T> {
  const child = spawn(process.execPath, [BIN, '--db', db, 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, TRUCBAN_LANG: 'vi', DISPLAY: '', WAYLAND_DISPLAY: '', TRUCBAN_LAN_HOST: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += String(d);
        if (ready.test(out)) resolve();
      });
      child.stderr.on('data', (d) => (err += String(d)));
      void exited.then((c) => reject(new Error(`serve exited ${c}: ${err}`)));
    });
    return await check();
  } finally {
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }
}

beforeAll(async () => {
  t = tmpDir('tb-lanset-');
  db = path.join(t.dir, 'tram.sqlite');
  const r = runCli(['--db', db, 'init', '--station-code', 'KV06', '--station-name', 'Chi cục Hải quan khu vực VI', '--admin-password-stdin'], { input: `${PASSWORD}\n` });
  expect(r.code, r.err).toBe(0);
  port = await freePort(A);
  // as the Settings panel journals it
  const core = openCore({ dbPath: db, create: false });
  try {
    await core.services.lan.set({ enabled: true, hosts: [A], port }, 'admin');
  } finally {
    core.close();
  }
});
afterAll(() => t.cleanup());

describe('serve follows LAN access as set', () => {
  it('plain serve starts the LAN listener on the setting’s address and port', async () => {
    const fp = await whileServing(['--port', '0'], /browser mode/, async () => {
      for (let i = 0; i < 100 && !(await accepts(A, port)); i++) await new Promise((r) => setTimeout(r, 50));
      return observeFingerprint(A, port);
    });
    expect(fp).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(await accepts(A, port)).toBe(false);
  });

  it('serve --lan alone serves the setting; --host overrides it for that run', async () => {
    const urls = await whileServing(['--lan'], /Certificate fingerprint/, async () => ({ a: await accepts(A, port), b: await accepts(B, port) }));
    expect(urls).toEqual({ a: true, b: false });
    const other = await freePort(B);
    const over = await whileServing(['--lan', '--host', B, '--port', String(other)], /Certificate fingerprint/, async () => ({ a: await accepts(A, port), b: await accepts(B, other) }));
    expect(over).toEqual({ a: false, b: true });
  });
});
