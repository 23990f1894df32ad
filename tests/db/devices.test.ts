// The devices module on a real SQLite file: the `devices` table is a projection of the journal
// (a rebuild and a reopen give the same rows), credentials and pairing codes stay local and out
// of the journal, refusals are journaled at most once per address and reason per minute, and a
// credential is checked exactly (docs/security.md, "The LAN listener").
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { openCore } from '../../src-main/app/core';
import type { Core } from '../../src-main/app/core';
import { rebuildProjections } from '../../src-main/store/rebuild';
import { clientProof } from '../../src-main/devices/pairing';
import { deviceMayCall, WALL_CHANNELS, WALL_STANDING_CHANNELS } from '../../src-main/devices/policy';
import { contract } from '../../src-shared/contract';
import { FakeClock, stationCore, tmpDir } from '../helpers';

const FP = 'AA:BB:CC:DD';
let t: ReturnType<typeof tmpDir>;
let clock: FakeClock;
let core: Core;
let dbPath: string;

beforeEach(async () => {
  t = tmpDir();
  clock = new FakeClock();
  dbPath = path.join(t.dir, 'd.sqlite');
  core = await stationCore(dbPath, clock);
});
afterEach(() => {
  core.close();
  t.cleanup();
});

function pairOne(name: string, role: 'workstation' | 'wall', address = '10.0.0.5') {
  const d = core.services.devices;
  const code = d.createCode({ name, role }, 'admin', FP);
  const [id, a, b] = code.code.split('-') as [string, string, string];
  return { code, reply: d.redeem({ codeId: id, proof: clientProof(`${a}${b}`, FP) }, { fingerprint: FP, address }) };
}

const table = () => core.db.prepare('SELECT * FROM devices ORDER BY device_id').all();

