import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import type { Core } from '../../src-main/app/core';
import { PASSWORD, stationCore, tmpDir } from '../helpers';
import { BIN, ROOT } from '../helpers/cli';
import { startRealStation } from '../helpers/real-station';
import type { RealStation } from '../helpers/real-station';
import { openScreen, until } from '../helpers/local-ws';
import { readRole } from '../../src-main/client/role';

// the station's real LAN listener runs in this process, so the CLI runs asynchronously beside it
const cli = (args: string[], lang: 'vi' | 'en' = 'vi') =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, TRUCBAN_LANG: lang }, timeout: 60_000 }, (e, out, err) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });

let t: ReturnType<typeof tmpDir>;
let core: Core;
let station: RealStation;
beforeEach(async () => {
  t = tmpDir();
  core = await stationCore(path.join(t.dir, 'station.sqlite'));
  station = await startRealStation(core, { db: path.join(t.dir, 'station.sqlite'), host: '127.0.0.25' });
});
afterEach(async () => {
  await station.close();
  core.close();
  t.cleanup();
});

describe('trucban client', () => {
  it('pair: stores device.json and the role, prints the result and the fingerprint; a wrong code is refused in Vietnamese', { timeout: 120_000 }, async () => {
    const data = path.join(t.dir, 'client');
    const bad = await cli(['client', 'pair', '--station', station.url, '--code', 'ZZZZ-ZZZZ-ZZZZ', '--data', data]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Mã ghép nối không đúng');
    expect(fs.existsSync(path.join(data, 'device.json'))).toBe(false);

    const code = station.pairCode('Máy GS 3', 'workstation');
    const ok = await cli(['client', 'pair', '--station', station.url, '--code', code, '--data', data]);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Đã ghép nối "Máy GS 3" (máy trạm) với trạm KV06');
    expect(ok.out).toContain(station.fingerprint);
    expect(fs.statSync(path.join(data, 'device.json')).mode & 0o777).toBe(0o600);
    expect(readRole(data)).toBe('workstation');

    // run: the local page's server answers, over the station
    const child = spawn(process.execPath, [BIN, 'client', '--data', data, '--port', '0'], { cwd: ROOT, env: { ...process.env, TRUCBAN_LANG: 'vi' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const url = await until(() => /(http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/.exec(out), 60_000, 'launch URL printed');
      expect(out).toContain('máy trạm "Máy GS 3"');
      const screen = await openScreen({ url: url![1]!, token: url![2]! });
      await until(async () => ((await screen.call('client:status', {})).value as { connected?: boolean }).connected, 10_000, 'connected');
      expect(await screen.call('auth:login', { login: 'officer', password: PASSWORD })).toMatchObject({ ok: true });
      expect(await screen.call('logbook:add', { kind: 'work', text: 'từ dòng lệnh client' })).toMatchObject({ ok: true });
      screen.close();
      expect(core.db.prepare(`SELECT COUNT(*) FROM events WHERE payload LIKE '%từ dòng lệnh client%'`).pluck().get()).toBe(1);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });

  it('run without pairing says how to pair', { timeout: 60_000 }, async () => {
    const r = await cli(['client', '--data', path.join(t.dir, 'nothing')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('trucban client pair --station');
  });

  it('role: shows and changes the installation role without losing anything (paired → station only with --unpair and nothing unsent)', { timeout: 120_000 }, async () => {
    const data = path.join(t.dir, 'role-client');
    const shown = await cli(['client', 'role', '--data', data], 'en');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain("This installation's role: not chosen yet");
    // a wall chosen by the administrator, before pairing
    const wall = await cli(['client', 'role', '--set', 'wall', '--data', data]);
    expect(wall.code).toBe(0);
    expect(wall.out).toContain('màn hình tường');
    expect(readRole(data)).toBe('wall');
    // paired as a workstation: the pairing's role wins; a wall needs a new pairing
    expect((await cli(['client', 'pair', '--station', station.url, '--code', station.pairCode('Máy đổi vai trò', 'workstation'), '--data', data])).code).toBe(0);
    expect(readRole(data)).toBe('workstation');
    const toWall = await cli(['client', 'role', '--set', 'wall', '--data', data]);
    expect(toWall.code).not.toBe(0);
    expect(toWall.err).toContain('ghép nối lại bằng mã mới');
    // a paired machine becomes a station only when told to forget the pairing
    const toStation = await cli(['client', 'role', '--set', 'station', '--data', data]);
    expect(toStation.code).not.toBe(0);
    expect(toStation.err).toContain('--unpair');
    expect(fs.existsSync(path.join(data, 'device.json'))).toBe(true);
    // an entry waiting in the outbox blocks it too (never dropped)
    const { openOutbox } = await import('../../src-main/client/outbox');
    const box = openOutbox(data);
    box.add({ requestId: '0193a5e2-7c3b-7d3e-9a1b-1234567890ab', channel: 'logbook:add', input: { kind: 'note', text: 'chưa gửi' }, login: 'officer', madeAt: Date.now() });
    box.close();
    const waiting = await cli(['client', 'role', '--set', 'station', '--unpair', '--data', data]);
    expect(waiting.code).not.toBe(0);
    expect(waiting.err).toContain('chưa gửi');
    const again = openOutbox(data);
    for (const q of again.queued()) again.remove(q.requestId);
    again.close();
    const done = await cli(['client', 'role', '--set', 'station', '--unpair', '--data', data]);
    expect(done.code, done.err).toBe(0);
    expect(readRole(data)).toBe('station');
    expect(fs.existsSync(path.join(data, 'device.json'))).toBe(false);
    // a folder holding a station database never becomes a client
    const stationDir = path.join(t.dir, 'role-station');
    fs.mkdirSync(stationDir);
    fs.writeFileSync(path.join(stationDir, 'station.db'), '');
    const refused = await cli(['client', 'role', '--set', 'workstation', '--data', stationDir]);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('cơ sở dữ liệu của một trạm');
  });
});
