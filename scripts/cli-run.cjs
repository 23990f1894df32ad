// The installed app's command line, on the app's own runtime (Electron's bundled Node), for the
// station's headless service and administrators' scripts (docs/deployment.md):
//
//   ELECTRON_RUN_AS_NODE=1 "<install dir>/trucban" "<install dir>/resources/app.asar/dist-cli/run.cjs" --db FILE serve --lan
//
// scripts/build-cli.js copies this file to dist-cli/run.cjs beside the bundle. Under Electron's
// runtime, better-sqlite3 must load the module rebuilt for Electron's ABI, which the installer
// ships as resources/native/better_sqlite3.node: this names it in $TRUCBAN_SQLITE_BINDING
// (src-main/store/native.ts) unless an administrator already did. Under plain Node it changes
// nothing.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** The Electron build of better-sqlite3 to load, or null (plain Node, or none shipped). */
function electronBinding(ctx) {
  if (ctx.env.TRUCBAN_SQLITE_BINDING) return ctx.env.TRUCBAN_SQLITE_BINDING;
  if (!ctx.versions.electron) return null;
  // resources/ beside the executable (Windows, Linux); process.resourcesPath when Electron sets it
  const resources = ctx.resourcesPath || path.join(path.dirname(ctx.execPath), 'resources');
  const file = path.join(resources, 'native', 'better_sqlite3.node');
  return ctx.exists(file) ? file : null;
}

function run() {
  const binding = electronBinding({
    env: process.env,
    versions: process.versions,
    execPath: process.execPath,
    resourcesPath: process.resourcesPath,
    exists: (f) => fs.existsSync(f),
  });
  if (binding) process.env.TRUCBAN_SQLITE_BINDING = binding;
  const { main } = require('./cli.cjs');
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      console.error(`trucban: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}

module.exports = { electronBinding };
if (require.main === module) run();
