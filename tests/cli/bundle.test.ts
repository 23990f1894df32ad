/**
 * The CLI's bundle (scripts/build-cli.js, run by `npm ci`'s prepare step): bin/trucban.js runs it
 * while every source it was built from is unchanged, and it works — help, a station set up,
 * written and verified, an export rendered in the bundled job worker — with the same output as
 * the sources through tsx; once an input changes, bin runs the sources instead (never stale code).
 * Built here into its own folder under dist-cli/, so the bundle a developer has is left alone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/cli';
import { tmpDir } from '../helpers';

let bundleDir: string;
const cleanups: (() => void)[] = [];

beforeAll(() => {
  bundleDir = path.join(ROOT, 'dist-cli', `.test-${process.pid}-${Date.now()}`);
  cleanups.push(() => fs.rmSync(bundleDir, { recursive: true, force: true }));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.js'), '--outdir', bundleDir], { cwd: ROOT, encoding: 'utf8' });
}, 120_000);
afterAll(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** bin/trucban.js with the bundle in `dir` (or the sources, TRUCBAN_CLI_TSX=1), saying which runs. */
function bin(args: string[], opts: { dir?: string; tsx?: boolean; input?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, TRUCBAN_LANG: 'en', TRUCBAN_CLI_TRACE: '1', TRUCBAN_CLI_DIR: opts.dir ?? bundleDir };
  if (opts.tsx) env.TRUCBAN_CLI_TSX = '1';
  else delete env.TRUCBAN_CLI_TSX;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env, timeout: 60_000, ...(opts.input !== undefined ? { input: opts.input } : {}) });
  const [trace, ...rest] = r.stderr.split('\n');
  return { code: r.status, out: r.stdout, trace: trace ?? '', err: rest.join('\n') };
}

