/**
 * scripts/build-electron.js: both bundles are produced without the Electron binary, better-sqlite3
 * stays a run-time require, the preload requires nothing but 'electron', and the bundled main
 * really starts (against the fake electron, with the real core and the Node build of SQLite).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../src-shared/contract';

const run = promisify(execFile);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');

let out: string;
let main: string;
let preload: string;
let core: string;
let buildStdout: string;

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-build-'));
  const r = await run(process.execPath, [path.join(ROOT, 'scripts/build-electron.js'), '--outdir', path.join(out, 'dist-electron')], { cwd: ROOT });
  buildStdout = r.stdout;
  main = fs.readFileSync(path.join(out, 'dist-electron', 'main.cjs'), 'utf8');
  preload = fs.readFileSync(path.join(out, 'dist-electron', 'preload.cjs'), 'utf8');
  core = fs.readFileSync(path.join(out, 'dist-electron', 'core.cjs'), 'utf8');
  // The fake electron as a CommonJS module for plain-Node child processes.
  await build({
    entryPoints: [path.join(HERE, 'fake-electron.ts')],
    outfile: path.join(out, 'fake-electron.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'silent',
  });
}, 120_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

/** Run `body` in a Node child where require('electron') is the fake. Prints JSON on stdout. */
async function runWithFakeElectron(body: string, env: Record<string, string> = {}): Promise<unknown> {
  const script = path.join(out, `run-${Math.random().toString(36).slice(2)}.cjs`);
  fs.writeFileSync(
    script,
    `const Module = require('node:module');
const FAKE = ${JSON.stringify(path.join(out, 'fake-electron.cjs'))};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'electron' ? FAKE : resolve.call(this, request, ...rest);
};
const fake = require(FAKE);
const OUT = ${JSON.stringify(path.join(out, 'dist-electron'))};
(async () => { ${body} })().then(
  (r) => { process.stdout.write(JSON.stringify(r)); process.exit(0); },
  (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); },
);
`,
  );
  const r = await run(process.execPath, [script], {
    cwd: ROOT,
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), ...env },
  });
  return JSON.parse(r.stdout);
}

