/**
 * The desktop station serves the LAN: src-main/electron/core-entry.ts forked with node's
 * child_process (the stand-in for Electron's utilityProcess; the same protocol) on a real
 * station file. LAN access turned on through the relay, as the Settings panel does, starts the
 * listener in the core process (real TLS on 127.0.0.43); the core closed, it is gone; a core
 * started again on the same file listens again from the stored setting.
 */
import fs from 'node:fs';
import os from 'node:os';
import { freePort, accepts } from '../../helpers/net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../src-main/api/types';
import { forkNodeCore } from '../../../src-main/electron/node-core';
import { CoreRelay } from '../../../src-main/electron/relay';
import { observeFingerprint } from '../../../src-main/client/tls';
import type { LanView } from '../../../src-shared/domain/lan';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENTRY = path.resolve(HERE, '../../../src-main/electron/core-entry.ts');
const HOST = '127.0.0.43';
const SETUP = {
  code: 'KV06',
  name: 'Chi cục Hải quan khu vực VI',
  kind: 'regional',
  place: 'Lạng Sơn',
  admin: { login: 'admin', fullName: 'Quản trị', password: 'mat-khau-thu-nghiem' },
};
const win = (n: number): CallContext => ({ sessionId: `ipc:${n}`, transport: 'ipc' });

let dir: string;
let children: ChildProcess[];
let stderr: string;

const relayFor = () =>
  new CoreRelay({
    spawn: () =>
      forkNodeCore(ENTRY, { dbPath: path.join(dir, 'station.db'), faultLog: path.join(dir, 'trucban.log'), staticDir: path.join(dir, 'none') }, {
        execArgv: ['--import', 'tsx'],
        stderr: (d) => (stderr += d),
        onChild: (c) => children.push(c),
      }),
    onStatus: () => {},
    backoffMs: [50],
    startTimeoutMs: 60_000,
  });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-core-lan-'));
  children = [];
  stderr = '';
});
afterEach(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the desktop station’s core process serves the LAN from its setting', () => {
  it('on through the relay → listening over TLS; closed → gone; restarted → listening again', async () => {
    const port = await freePort(HOST);
    let relay = relayFor();
    try {
      await relay.start();
      await expect(relay.call('setup:station', SETUP, win(1))).resolves.toMatchObject({ ok: true });
      const before = await relay.call('station:lan', {}, win(1));
      expect(before).toMatchObject({ ok: true, value: { state: { status: 'off' }, fingerprint: null } });
      expect(await accepts(HOST, port)).toBe(false);
      const on = await relay.call('station:setLan', { enabled: true, hosts: [HOST], port }, win(1));
      expect(on, stderr.slice(-2000)).toMatchObject({ ok: true, value: { state: { status: 'listening', urls: [`https://${HOST}:${port}`] } } });
      const fp = (on as { value: LanView }).value.fingerprint;
      expect(await observeFingerprint(HOST, port)).toBe(fp);
      // the material is beside the database, made at this first enable
      expect(fs.existsSync(path.join(dir, 'station.db.tls', 'key.pem'))).toBe(true);
      await relay.close(5_000);
      expect(await accepts(HOST, port)).toBe(false);

      relay = relayFor();
      await relay.start();
      // the listener starts with the core, before anyone signs in
      let up = false;
      for (let i = 0; i < 100 && !up; i++) {
        up = await accepts(HOST, port);
        if (!up) await new Promise((r) => setTimeout(r, 50));
      }
      expect(up, stderr.slice(-2000)).toBe(true);
      expect(await observeFingerprint(HOST, port)).toBe(fp);
    } finally {
      await relay.close(5_000);
    }
    expect(await accepts(HOST, port)).toBe(false);
  }, 120_000);
});
