/**
 * Electron entry (bundled to dist-electron/main.cjs by scripts/build-electron.js).
 * All behaviour lives in shell.ts with the core injected; this file only binds the real core,
 * which runs in a utility process behind a relay (below): the station database is
 * `<dataDir>/station.db`, where dataDir is `$TRUCBAN_DATA_DIR` or `<userData>/data`, opened with the Electron build of better-sqlite3 when one is configured
 * (`$TRUCBAN_SQLITE_BINDING`, or `resources/native/better_sqlite3.node` when packaged).
 * Faults of the main process and of the core (stray exceptions and rejections, a request that
 * failed unexpectedly) go to the fault log `<logs>/trucban.log` (Electron's logs folder), redacted.
 */
import path from 'node:path';
import { app, safeStorage } from 'electron';
import { createFaultLog } from '../server/fault-log';
import type { CoreInit } from './core-protocol';
import { CoreRelay } from './relay';
import { forkUtilityCore } from './utility';
import { startShell } from './shell';
import type { CoreFactory } from './shell';
import { APP_ORIGIN } from './security';
import { deviceForStart } from './installation';

export { nativeBindingPath } from './shell';

export const STATION_DB_FILE = 'station.db';
export const FAULT_LOG_FILE = 'trucban.log';

/** The main process's fault log file. */
export function faultLogFile(): string {
  let dir: string;
  try {
    dir = app.getPath('logs');
  } catch {
    dir = path.join(app.getPath('userData'), 'logs'); // where Electron puts it by default
  }
  return path.join(dir, FAULT_LOG_FILE);
}

const log = createFaultLog(faultLogFile(), (line) => console.error(`[trucban] ${line}`));

/**
 * `$TRUCBAN_DB` (npm start passes the demo database) wins over `<dataDir>/station.db`. The core
 * runs in an Electron utility process (dist-electron/core.cjs, core-entry.ts) that owns the
 * database connection, the video engine, the watchers and the loopback server (127.0.0.1,
 * per-launch token), which carries live video (video:endpoint) and export downloads to the
 * windows, opened from the app's own origin. This process keeps the windows, the sender checks
 * and the relay (relay.ts), which restarts a core that crashes or stops answering.
 */
const openStationCore: CoreFactory = async ({ dataDir, nativeBinding }, events) => {
  const dbPath = process.env.TRUCBAN_DB ?? path.join(dataDir, STATION_DB_FILE);
  // a workstation or wall (role.json) runs the client in front of its station, credential unsealed here
  const device = deviceForStart(path.dirname(dbPath), safeStorage);
  const init: CoreInit = {
    dbPath,
    ...(device ? { device } : {}),
    faultLog: faultLogFile(),
    allowOrigins: [APP_ORIGIN],
    staticDir: path.join(dataDir, 'no-static-files'),
    ...(nativeBinding ? { nativeBinding } : {}),
  };
  const relay = new CoreRelay({
    // core.cjs is built beside main.cjs into dist-electron/
    spawn: () => forkUtilityCore(path.join(__dirname, 'core.cjs'), init, { log }),
    log,
    onStatus: (s) => events.status(s),
  });
  await relay.start();
  return {
    dispatcher: relay,
    // each window's push frames: attached in the core's hub through the relay
    push: relay,
    // finished exports download from it (GET /exports/<job>?cap=…, src-main/server/browser.ts); a restarted core listens elsewhere
    get loopbackUrl() {
      return relay.loopbackUrl;
    },
    close: () => relay.close(),
  };
};

startShell({
  openCore: openStationCore,
  // main.cjs and preload.cjs are built side by side into dist-electron/.
  preloadPath: path.join(__dirname, 'preload.cjs'),
  log,
});