describe('build-electron.js', () => {
  it('produces main.cjs and preload.cjs into --outdir', () => {
    expect(main.length).toBeGreaterThan(1000);
    expect(preload.length).toBeGreaterThan(100);
    expect(buildStdout).toContain('main.cjs');
    expect(buildStdout).toContain('preload.cjs');
  });

  it('main.cjs carries no database: the core (and better-sqlite3) is in core.cjs, which keeps it external', () => {
    expect(main).toMatch(/require\("electron"\)/);
    expect(main).not.toMatch(/require\("better-sqlite3"\)/);
    expect(main).not.toContain('CREATE TABLE');
    // the only mention is the path nativeBindingPath() builds for the Electron-rebuilt module
    expect(main.match(/better_sqlite3\.node/g) ?? []).toHaveLength(1);
    expect(main.startsWith('"use strict";')).toBe(true);
    expect(buildStdout).toContain('core.cjs');
    expect(core).toMatch(/require\("better-sqlite3"\)/);
    expect(core).not.toMatch(/require\("electron"\)/);
    // better-sqlite3's own loader (`require('bindings')('better_sqlite3.node')`) is not in the bundle
    expect(core).not.toMatch(/require\(["']bindings["']\)/);
    expect(core).not.toMatch(/require\([^)]*better_sqlite3\.node/);
    expect(core).not.toContain('DEFAULT_ADDON');
    expect(core.startsWith('"use strict";')).toBe(true);
  });

  it('preload.cjs requires only electron and carries no zod', () => {
    const requires = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(requires).toEqual(['electron']);
    expect(preload).not.toMatch(/zod|ZodType|safeParse/);
    expect(preload.length).toBeLessThan(20_000);
  });

  it('rejects unknown arguments', async () => {
    await expect(run(process.execPath, [path.join(ROOT, 'scripts/build-electron.js'), '--bogus'], { cwd: ROOT })).rejects.toMatchObject({
      stderr: expect.stringContaining('unknown argument: --bogus'),
    });
  });
});

describe('the built bundles run (fake electron, real core)', () => {
  it('preload.cjs exposes one function per contract channel, and onPush', async () => {
    const keys = await runWithFakeElectron(`
      require(OUT + '/preload.cjs');
      const [{ key, api }] = fake.contextBridge.exposed;
      return { key, keys: Object.keys(api), allFunctions: Object.values(api).every((f) => typeof f === 'function') };
    `);
    expect(keys).toEqual({ key: 'trucban', keys: [...Object.keys(contract), 'onPush'], allFunctions: true });
  });

  it('main.cjs starts: windows per display, preload beside it, the real core answers over IPC, quit closes it', async () => {
    const userData = path.join(out, 'userData');
    const dataDir = path.join(out, 'station-data');
    const result = (await runWithFakeElectron(
      `
      fake.app.paths.userData = ${JSON.stringify(userData)};
      fake.screen.displays = [fake.makeDisplay(1, 0), fake.makeDisplay(2, 1920)];
      fake.screen.primaryId = 1;
      require(OUT + '/main.cjs');
      fake.app.becomeReady();
      for (let i = 0; i < 500 && fake.BrowserWindow.instances.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      const wins = fake.BrowserWindow.instances;
      const reply = await fake.ipcMain.invoke('trucban:call', fake.ipcEvent(wins[0].webContents), 'app:status', {});
      const bad = await fake.ipcMain.invoke('trucban:call', fake.ipcEvent(wins[0].webContents), 'no:such', {});
      fake.app.quit();
      // the core process closes (server, database) and exits before the app does
      for (let i = 0; i < 500 && !fake.app.calls.includes('quit:done'); i++) await new Promise((r) => setTimeout(r, 20));
      return {
        windows: wins.map((w) => ({ url: w.loadedUrls[0], preload: w.options.webPreferences.preload, sandbox: w.options.webPreferences.sandbox })),
        privileged: fake.protocol.privileged,
        reply,
        bad,
        quit: fake.app.calls.filter((c) => c === 'quit:done').length,
        dbFiles: require('node:fs').readdirSync(${JSON.stringify(dataDir)}),
        // the core ran in its own (utility) process, not in main's
        forks: fake.utilityProcess.forks.map((f) => ({ module: require('node:path').basename(f.modulePath), otherPid: typeof f.pid === 'number' && f.pid !== process.pid, exited: f.exited, killed: f.killed })),
      };
    `,
      { TRUCBAN_DATA_DIR: dataDir },
    )) as {
      windows: Array<{ url: string; preload: string; sandbox: boolean }>;
      privileged: unknown;
      reply: { ok: boolean; value?: { setupDone: boolean } };
      bad: { ok: boolean; error?: { code: string } };
      quit: number;
      dbFiles: string[];
      forks: unknown[];
    };
    expect(result.windows).toEqual([
      { url: 'app://trucban/index.html?display=0&displayId=1', preload: path.join(out, 'dist-electron', 'preload.cjs'), sandbox: true },
      { url: 'app://trucban/index.html?display=1&displayId=2', preload: path.join(out, 'dist-electron', 'preload.cjs'), sandbox: true },
    ]);
    expect(result.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(result.reply.ok).toBe(true);
    expect(result.reply.value?.setupDone).toBe(false);
    expect(result.bad).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(result.quit).toBe(1);
    expect(result.dbFiles).toContain('station.db');
    // closed on quit (it exits by itself once closed, before the app does), not killed
    expect(result.forks).toEqual([{ module: 'core.cjs', otherPid: true, exited: true, killed: false }]);
  });

  it('main.cjs runs a logbook export in the jobs-worker.cjs bundle beside it (off the main thread)', async () => {
    const dataDir = path.join(out, 'station-data-jobs');
    const result = (await runWithFakeElectron(
      `
      fake.app.paths.userData = ${JSON.stringify(path.join(out, 'userData-jobs'))};
      fake.screen.displays = [fake.makeDisplay(1, 0)];
      fake.screen.primaryId = 1;
      require(OUT + '/main.cjs');
      fake.app.becomeReady();
      for (let i = 0; i < 500 && fake.BrowserWindow.instances.length < 1; i++) await new Promise((r) => setTimeout(r, 20));
      const wc = fake.BrowserWindow.instances[0].webContents;
      const call = (ch, input) => fake.ipcMain.invoke('trucban:call', fake.ipcEvent(wc), ch, input);
      const setup = await call('setup:station', { code: 'KV06', name: 'Chi cục Hải quan khu vực VI', kind: 'regional', place: 'Lạng Sơn', admin: { login: 'admin', fullName: 'Quản trị', password: 'mat-khau-thu-nghiem' } });
      const exp = await call('logbook:export', { from: '2026-11-22', to: '2026-11-22', format: 'pdf' });
      fake.app.quit();
      // the core process closes (server, database) and exits before the app does
      for (let i = 0; i < 500 && !fake.app.calls.includes('quit:done'); i++) await new Promise((r) => setTimeout(r, 20));
      return { setup: setup.ok, ok: exp.ok, error: exp.error ?? null, head: exp.ok ? Buffer.from(exp.value.base64, 'base64').subarray(0, 5).toString() : null };
    `,
      { TRUCBAN_DATA_DIR: dataDir },
    )) as { setup: boolean; ok: boolean; error: unknown; head: string | null };
    expect(result).toEqual({ setup: true, ok: true, error: null, head: '%PDF-' });
    expect(fs.existsSync(path.join(out, 'dist-electron', 'jobs-worker.cjs'))).toBe(true);
  });
});