describe('the CLI bundle', () => {
  it('is what bin/trucban.js runs, and --help matches the sources', () => {
    const b = bin(['--help']);
    expect(b.trace).toBe(`trucban: bundle ${path.join(bundleDir, 'cli.cjs')}`);
    expect(b.code).toBe(0);
    expect(b.out).toContain('Usage: trucban --db FILE <command>');
    const t = bin(['--help'], { tsx: true });
    expect(t.trace).toBe('trucban: tsx (TRUCBAN_CLI_TSX=1)');
    expect(b.out).toBe(t.out);
  });

  it('sets up, writes, verifies and exports a station (the export in the bundled job worker)', () => {
    const t = tmpDir('trucban-bundle-');
    cleanups.push(t.cleanup);
    const db = path.join(t.dir, 'st.sqlite');
    const init = bin(['--db', db, 'init', '--station-code', '01B1', '--station-name', 'Trạm thử', '--admin-password-stdin'], { input: 'mat-khau-rat-dai-2026\n' });
    expect(init.trace).toContain('trucban: bundle');
    expect(init.code, init.err).toBe(0);
    const add = bin(['--db', db, 'logbook', 'add', '--kind', 'incident', '--text', 'Xe rời bãi khi chưa thông quan', '--at', '2026-11-22T14:03+07:00', '--json']);
    expect(add.code, add.err).toBe(0);
    expect(JSON.parse(add.out)).toMatchObject({ text: 'Xe rời bãi khi chưa thông quan' });
    const verify = bin(['--db', db, 'logbook', 'verify']);
    expect(verify.trace).toContain('trucban: bundle');
    expect(verify.code, verify.err).toBe(0);
    expect(verify.out).toMatch(/^OK: \d+ events checked/m);
    const out = path.join(t.dir, 'nk.pdf');
    const exp = bin(['--db', db, 'logbook', 'export', '--from', '2026-11-22', '--to', '2026-11-22', '--format', 'pdf', '--out', out]);
    expect(exp.code, exp.err).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('runs the sources instead once an input changed since the build', () => {
    const stale = path.join(ROOT, 'dist-cli', `.test-stale-${process.pid}-${Date.now()}`);
    cleanups.push(() => fs.rmSync(stale, { recursive: true, force: true }));
    fs.cpSync(bundleDir, stale, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(stale, 'inputs.json'), 'utf8')) as { inputs: [string, number, number][] };
    const entry = manifest.inputs.find(([f]) => f === 'src-main/cli/main.ts');
    expect(entry).toBeDefined();
    entry![2] -= 1000; // as if main.ts was saved after the build
    fs.writeFileSync(path.join(stale, 'inputs.json'), JSON.stringify(manifest));
    const r = bin(['--help'], { dir: stale });
    expect(r.trace).toBe('trucban: tsx (changed since the build: src-main/cli/main.ts)');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: trucban --db FILE <command>');
  });

  it('records every source the CLI and the job worker are built from', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(bundleDir, 'inputs.json'), 'utf8')) as { inputs: [string, number, number][] };
    const files = manifest.inputs.map(([f]) => f);
    for (const f of ['src-main/cli/main.ts', 'src-main/jobs/worker.ts', 'src-main/journal/journal.ts', 'package-lock.json']) expect(files).toContain(f);
    expect(files.some((f) => f.includes('node_modules'))).toBe(false);
    for (const [f, size] of manifest.inputs) expect(size, f).toBe(fs.statSync(path.join(ROOT, f)).size);
  });

  it('without a bundle, bin runs the sources', () => {
    const r = bin(['--help'], { dir: path.join(ROOT, 'dist-cli', '.does-not-exist') });
    expect(r.trace).toBe('trucban: tsx (no bundle)');
    expect(r.code).toBe(0);
  });

  it('ships run.cjs (the installed app command line on Electron runtime), which loads the native module it is told to', () => {
    const run = path.join(bundleDir, 'run.cjs');
    const env = { ...process.env, TRUCBAN_LANG: 'en' };
    const help = spawnSync(process.execPath, [run, '--help'], { cwd: ROOT, encoding: 'utf8', env, timeout: 60_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: trucban --db FILE <command>');
    // a station set up and verified through run.cjs, with the binding named as the service does
    const t = tmpDir();
    cleanups.push(t.cleanup);
    const db = path.join(t.dir, 'svc.sqlite');
    const binding = path.join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    const withBinding = { ...env, TRUCBAN_SQLITE_BINDING: binding };
    const init = spawnSync(process.execPath, [run, '--db', db, 'init', '--station-code', '01B1', '--station-name', 'Trạm thử', '--admin-password-stdin'], {
      cwd: ROOT, encoding: 'utf8', env: withBinding, input: 'mat-khau-dich-vu-1\n', timeout: 60_000,
    });
    expect(init.status, init.stderr).toBe(0);
    const verify = spawnSync(process.execPath, [run, '--db', db, 'verify'], { cwd: ROOT, encoding: 'utf8', env: withBinding, timeout: 60_000 });
    expect(verify.status, verify.stderr).toBe(0);
    // a binding that is not there: a clear refusal, not a crash with a stack
    const wrong = spawnSync(process.execPath, [run, '--db', db, 'verify'], {
      cwd: ROOT, encoding: 'utf8', env: { ...env, TRUCBAN_SQLITE_BINDING: path.join(t.dir, 'none.node') }, timeout: 60_000,
    });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/SQLite module was not found at .*none\.node/);
  });

  it('run.cjs finds resources/native/better_sqlite3.node under Electron, and leaves plain Node alone', () => {
    const { electronBinding } = createRequire(import.meta.url)(path.join(ROOT, 'scripts/cli-run.cjs')) as {
      electronBinding(ctx: { env: NodeJS.ProcessEnv; versions: Record<string, string | undefined>; execPath: string; resourcesPath?: string; exists(f: string): boolean }): string | null;
    };
    const exe = path.join('/opt', 'Trực ban', 'trucban');
    const shipped = path.join('/opt', 'Trực ban', 'resources', 'native', 'better_sqlite3.node');
    const has = (f: string) => f === shipped;
    expect(electronBinding({ env: {}, versions: { node: '22.0.0', electron: '39.0.0' }, execPath: exe, exists: has })).toBe(shipped);
    expect(electronBinding({ env: {}, versions: { node: '22.0.0', electron: '39.0.0' }, execPath: exe, resourcesPath: '/r', exists: (f) => f === '/r/native/better_sqlite3.node' })).toBe('/r/native/better_sqlite3.node');
    expect(electronBinding({ env: {}, versions: { node: '20.0.0' }, execPath: exe, exists: has })).toBeNull();
    expect(electronBinding({ env: {}, versions: { node: '22.0.0', electron: '39.0.0' }, execPath: exe, exists: () => false })).toBeNull();
    expect(electronBinding({ env: { TRUCBAN_SQLITE_BINDING: '/x.node' }, versions: { electron: '39.0.0' }, execPath: exe, exists: has })).toBe('/x.node');
  });
});
