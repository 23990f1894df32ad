/**
 * Electron entry (bundled to dist-electron/main.cjs by scripts/build-electron.js).
 * All behaviour lives in shell.ts with the core injected; this file only binds the real core:
 * the station database is `<dataDir>/station.db`, where dataDir is `$TRUCBAN_DATA_DIR` or
 * `<userData>/data`, opened with the Electron build of better-sqlite3 when one is configured
 * (`$TRUCBAN_SQLITE_BINDING`, or `resources/native/better_sqlite3.node` when packaged).
 * Faults of the main process and of the core (stray exceptions and rejections, a request that
 * failed unexpectedly) go to the fault log `<logs>/trucban.log` (Electron's logs folder), redacted.
 */
import path from 'node:path';
import { app } from 'electron';
import { openCore } from '../app/core';
import { startCoreServer } from '../server/serve';
import { createFaultLog } from '../server/fault-log';
import { startShell } from './shell';
import type { CoreFactory } from './shell';
import { APP_ORIGIN } from './security';

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
 * `$TRUCBAN_DB` (npm start passes the demo database) wins over `<dataDir>/station.db`. The
 * core's loopback server (127.0.0.1, per-launch token) carries live video to the windows
 * (video:endpoint), which open it from the app's own origin; the windows themselves talk to
 * the core over IPC.
 */
const openStationCore: CoreFactory = async ({ dataDir, nativeBinding }) => {
  const dbPath = process.env.TRUCBAN_DB ?? path.join(dataDir, STATION_DB_FILE);
  const core = openCore(nativeBinding ? { dbPath, nativeBinding, log } : { dbPath, log });
  const server = await startCoreServer(core, { staticDir: path.join(dataDir, 'no-static-files'), log, allowOrigins: [APP_ORIGIN] });
  return {
    dispatcher: core.dispatcher,
    push: core.push,
    // finished exports download from it (GET /exports/<job>?cap=…, src-main/server/browser.ts)
    loopbackUrl: server.url,
    close: async () => {
      await server.close();
      core.close();
    },
  };
};

startShell({
  openCore: openStationCore,
  // main.cjs and preload.cjs are built side by side into dist-electron/.
  preloadPath: path.join(__dirname, 'preload.cjs'),
  log,
});
