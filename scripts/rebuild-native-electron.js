#!/usr/bin/env node
// Builds better-sqlite3 for Electron's ABI into build/native/better_sqlite3.node (docs/architecture.md, "Running without the Electron binary"),
// from a copy of the package, so the Node build in node_modules (tests, CLI) is never touched.
// The packaged app loads it as `nativeBinding` (src-main/electron/shell.ts → nativeBindingPath()).
// NEEDS NETWORK: node-gyp downloads Electron's headers. `--dry-run` prints the plan only.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const dryRun = process.argv.includes('--dry-run');
const electronVersion = require('electron/package.json').version;
const src = path.dirname(require.resolve('better-sqlite3/package.json'));
const work = path.join(root, 'build', 'native-src', 'better-sqlite3');
const out = path.join(root, 'build', 'native', 'better_sqlite3.node');
// npm ships node-gyp; `npm run` tells us where npm lives
const npmDir = process.env.npm_execpath ? path.resolve(path.dirname(process.env.npm_execpath), '..') : null;
const nodeGyp = npmDir ? path.join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js') : null;
const args = ['rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'];

console.log(`better-sqlite3 for Electron ${electronVersion}: ${path.relative(root, work)} → ${path.relative(root, out)}`);
if (dryRun) {
  console.log(`node ${nodeGyp ?? '<npm>/node_modules/node-gyp/bin/node-gyp.js'} ${args.join(' ')}`);
  process.exit(0);
}
if (!nodeGyp || !fs.existsSync(nodeGyp)) {
  console.error('node-gyp not found: run this through npm (npm run rebuild:electron-native)');
  process.exit(1);
}
fs.rmSync(work, { recursive: true, force: true });
fs.cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) && !p.endsWith(`${path.sep}build`) });
const r = spawnSync(process.execPath, [nodeGyp, ...args], { cwd: work, stdio: 'inherit' });
if (r.status !== 0) {
  console.error('node-gyp failed (it needs network access to download Electron headers)');
  process.exit(r.status ?? 1);
}
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.copyFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), out);
console.log(`wrote ${path.relative(root, out)}`);
