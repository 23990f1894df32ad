// LAN access as a station setting, at the protocol level with the real core, real TLS and real
// sockets on 127.0.0.40–127.0.0.49 (Linux answers all of 127.0.0.0/8 on `lo`): turned on in
// Settings, a device pairs over TLS; a new port closes the old listener and the new one
// answers; turned off, connections are refused. The addresses are checked against this
// machine's interfaces; a taken port shows as a translated error state, not a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import { freePort, accepts } from '../helpers/net';
import path from 'node:path';
import { openCore } from '../../src-main/app/core';
import type { Core } from '../../src-main/app/core';
import { startLanControl } from '../../src-main/server/lan-control';
import type { LanControl } from '../../src-main/server/lan-control';
import { pairWithStation } from '../../src-main/client/pair';
import { observeFingerprint } from '../../src-main/client/tls';
import { readStationTls } from '../../src-main/station/tls';
import { isOwnAddress, machineInterfaces } from '../../src-main/station/lan';
import { FakeClock, callAs, stationCore, tmpDir } from '../helpers';
import { isAppErrorData } from '../../src-shared/errors';
import { openDatabase } from '../../src-main/store/db';
import { verifyDatabase } from '../../src-main/store/deep-verify';
import { repairProjections } from '../../src-main/store/rebuild';
import { LAN_SECURITY_EVENT_TYPES } from '../../src-main/store/projection-check';
import type { LanView } from '../../src-shared/domain/lan';
import type { PairingCode } from '../../src-shared/contract/devices';

const A = '127.0.0.41';
const B = '127.0.0.42';
let t: ReturnType<typeof tmpDir>;
let core: Core;
let lan: LanControl;
let dbPath: string;

async function setLan(input: unknown): Promise<LanView> {
  const r = await callAs(core, 'admin', 'station:setLan', input);
  if (!r.ok) throw new Error(`station:setLan refused: ${JSON.stringify(r.error)}`);
  return r.value as LanView;
}

async function refusal(login: string, channel: string, input: unknown): Promise<string> {
  const r = await callAs(core, login, channel, input);
  if (r.ok) return 'accepted';
  return isAppErrorData(r.error) ? r.error.code : 'not an app error';
}

beforeAll(async () => {
  t = tmpDir();
  dbPath = path.join(t.dir, 'lan-setting.sqlite');
  core = await stationCore(dbPath, new FakeClock(Date.now()));
  lan = startLanControl(core, { log: () => {}, staticDir: t.dir });
  await lan.settled();
});
afterAll(async () => {
  await lan?.close();
  core?.close();
  t?.cleanup();
});

