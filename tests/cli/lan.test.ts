// `trucban serve --lan`, `devices pair|list|revoke` and `tls show|import` as an administrator
// runs them: the real command as a child process on a real database, the LAN listener reached
// over real TLS on 127.0.0.4, stopped with SIGTERM (docs/deployment.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import https from 'node:https';
import tls from 'node:tls';
import { createHmac } from 'node:crypto';
import { tmpDir } from '../helpers';
import { BIN, ROOT, runCli } from '../helpers/cli';
import { createStationTls } from '../../src-main/station/tls';

const PASSWORD = 'mat-khau-quan-tri';
const trucban = (...args: string[]) => runCli(args, { input: `${PASSWORD}\n` });
const HOST = '127.0.0.4';

let t: ReturnType<typeof tmpDir>;
let db: string;

beforeAll(() => {
  t = tmpDir();
  db = path.join(t.dir, 'tram.sqlite');
  const r = trucban('--db', db, 'init', '--station-code', 'KV06', '--station-name', 'Chi cục Hải quan khu vực VI', '--admin-password-stdin');
  expect(r.code, r.err).toBe(0);
});
afterAll(() => t.cleanup());

function observe(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: HOST, port, rejectUnauthorized: false }, () => {
      const fp = s.getPeerCertificate().fingerprint256;
      s.end();
      resolve(fp);
    });
    s.once('error', reject);
  });
}

function post(port: number, body: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const text = JSON.stringify(body);
    const req = https.request({ host: HOST, port, method: 'POST', path: '/pair', rejectUnauthorized: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let raw = '';
      res.on('data', (c) => (raw += String(c)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(raw) as unknown }));
    });
    req.once('error', reject);
    req.end(text);
  });
}

describe('trucban serve --lan, devices, tls', () => {
  it('tls show before any certificate; devices pair makes one; tls import checks the pair and its dates', async () => {
    const none = trucban('--db', db, 'tls', 'show');
    expect(none.code).toBe(1);
    expect(none.out).toContain('chưa có chứng chỉ');

    const paired = trucban('--db', db, 'devices', 'pair', '--name', 'Máy GS 3', '--role', 'wall', '--json');
    expect(paired.code, paired.err).toBe(0);
    const code = JSON.parse(paired.out) as { code: string; fingerprint: string; role: string };
    expect(code.role).toBe('wall');
    const shown = JSON.parse(trucban('--db', db, 'tls', 'show', '--json').out) as { fingerprint: string; validTo: number; subjectAltName: string };
    expect(shown.fingerprint).toBe(code.fingerprint);
    expect(shown.validTo - Date.now()).toBeGreaterThan(9.9 * 365 * 24 * 3600_000);
    expect(shown.subjectAltName).toContain('IP Address:127.0.0.1');
    const keyMode = fs.statSync(path.join(`${db}.tls`, 'key.pem')).mode & 0o777;
    expect(keyMode).toBe(0o600);
    expect(fs.statSync(`${db}.tls`).mode & 0o777).toBe(0o700);

    const bad = trucban('--db', db, 'devices', 'pair', '--name', 'X', '--role', 'server');
    expect(bad.code).toBe(2);

    // a key that is not the certificate's is refused, and nothing is replaced
    const a = await createStationTls([HOST]);
    const b = await createStationTls([HOST]);
    fs.writeFileSync(path.join(t.dir, 'a.crt'), a.cert);
    fs.writeFileSync(path.join(t.dir, 'b.key'), b.key);
    fs.writeFileSync(path.join(t.dir, 'a.key'), a.key);
    const mismatch = trucban('--db', db, 'tls', 'import', '--cert', path.join(t.dir, 'a.crt'), '--key', path.join(t.dir, 'b.key'));
    expect(mismatch.code).toBe(2);
    expect(mismatch.err).toContain('không dùng được');
    expect(JSON.parse(trucban('--db', db, 'tls', 'show', '--json').out).fingerprint).toBe(code.fingerprint);
    // an expired certificate is refused too
    const old = await createStationTls([HOST], { now: Date.now() - 11 * 365 * 24 * 3600_000 });
    fs.writeFileSync(path.join(t.dir, 'old.crt'), old.cert);
    fs.writeFileSync(path.join(t.dir, 'old.key'), old.key);
    const expired = trucban('--db', db, 'tls', 'import', '--cert', path.join(t.dir, 'old.crt'), '--key', path.join(t.dir, 'old.key'));
    expect(expired.code).toBe(2);
    expect(expired.err).toMatch(/expired/);
    // the matching pair is imported
    const ok = trucban('--db', db, 'tls', 'import', '--cert', path.join(t.dir, 'a.crt'), '--key', path.join(t.dir, 'a.key'), '--json');
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(trucban('--db', db, 'tls', 'show', '--json').out).fingerprint).not.toBe(code.fingerprint);
  });

  it('serve --lan listens on the given address over TLS, prints the address and fingerprint, pairs a device, and exits 0 on SIGTERM', async () => {
    const fingerprint = (JSON.parse(trucban('--db', db, 'tls', 'show', '--json').out) as { fingerprint: string }).fingerprint;
    const codeOut = trucban('--db', db, 'devices', 'pair', '--name', 'Máy trạm 1', '--role', 'workstation', '--json');
    const code = (JSON.parse(codeOut.out) as { code: string }).code;

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
          const m = /https:\/\/127\.0\.0\.4:(\d+)/.exec(out);
          if (m && /Certificate fingerprint/.test(out)) resolve(Number(m[1]));
        });
        child.stderr.on('data', (d) => (err += String(d)));
        void exited.then((c) => reject(new Error(`serve exited ${c}: ${err}`)));
      });
      expect(out).toContain('Trạm trực ban phục vụ mạng LAN tại');
      expect(out).toContain(fingerprint);
      // the token URL is not printed when stdout is not a terminal (a service's log)
      expect(out).not.toContain('#token=');
      expect(await observe(port)).toBe(fingerprint);

      const [codeId, x, y] = code.split('-') as [string, string, string];
      const proof = createHmac('sha256', Buffer.from(`${x}${y}`, 'ascii')).update(`trucban-pair-v1|${fingerprint}`).digest('hex');
      const r = await post(port, { v: 1, codeId, proof });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ v: 1, role: 'workstation', name: 'Máy trạm 1', fingerprint, station: { code: 'KV06' } });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);

    // stopped: the CLI may write again; the device is listed and revoked
    const list = JSON.parse(trucban('--db', db, 'devices', 'list', '--json').out) as { id: string; name: string; lastAddress: string; revokedAt: number | null }[];
    const dev = list.find((d) => d.name === 'Máy trạm 1')!;
    expect(dev).toMatchObject({ revokedAt: null });
    const rv = trucban('--db', db, 'devices', 'revoke', dev.id, '--reason', 'Thử thu hồi');
    expect(rv.code, rv.err).toBe(0);
    const after = JSON.parse(trucban('--db', db, 'devices', 'list', '--json').out) as { id: string; revokedAt: number | null; revokedBy: string }[];
    expect(after.find((d) => d.id === dev.id)!.revokedAt).not.toBeNull();
    expect(after.find((d) => d.id === dev.id)!.revokedBy).toMatch(/^cli:/);
    expect(trucban('--db', db, 'devices', 'revoke', '0192f0c8-0000-7000-8000-000000000001').code).toBe(2);
    expect(trucban('--db', db, 'verify').code).toBe(0);
  }, 60_000);
});
