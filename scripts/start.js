#!/usr/bin/env node
// `npm start`: the Electron app when its binary is installed; otherwise browser mode on the
// same services (docs/architecture.md, "Running without the Electron binary"), with the demo station as the embedded default.
//   --browser        browser mode even when Electron is available
//   --db FILE        station database (default var/demo.sqlite, created with demo data)
//   --port N         browser-mode port (default: a free one)
//   --no-cameras     do not start the camera simulator for the demo station
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const db = path.resolve(root, opt('db') ?? process.env.TRUCBAN_DB ?? 'var/demo.sqlite');

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function ensureRendererBuilt() {
  const index = path.join(root, 'dist/renderer/index.html');
  const stale = !fs.existsSync(index) || fs.statSync(index).mtimeMs < Math.max(newestMtime(path.join(root, 'src-renderer')), newestMtime(path.join(root, 'src-shared')));
  if (!stale) return;
  console.log('Building the renderer (vite)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function ensureDemo() {
  if (fs.existsSync(db)) return;
  console.log(`Creating the demo station in ${path.relative(root, db)}…`);
  const r = spawnSync(process.execPath, [path.join(root, 'bin/trucban.js'), '--db', db, 'demo'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function electronBinary() {
  try {
    const p = require('electron'); // the binary's path; throws when it was never downloaded
    return typeof p === 'string' && fs.existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

/**
 * The demo cameras point at the simulator on 127.0.0.1:8554; start it when this machine has
 * GStreamer's RTSP server (Debian packages, see README), quietly skip it otherwise.
 */
function startCameraSimulator() {
  if (args.includes('--no-cameras') || !db.endsWith(path.join('var', 'demo.sqlite'))) return null;
  const sim = spawn(process.execPath, [path.join(root, 'scripts/sim/cameras.js'), '--count', '12', '--port', '8554', '--h265-cameras', '12', '--names', path.join(root, 'assets/cameras/demo-cameras.csv')], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let ready = false;
  sim.stdout.on('data', (d) => {
    if (!ready && /"event": ?"ready"/.test(String(d))) {
      ready = true;
      console.log('Simulated cameras: rtsp://127.0.0.1:8554/cam1..12/{main,sub}, camera 12 in H.265 (npm run sim:cameras)');
    }
  });
  sim.on('exit', (code) => {
    if (code === 2) console.log('Camera simulator not available (GStreamer RTSP server not installed); the wall shows the cameras as offline.');
  });
  return sim;
}

ensureRendererBuilt();
ensureDemo();
const simulator = startCameraSimulator();
const stopSimulator = () => simulator?.kill('SIGTERM');
process.on('exit', stopSimulator);
const electron = args.includes('--browser') ? null : electronBinary();
if (electron) {
  const b = spawnSync(process.execPath, [path.join(root, 'scripts/build-electron.js')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
  const child = spawn(electron, [root], { cwd: root, stdio: 'inherit', env: { ...process.env, TRUCBAN_DB: db } });
  child.on('exit', (code) => {
    stopSimulator();
    process.exit(code ?? 0);
  });
} else {
  if (!args.includes('--browser')) {
    console.log('Electron binary not available here (it needs a networked npm install) — serving browser mode instead.');
  }
  const serveArgs = [path.join(root, 'bin/trucban.js'), '--db', db, 'serve'];
  if (opt('port')) serveArgs.push('--port', opt('port'));
  const child = spawn(process.execPath, serveArgs, { cwd: root, stdio: 'inherit' });
  const stop = () => {
    stopSimulator();
    child.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => {
    stopSimulator();
    process.exit(code ?? 0);
  });
}
