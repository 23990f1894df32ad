// `trucban devices pair` and `devices revoke` against a RUNNING station (`serve --lan` as a
// child process, which holds the writer lock): they go through the station's local control
// socket (`<db>.ctl/control.sock`, folder 0700, socket 0600) and are journaled as the OS user.
// The code printed pairs a real client over TLS; the revocation closes that device's open WSS
// socket within a second. Bytes that are not a request are refused and the socket carries on;
// the socket is gone when the station stops.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import WebSocket from 'ws';
import { BIN, ROOT, runCli } from '../helpers/cli';
import { tmpDir } from '../helpers';
import { pairWithStation } from '../../src-main/client/pair';
import { observeFingerprint } from '../../src-main/client/tls';

const PASSWORD = 'mat-khau-quan-tri';
const trucban = (...args: string[]) => runCli(args, { input: `${PASSWORD}\n` });
const HOST = '127.0.0.45';
const USER = os.userInfo().username;

let t: ReturnType<typeof tmpDir>;
let db: string;

beforeAll(() => {
  t = tmpDir('tb-live-');
  db = path.join(t.dir, 'tram.sqlite');
  const r = trucban('--db', db, 'init', '--station-code', 'KV06', '--station-name', 'Chi cục Hải quan khu vực VI', '--admin-password-stdin');
  expect(r.code, r.err).toBe(0);
});
afterAll(() => t.cleanup());

/** One raw line to the control socket, its one-line answer. */
function rawControl(line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(path.join(`${db}.ctl`, 'control.sock'));
    let buf = '';
    s.on('connect', () => s.write(line));
    s.on('data', (d) => (buf += String(d)));
    s.on('end', () => resolve(buf));
    s.on('error', reject);
  });
}

describe('devices pair / revoke while the station runs', () => {
  it('pair prints a working code, revoke closes the device’s sockets, both journaled as the OS user', async () => {
    const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--lan', '--host', HOST, '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, TRUCBAN_LANG: 'vi', DISPLAY: '', WAYLAND_DISPLAY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        child.stdout.on('data', (d) => {
          out += String(d);
          const m = /https:\/\/127\.0\.0\.45:(\d+)/.exec(out);
          if (m && /Certificate fingerprint/.test(out)) resolve(Number(m[1]));
        });
        child.stderr.on('data', (d) => (err += String(d)));
        void exited.then((c) => reject(new Error(`serve exited ${c}: ${err}`)));
      });
      // only this OS user can reach the socket
      expect(fs.statSync(`${db}.ctl`).mode & 0o777).toBe(0o700);
      const sock = fs.statSync(path.join(`${db}.ctl`, 'control.sock'));
      expect(sock.isSocket()).toBe(true);
      expect(sock.mode & 0o777).toBe(0o600);

      const paired = trucban('--db', db, 'devices', 'pair', '--name', 'Máy GS 5', '--role', 'workstation', '--json');
      expect(paired.code, paired.err).toBe(0);
      const code = JSON.parse(paired.out) as { code: string; fingerprint: string; role: string };
      expect(code.fingerprint).toBe(await observeFingerprint(HOST, port));
      // a bad role is refused by the running station's own check too (exit 2, nothing journaled)
      expect(trucban('--db', db, 'devices', 'pair', '--name', 'X', '--role', 'server').code).toBe(2);

      const rec = await pairWithStation({ stationUrl: `https://${HOST}:${port}`, code: code.code, deviceName: 'Máy GS 5' });
      expect(rec).toMatchObject({ role: 'workstation', fingerprint: code.fingerprint });

      const ws = new WebSocket(`wss://${HOST}:${port}/ws`, ['trucban.v1'], { rejectUnauthorized: false, headers: { authorization: `Device ${rec.credential}` } });
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      const closed = new Promise<{ code: number; at: number }>((resolve) => ws.once('close', (c) => resolve({ code: c, at: Date.now() })));

      // hostile bytes on the control socket: refused, and it still answers afterwards
      expect(JSON.parse(await rawControl('not json\n'))).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(JSON.parse(await rawControl(`${JSON.stringify({ v: 1, cmd: 'sql', text: 'DELETE FROM events' })}\n`))).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(JSON.parse(await rawControl(`${'x'.repeat(5000)}\n`))).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

      const revoked = trucban('--db', db, 'devices', 'revoke', rec.deviceId, '--reason', 'Máy bị mất', '--json');
      // (spawnSync blocks this event loop: the close is seen once the command has returned)
      const returned = Date.now();
      expect(revoked.code, revoked.err).toBe(0);
      const c = await closed;
      expect(c.code).toBe(4003);
      expect(c.at - returned).toBeLessThan(1000);

      const list = JSON.parse(trucban('--db', db, 'devices', 'list', '--json').out) as Array<{ id: string; pairedBy: string; revokedBy: string | null; revokeReason: string | null }>;
      expect(list.find((d) => d.id === rec.deviceId)).toMatchObject({ pairedBy: `os:${USER}`, revokedBy: `os:${USER}`, revokeReason: 'Máy bị mất' });
      // the station's own refusal comes back through the socket, translated
      const unknown = trucban('--db', db, 'devices', 'revoke', '00000000-0000-4000-8000-000000000000');
      expect(unknown.code).toBe(2);
      expect(unknown.err).not.toContain('station_busy');
      expect(unknown.err).not.toMatch(/đang được mở|is open in another process/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(`${db}.ctl`, 'control.sock'))).toBe(false);
    // with the station stopped the commands take the writer lock as before
    const offline = trucban('--db', db, 'devices', 'pair', '--name', 'Máy GS 6', '--role', 'wall', '--json');
    expect(offline.code, offline.err).toBe(0);
  }, 120_000);
});
