/**
 * Electron entry (bundled to dist-electron/main.cjs by scripts/build-electron.js).
 * All behaviour lives in shell.ts with the core injected; this file only binds the real core:
 * the station database is `<dataDir>/station.db`, where dataDir is `$TRUCBAN_DATA_DIR` or
 * `<userData>/data`, opened with the Electron build of better-sqlite3 when one is configured
 * (`$TRUCBAN_SQLITE_BINDING`, or `resources/native/better_sqlite3.node` when packaged).
 */
import path from 'node:path';
import { openCore } from '../app/core';
import { startCoreServer } from '../server/serve';
import { startShell } from './shell';
import type { CoreFactory } from './shell';

export { nativeBindingPath } from './shell';

export const STATION_DB_FILE = 'station.db';

/**
 * `$TRUCBAN_DB` (npm start passes the demo database) wins over `<dataDir>/station.db`. The
 * core's loopback server (127.0.0.1, per-launch token) carries live video to the windows
 * (video:endpoint); the windows themselves talk to the core over IPC.
 */
const openStationCore: CoreFactory = async ({ dataDir, nativeBinding }) => {
  const dbPath = process.env.TRUCBAN_DB ?? path.join(dataDir, STATION_DB_FILE);
  const core = openCore(nativeBinding ? { dbPath, nativeBinding } : { dbPath });
  const server = await startCoreServer(core, { staticDir: path.join(dataDir, 'no-static-files') });
  return {
    dispatcher: core.dispatcher,
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
});