describe('LAN access as a station setting', () => {
  it('is off by default: no listener, no TLS material yet, the interfaces listed', async () => {
    const r = await callAs(core, 'admin', 'station:lan', {});
    expect(r.ok).toBe(true);
    const v = (r as { value: LanView }).value;
    expect(v).toMatchObject({ setting: { enabled: false, hosts: [], port: 8443 }, source: 'setting', state: { status: 'off' }, fingerprint: null, canChange: true });
    expect(v.interfaces.some((i) => i.address === '127.0.0.1' && i.internal)).toBe(true);
    expect(readStationTls(dbPath)).toBeNull();
    // only administrators
    expect(await refusal('officer', 'station:lan', {})).toBe('forbidden');
    expect(await refusal('officer', 'station:setLan', { enabled: true, hosts: [A], port: 8443 })).toBe('forbidden');
  });

  it('refuses addresses that are not this machine’s, a wildcard without "all interfaces", and none at all', async () => {
    const port = await freePort(A);
    expect(await refusal('admin', 'station:setLan', { enabled: true, hosts: ['10.255.254.253'], port })).toBe('lan_host_unknown');
    expect(await refusal('admin', 'station:setLan', { enabled: true, hosts: ['0.0.0.0'], port })).toBe('lan_host_unknown');
    expect(await refusal('admin', 'station:setLan', { enabled: true, hosts: ['::'], port })).toBe('lan_host_unknown');
    expect(await refusal('admin', 'station:setLan', { enabled: true, hosts: ['máy-trạm'], port })).toBe('lan_host_unknown');
    expect(await refusal('admin', 'station:setLan', { enabled: true, hosts: [], port })).toBe('lan_hosts_required');
    expect(await refusal('admin', 'station:setLan', { enabled: true, hosts: [A], port: 70000 })).toBe('invalid_input');
    expect(lan.state()).toEqual({ status: 'off' });
    // nothing was journaled by the refusals
    expect(core.services.lan.get().enabled).toBe(false);
    // loopback addresses beyond 127.0.0.1 count as this machine's only through lo's own network
    expect(isOwnAddress(A, machineInterfaces())).toBe(true);
    expect(isOwnAddress(A, [{ name: 'lo', address: '127.0.0.1', family: 'IPv4', internal: true, cidr: '127.0.0.1/32' }])).toBe(false);
  });

  it('from a paired device it cannot be changed (the administrator would cut the link they use)', async () => {
    const sid = 'test:device-admin';
    core.dispatcher.adopt(sid, core.users.byLogin('admin')!.id);
    const r = await core.dispatcher.call('station:setLan', { enabled: false, hosts: [], port: 8443 }, { sessionId: sid, transport: 'test', device: { id: '00000000-0000-4000-8000-000000000001', name: 'Máy GS 3', role: 'workstation' } });
    core.dispatcher.endSession(sid);
    expect(r.ok ? 'accepted' : (r.error as { code: string }).code).toBe('lan_local_only');
  });

  let firstPort = 0;
  let fingerprint = '';
  it('turned on: the listener answers on the chosen address with a certificate made now, and a device pairs over TLS', async () => {
    firstPort = await freePort(A);
    const v = await setLan({ enabled: true, hosts: [A], port: firstPort });
    expect(v.state).toEqual({ status: 'listening', urls: [`https://${A}:${firstPort}`] });
    expect(v.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    fingerprint = v.fingerprint!;
    expect(readStationTls(dbPath)?.fingerprint).toBe(fingerprint);
    expect(await observeFingerprint(A, firstPort)).toBe(fingerprint);
    // only the chosen address: the same port on another loopback address is not served
    expect(await accepts(B, firstPort)).toBe(false);
    // journaled as the administrator, as the whole setting
    const ev = core.db.prepare(`SELECT actor, payload FROM events WHERE type = 'station.lan_set' ORDER BY seq DESC LIMIT 1`).get() as { actor: string; payload: string };
    expect(ev.actor).toBe('admin');
    expect(JSON.parse(ev.payload)).toEqual({ enabled: true, hosts: [A], port: firstPort });

    const made = await callAs(core, 'admin', 'devices:pair', { name: 'Máy GS 3', role: 'workstation' });
    expect(made.ok).toBe(true);
    const code = (made as { value: PairingCode }).value;
    expect(code.fingerprint).toBe(fingerprint);
    const rec = await pairWithStation({ stationUrl: `https://${A}:${firstPort}`, code: code.code, deviceName: 'Máy GS 3' });
    expect(rec).toMatchObject({ fingerprint, role: 'workstation' });
    expect(core.services.devices.list().map((d) => d.name)).toContain('Máy GS 3');
  });

  it('a new port (and a second address): the old listener is closed, the new ones answer with the same certificate', async () => {
    const port = await freePort(A);
    const v = await setLan({ enabled: true, hosts: [A, B], port });
    expect(v.state).toEqual({ status: 'listening', urls: [`https://${A}:${port}`, `https://${B}:${port}`] });
    expect(await accepts(A, firstPort)).toBe(false);
    expect(await observeFingerprint(A, port)).toBe(fingerprint);
    expect(await observeFingerprint(B, port)).toBe(fingerprint);
    expect(lan.servers()).toHaveLength(2);
    firstPort = port;
  });

  it('a port another program holds: the error state names it, nothing half-open, and a free port recovers', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, B, () => r()));
    const taken = (blocker.address() as net.AddressInfo).port;
    try {
      const v = await setLan({ enabled: true, hosts: [A, B], port: taken });
      expect(v.state).toEqual({ status: 'error', code: 'lan_port_in_use', host: B, port: taken });
      // A had bound before B failed: it was closed again
      expect(await accepts(A, taken)).toBe(false);
      expect(await accepts(A, firstPort)).toBe(false);
      expect(lan.servers()).toHaveLength(0);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    const port = await freePort(A);
    const v = await setLan({ enabled: true, hosts: [A], port });
    expect(v.state).toMatchObject({ status: 'listening' });
    firstPort = port;
  });

  it('turned off: connections are refused, the setting keeps the addresses for next time', async () => {
    const v = await setLan({ enabled: false, hosts: [A], port: firstPort });
    expect(v.state).toEqual({ status: 'off' });
    expect(await accepts(A, firstPort)).toBe(false);
    await expect(observeFingerprint(A, firstPort)).rejects.toBeTruthy();
    expect(core.services.lan.get()).toEqual({ enabled: false, hosts: [A], port: firstPort });
    // the fingerprint stays readable (the material exists) for the next pairing
    expect(v.fingerprint).toBe(fingerprint);
    expect(core.services.devices.fingerprint).toBeNull();
  });

  it('a core opened again follows the stored setting', async () => {
    const port = await freePort(A);
    await setLan({ enabled: true, hosts: [A], port });
    await lan.close();
    expect(await accepts(A, port)).toBe(false);
    lan = startLanControl(core, { log: () => {}, staticDir: t.dir });
    await lan.settled();
    expect(lan.state()).toEqual({ status: 'listening', urls: [`https://${A}:${port}`] });
    expect(await observeFingerprint(A, port)).toBe(fingerprint);
  });

  it('the projected setting edited behind the app’s back (every interface): deep verify names the meta row', async () => {
    const ok = openDatabase(dbPath, { readonly: true });
    try {
      expect((await verifyDatabase(ok, { deep: true })).projections).toMatchObject({ ok: true });
      // the start-up replay of the setting reads its partial index (migration 16), not the journal
      const types = LAN_SECURITY_EVENT_TYPES.map((x) => `'${x}'`).join(', ');
      const plan = ok.prepare(`EXPLAIN QUERY PLAN SELECT seq FROM events WHERE type IN (${types}) ORDER BY seq`).all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join('\n')).toContain('INDEX events_station_lan');
    } finally {
      ok.close();
    }
    core.db.prepare(`UPDATE meta SET value = ? WHERE key = 'station_lan'`).run(JSON.stringify({ enabled: true, hosts: ['0.0.0.0'], port: 8443 }));
    const db = openDatabase(dbPath, { readonly: true });
    try {
      const r = await verifyDatabase(db, { deep: true });
      expect(r.ok).toBe(false);
      expect(r.projections!.mismatch).toMatchObject({ table: 'meta', row: 'key=station_lan' });
    } finally {
      db.close();
    }
    // and the start-up check refuses to open it (the tampered listener is never started)
    await lan.close();
    core.close();
    let code = 'opened';
    try {
      openCore({ dbPath }).close();
    } catch (e) {
      code = (e as { code?: string }).code ?? 'not an app error';
    }
    expect(code).toBe('projection_mismatch');
    // the journal is the truth: a rebuild restores the setting as journaled
    const fixed = openCore({ dbPath, checkProjections: false });
    try {
      repairProjections(fixed, 'test: LAN access edited outside the app');
      expect(fixed.services.lan.get().hosts).toEqual([A]);
    } finally {
      fixed.close();
    }
    core = openCore({ dbPath });
    lan = startLanControl(core, { log: () => {}, staticDir: t.dir });
    await lan.settled();
  });
});
