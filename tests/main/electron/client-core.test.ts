/**
 * Electron on a workstation: main reads role.json and the sealed device.json (safeStorage is
 * main's) and hands the record to the core process, which then runs the client in front of the
 * station instead of a database — here the same entry forked with node, against the station's real LAN listener.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildProcess } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/app/core';
import { deviceForStart } from '../../../src-main/electron/installation';
import { forkNodeCore } from '../../../src-main/electron/node-core';
import { CoreRelay } from '../../../src-main/electron/relay';
import { pairWithStation } from '../../../src-main/client/pair';
import { writeDeviceFile } from '../../../src-main/client/device';
import type { CredentialSealer, DeviceRecord } from '../../../src-main/client/device';
import { writeRole } from '../../../src-main/client/role';
import { PASSWORD, stationCore, tmpDir } from '../../helpers';
import { startRealStation } from '../../helpers/real-station';
import type { RealStation } from '../../helpers/real-station';

const ENTRY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src-main/electron/core-entry.ts');

/** safeStorage as far as the device file uses it (XOR with a per-"machine" byte, reversible). */
const sealer = (key = 0x5a): CredentialSealer => ({
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(Buffer.from(s).map((b) => b ^ key)),
  decryptString: (b) => Buffer.from(b.map((x) => x ^ key)).toString(),
});

let t: ReturnType<typeof tmpDir>;
let core: Core;
let station: RealStation;
let rec: DeviceRecord;
beforeEach(async () => {
  t = tmpDir();
  core = await stationCore(path.join(t.dir, 'room.sqlite'));
  station = await startRealStation(core, { db: path.join(t.dir, 'room.sqlite'), host: '127.0.0.23' });
  rec = await pairWithStation({ stationUrl: station.url, code: station.pairCode('Máy GS 3', 'workstation') });
});
afterEach(async () => {
  await station.close();
  core.close();
  t.cleanup();
});

describe('Electron: what a start runs', () => {
  it('the station (no role, or station), or the paired client; a clear record from the first-run form is sealed in place', () => {
    const dir = path.join(t.dir, 'data');
    fs.mkdirSync(dir);
    expect(deviceForStart(dir, sealer())).toBeNull();
    writeRole(dir, 'station');
    expect(deviceForStart(dir, sealer())).toBeNull();
    writeRole(dir, 'workstation');
    expect(deviceForStart(dir, sealer())).toBeNull(); // chosen, not paired yet
    writeDeviceFile(dir, rec);
    expect(deviceForStart(dir, sealer())).toEqual(rec);
    const onDisk = fs.readFileSync(path.join(dir, 'device.json'), 'utf8');
    expect(onDisk).not.toContain(rec.credential.split('.')[1]);
    expect(onDisk).toContain('sealedCredential');
    expect(deviceForStart(dir, sealer())).toEqual(rec);
    // another machine's keys do not open it
    expect(() => deviceForStart(dir, sealer(0x11))).toThrow();
  });

  it('the core process runs the client for a paired workstation: calls reach the station over the pinned link', { timeout: 90_000 }, async () => {
    const dir = path.join(t.dir, 'ws');
    fs.mkdirSync(dir);
    const children: ChildProcess[] = [];
    let stderr = '';
    const relay = new CoreRelay({
      spawn: () =>
        forkNodeCore(ENTRY, { dbPath: path.join(dir, 'station.db'), staticDir: path.join(dir, 'none'), device: rec }, {
          execArgv: ['--import', 'tsx'],
          stderr: (d) => (stderr += d),
          onChild: (c) => children.push(c),
        }),
      backoffMs: [50],
      startTimeoutMs: 60_000,
    });
    try {
      await relay.start();
      const win = { sessionId: 'ipc:1', transport: 'ipc' as const };
      const t0 = Date.now();
      for (;;) {
        const r = await relay.call('client:status', {}, win);
        if (r.ok && (r.value as { connected?: boolean }).connected) break;
        if (Date.now() - t0 > 20_000) throw new Error(`never connected: ${stderr.slice(-1000)}`);
        await new Promise((res) => setTimeout(res, 100));
      }
      expect(await relay.call('auth:login', { login: 'officer', password: PASSWORD }, win)).toMatchObject({ ok: true });
      expect(await relay.call('logbook:add', { kind: 'work', text: 'từ máy trạm Electron' }, win)).toMatchObject({ ok: true });
      expect(core.db.prepare(`SELECT COUNT(*) FROM events WHERE payload LIKE '%từ máy trạm Electron%'`).pluck().get()).toBe(1);
      // the workstation opened no database of its own
      expect(fs.existsSync(path.join(dir, 'station.db'))).toBe(false);
    } finally {
      await relay.close(5_000);
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    }
  });
});
