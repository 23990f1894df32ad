// The LAN station stand-in (./lan-station.ts) in its own process, so a test can SIGKILL it:
// `node --import tsx lan-station-child.ts DIR PORT`. Opens (and on first run sets up, with the
// test users) DIR/station.sqlite, listens on 127.0.0.1:PORT (0: any), prints
// `ready <port> <fingerprint>`. Reads commands on stdin: `pair <role> <name…>` → `code <code>`.
import path from 'node:path';
import fs from 'node:fs';
import readline from 'node:readline';
import { openCore } from '../../src-main/app/core';
import { systemClock } from '../../src-main/journal/clock';
import { stationCore } from './index';
import type { FakeClock } from './index';
import { startLanStation } from './lan-station';

const [dir, portArg] = process.argv.slice(2);
if (!dir) throw new Error('usage: lan-station-child DIR PORT');
const dbPath = path.join(dir, 'station.sqlite');
const core = fs.existsSync(dbPath) ? openCore({ dbPath }) : await stationCore(dbPath, systemClock as FakeClock);
const st = await startLanStation(core, { dir, port: Number(portArg ?? 0) });
process.stdout.write(`ready ${st.port} ${st.fingerprint}\n`);
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [cmd, role, ...name] = line.trim().split(' ');
  if (cmd === 'pair' && (role === 'workstation' || role === 'wall')) process.stdout.write(`code ${st.pairCode(name.join(' ') || 'Máy thử', role)}\n`);
});
process.on('SIGTERM', () => {
  void st.close().then(() => {
    core.close();
    process.exit(0);
  });
});
