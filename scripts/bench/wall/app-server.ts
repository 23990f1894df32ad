/**
 * bench:wall, phase "ours": the app's side in its own process (so /proc can measure it and its
 * ffmpeg children apart from the bench and the browser). A station database with one signed-in
 * session, N cameras registered through the registry's CSV import (sub + main URLs of the
 * simulator) and the real loopback server (`startCoreServer`: RPC, static files, /video).
 *
 *   node --import tsx scripts/bench/wall/app-server.ts <config json>
 *   config: { dir, staticDir, cameras: [{ number, main, sub }] }
 *
 * Prints one JSON line {"event":"ready", port, token, session, cameraIds: {number: id}} and
 * runs until SIGTERM or stdin closes.
 */
import path from 'node:path';
import WebSocket from 'ws';
import { openCore } from '../../../src-main/app/core';
import { startCoreServer } from '../../../src-main/server/serve';

interface Config {
  dir: string;
  staticDir: string;
  cameras: { number: number; main: string; sub: string }[];
}

const PASSWORD = 'bench-wall-password-1';
const SESSION = 'benchwallsession00000001';

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2] ?? '{}') as Config;
  process.env.TRUCBAN_SCRYPT_N ??= String(1 << 14);
  const dbPath = path.join(cfg.dir, 'wall-bench.db');
  const core = openCore({ dbPath });
  await core.setupStation(
    { code: 'KV06', name: 'Chi cục Hải quan khu vực VI', kind: 'regional_with_cameras', place: 'Lạng Sơn', parentBody: 'CỤC HẢI QUAN' },
    { login: 'admin', fullName: 'Quản trị', password: PASSWORD },
  );
  await core.users.create({ login: 'officer', fullName: 'Phạm Văn Đức', roles: ['surveillance_officer'], password: PASSWORD }, 'admin');
  const csv = ['number,name,site_type,site_name,zone,unit_code,main_url,sub_url,username,password,map_note,neighbours,recognition']
    .concat(cfg.cameras.map((c) => `${c.number},Cổng ${c.number},road_border_gate,Cửa khẩu quốc tế Hữu Nghị,entry_exit_lanes,15E1,${c.main},${c.sub},,,,,0`))
    .join('\n');
  core.cameras.importCsv(csv, 'admin');
  const cameraIds: Record<number, string> = {};
  for (const c of core.cameras.list()) cameraIds[c.number] = c.id;

  const srv = await startCoreServer(core, { staticDir: cfg.staticDir, log: (m) => process.stderr.write(`${m}\n`) });

  // sign the page's session in over the RPC socket, as the renderer does
  const ws = new WebSocket(`ws://127.0.0.1:${srv.port}/ws?session=${SESSION}`, ['trucban.v1', `token.${srv.token}`]);
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  ws.send(JSON.stringify({ id: 1, channel: 'auth:login', input: { login: 'officer', password: PASSWORD } }));
  const reply = await new Promise<{ reply?: { ok?: boolean } }>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
  if (!reply.reply?.ok) throw new Error(`sign-in failed: ${JSON.stringify(reply)}`);
  // keep the RPC socket open: the session stays as a renderer's would

  process.stdout.write(`${JSON.stringify({ event: 'ready', port: srv.port, token: srv.token, session: SESSION, cameraIds })}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    ws.close();
    await srv.close();
    core.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
}

main().catch((e: unknown) => {
  process.stderr.write(`app-server: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
