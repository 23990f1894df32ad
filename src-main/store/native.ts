/**
 * Which build of better-sqlite3's native module a connection loads. Electron and Node have
 * different ABIs: the Electron app passes the module rebuilt for Electron (`nativeBinding`,
 * src-main/electron/shell.ts), and the installed app's command line, run on Electron's own
 * runtime (`ELECTRON_RUN_AS_NODE`, dist-cli/run.cjs, docs/deployment.md), names it in
 * `$TRUCBAN_SQLITE_BINDING`. Without either, the package's own build (Node: tests, the CLI).
 */
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { AppError } from '../../src-shared/errors';

export const SQLITE_BINDING_ENV = 'TRUCBAN_SQLITE_BINDING';

/** `opts` with `nativeBinding` set: the one given, else `$TRUCBAN_SQLITE_BINDING`, else none; a named file that is not there is refused (translated). */
export function sqliteOptions(opts: Database.Options = {}, nativeBinding?: string | null, env: NodeJS.ProcessEnv = process.env): Database.Options {
  const binding = nativeBinding || env[SQLITE_BINDING_ENV] || undefined;
  if (!binding) return { ...opts };
  if (!fs.existsSync(binding)) {
    throw new AppError('sqlite_binding_missing', `the SQLite native module was not found: ${binding}`, { params: { path: binding } });
  }
  return { ...opts, nativeBinding: binding };
}
