/**
 * bench:station, before the station starts (docs/performance.md, "bench:station"): makes the
 * station database the run works against, in its own process so the bench's own process stays
 * light. A station with an admin, one officer per workstation (and one for the TLS/loopback
 * probe), today's roster naming them (the dashboard has data), the cameras of the simulator
 * (sub + main URLs, through the registry's CSV import), the station's TLS material, and one
 * pairing code per device — made now because pairing writes and the service is not running yet.
 *
 *   node --import tsx scripts/bench/station/setup.ts <config json>
 *   config: { db, host, workstations, walls, cameras: [{ number, main, sub }] }
 *
 * Prints one JSON line {"event":"ready", fingerprint, password, officers, cameraIds, codes} and exits.
 */
import { openCore } from '../../../src-main/app/core';
import { ensureStationTls } from '../../../src-main/station/tls';
import { shiftDateOf } from '../../../src-shared/time/shift';
import type { RosterMember } from '../../../src-shared/domain/org';

interface Config {
  db: string;
  host: string;
  workstations: number;
  walls: number;
  cameras: { number: number; main: string; sub: string }[];
}

export const BENCH_PASSWORD = 'bench-station-password-1';

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2] ?? '{}') as Config;
  const tls = await ensureStationTls(cfg.db, [cfg.host]);
  const core = openCore({ dbPath: cfg.db });
  try {
    await core.setupStation(
      { code: 'KV06', name: 'Chi cục Hải quan khu vực VI', kind: 'regional_with_cameras', place: 'Lạng Sơn', parentBody: 'CỤC HẢI QUAN' },
      { login: 'admin', fullName: 'Quản trị', password: BENCH_PASSWORD },
    );
    // officers: ws1…wsN (the first a shift leader, the rest surveillance officers), the walls' ww1…wwK, and the probe
    const officers: string[] = [];
    const members: RosterMember[] = [];
    const logins = [
      ...Array.from({ length: cfg.workstations }, (_, i) => `ws${i + 1}`),
      ...Array.from({ length: cfg.walls }, (_, i) => `ww${i + 1}`),
      'probe',
    ];
    for (const [i, login] of logins.entries()) {
      const role = i === 0 ? 'shift_leader' : 'surveillance_officer';
      const fullName = `Cán bộ ${login.toUpperCase()}`;
      const u = await core.users.create({ login, fullName, roles: [role], password: BENCH_PASSWORD }, 'admin');
      officers.push(login);
      members.push({ userId: u.id, fullName, position: role, team: i % 2 === 0 ? 'A' : 'B', location: 'Phòng giám sát', availability: 'on_duty' });
    }
    core.shifts.setRoster(shiftDateOf(Date.now()), members, 'admin');
    const csv = ['number,name,site_type,site_name,zone,unit_code,main_url,sub_url,username,password,map_note,neighbours,recognition']
      .concat(cfg.cameras.map((c) => `${c.number},Cổng ${c.number},road_border_gate,Cửa khẩu quốc tế Hữu Nghị,entry_exit_lanes,15E1,${c.main},${c.sub},,,,,0`))
      .join('\n');
    core.cameras.importCsv(csv, 'admin');
    const cameraIds = core.cameras.list().map((c) => c.id);
    const codes: { name: string; role: 'workstation' | 'wall'; code: string }[] = [];
    const make = (name: string, role: 'workstation' | 'wall') => codes.push({ name, role, code: core.services.devices.createCode({ name, role }, 'cli:bench', tls.fingerprint).code });
    for (let i = 1; i <= cfg.workstations; i++) make(`Máy GS ${i}`, 'workstation');
    for (let i = 1; i <= cfg.walls; i++) make(`Máy tường ${i}`, 'wall');
    make('Máy đo TLS', 'workstation');
    process.stdout.write(`${JSON.stringify({ event: 'ready', fingerprint: tls.fingerprint, password: BENCH_PASSWORD, officers, cameraIds, codes })}\n`);
  } finally {
    core.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`setup: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