describe('devices module', () => {
  it('devices is a projection: rebuilding from the journal and reopening give the same rows; credentials are kept and still work', () => {
    const one = pairOne('Máy GS 1', 'workstation').reply;
    clock.advance(1000);
    const two = pairOne('Màn hình tường', 'wall', '10.0.0.6').reply;
    clock.advance(1000);
    core.services.devices.revoke(one.deviceId, 'admin', 'Thay máy');
    const live = table();
    expect(live).toHaveLength(2);

    rebuildProjections(core);
    expect(table()).toEqual(live);
    expect(core.services.devices.check(two.credential)).toEqual({ ok: true, device: { id: two.deviceId, name: 'Màn hình tường', role: 'wall' } });
    expect(core.services.devices.check(one.credential)).toEqual({ ok: false, code: 'device_revoked', deviceId: one.deviceId });

    core.close();
    core = openCore({ dbPath, clock });
    expect(table()).toEqual(live);
    expect(core.verify().ok).toBe(true);
  });

  it('never journals a code, its secret or a credential; a used code keeps no secret', () => {
    const { code, reply } = pairOne('Máy GS 2', 'workstation');
    const journal = (core.db.prepare('SELECT payload FROM events').pluck().all() as string[]).join('\n');
    const secret = code.code.split('-').slice(1).join('');
    expect(journal).not.toContain(secret);
    expect(journal).not.toContain(reply.credential.split('.')[1]);
    expect(core.db.prepare('SELECT secret FROM pairing_codes').pluck().all()).toEqual(['']);
    // only the hash of the credential's secret is stored
    const stored = core.db.prepare('SELECT secret_sha256 FROM device_credentials WHERE device_id = ?').pluck().get(reply.deviceId) as Buffer;
    expect(stored).toHaveLength(32);
    expect(stored.toString('utf8')).not.toContain(reply.credential.split('.')[1]);
  });

  it('checks a credential exactly: another secret for the same device id, a malformed value or nothing is unknown', () => {
    const { reply } = pairOne('Máy GS 3', 'workstation');
    const d = core.services.devices;
    expect(d.check(reply.credential).ok).toBe(true);
    const [id, secret] = reply.credential.split('.') as [string, string];
    const flipped = `${id}.${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const c of [flipped, `${id}.`, id, '', undefined, `${id}.${secret}x`, `${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}.${secret}`]) {
      expect(d.check(c)).toMatchObject({ ok: false, code: 'device_unknown' });
    }
  });

  it('expires a code after 10 minutes (the core clock) and counts wrong proofs', () => {
    const d = core.services.devices;
    const c = d.createCode({ name: 'Máy muộn', role: 'wall' }, 'admin', FP);
    const [id, a, b] = c.code.split('-') as [string, string, string];
    clock.advance(10 * 60_000 + 1);
    expect(() => d.redeem({ codeId: id, proof: clientProof(`${a}${b}`, FP) }, { fingerprint: FP, address: '10.0.0.7' })).toThrow(expect.objectContaining({ code: 'pair_code_expired' }));
    expect(core.db.prepare('SELECT secret FROM pairing_codes WHERE code_id = ?').pluck().get(id)).toBe('');

    const c2 = d.createCode({ name: 'Máy', role: 'workstation' }, 'admin', FP);
    const [id2, a2, b2] = c2.code.split('-') as [string, string, string];
    // a proof made for another certificate
    expect(() => d.redeem({ codeId: id2, proof: clientProof(`${a2}${b2}`, 'EE:FF') }, { fingerprint: FP, address: '10.0.0.7' })).toThrow(expect.objectContaining({ code: 'pair_proof_invalid' }));
    expect(core.db.prepare('SELECT attempts FROM pairing_codes WHERE code_id = ?').pluck().get(id2)).toBe(1);
  });

  it('journals a refusal at most once per (address, reason) per minute', () => {
    const d = core.services.devices;
    const count = () => core.db.prepare(`SELECT COUNT(*) FROM events WHERE type = 'device.refused'`).pluck().get() as number;
    for (let i = 0; i < 50; i++) d.refused({ address: '10.0.0.66', reason: 'device_unknown' });
    expect(count()).toBe(1);
    d.refused({ address: '10.0.0.66', reason: 'no credential' });
    d.refused({ address: '10.0.0.67', reason: 'device_unknown' });
    expect(count()).toBe(3);
    clock.advance(60_000);
    d.refused({ address: '10.0.0.66', reason: 'device_unknown' });
    expect(count()).toBe(4);
  });

  it('the wall allowlist names only channels that exist, and keeps the logbook, incidents, documents and users out', () => {
    for (const ch of WALL_CHANNELS) expect(Object.hasOwn(contract, ch), ch).toBe(true);
    for (const ch of Object.keys(contract)) {
      if (/^(logbook|incidents|directions|requests|documents|users|org|roster|rota|shift|journal|jobs|attachments|devices|station|setup|notifications):/.test(ch)) {
        expect(deviceMayCall('wall', ch, {}), ch).toBe(false);
      }
      expect(deviceMayCall('workstation', ch, {}), ch).toBe(true);
    }
  });

  it('a wall’s standing reads are wall channels open to any officer, answer a wall device with nobody signed in, and journal nothing', async () => {
    const wall = pairOne('Màn hình tường', 'wall').reply;
    const device = { id: wall.deviceId, name: 'Màn hình tường', role: 'wall' as const };
    const head = () => core.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    for (const ch of WALL_STANDING_CHANNELS) {
      expect(WALL_CHANNELS.has(ch), ch).toBe(true);
      const access = contract[ch as keyof typeof contract].access;
      expect(access === 'user' || access === 'public', ch).toBe(true);
      const before = head();
      const r = await core.dispatcher.call(ch, {}, { sessionId: `dev:${wall.deviceId}:standingreadskey0000`, transport: 'ws', device });
      expect(r.ok, ch).toBe(true);
      expect(head(), ch).toBe(before);
      // the same call without the device (the station's own screen, nobody signed in) is refused
      if (access !== 'public') expect((await core.dispatcher.call(ch, {}, { sessionId: 'ws:nobodysignedin00000', transport: 'ws' })).ok, ch).toBe(false);
    }
  });
});

describe('devices are checked at start-up like users', () => {
  it('refuses to open a file whose devices table was edited (a revoked device made active again), and rebuild repairs it', async () => {
    const one = pairOne('Máy bị thu hồi', 'workstation').reply;
    core.services.devices.revoke(one.deviceId, 'admin');
    core.close();
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(dbPath);
    raw.prepare('UPDATE devices SET revoked_at = NULL, revoked_by = NULL WHERE device_id = ?').run(one.deviceId);
    raw.close();
    expect(() => openCore({ dbPath, clock })).toThrow(expect.objectContaining({ code: 'projection_mismatch', params: expect.objectContaining({ table: 'devices' }) }));
    core = openCore({ dbPath, clock, checkProjections: false });
    rebuildProjections(core);
    expect(core.services.devices.check(one.credential)).toMatchObject({ ok: false, code: 'device_revoked' });
    core.close();
    core = openCore({ dbPath, clock });
  });
});
