/**
 * scripts/ffmpeg-binary.js, our postinstall step: it runs ffmpeg-static's own installer and, when
 * the download fails (no network here), prints one Vietnamese/English warning, removes a
 * half-written binary and exits 0 so `npm ci` succeeds; with --required (the dist scripts) it
 * exits 1. The installer is a stand-in with install.js's contract (writes <dir>/ffmpeg[.exe]).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli';
import { tmpDir } from '../../helpers';

const SCRIPT = path.join(ROOT, 'scripts/ffmpeg-binary.js');
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A fake ffmpeg-static folder whose install.js does `body` (with `binary` its target path). */
function fakePackage(body: string): string {
  const t = tmpDir('trucban-ffstatic-');
  cleanups.push(t.cleanup);
  fs.writeFileSync(path.join(t.dir, 'package.json'), JSON.stringify({ name: 'ffmpeg-static', version: '0.0.0-test' }));
  fs.writeFileSync(
    path.join(t.dir, 'install.js'),
    `const fs = require('fs'); const path = require('path');
const binary = path.join(__dirname, 'ffmpeg' + ((process.env.npm_config_platform || process.platform) === 'win32' ? '.exe' : ''));
${body}\n`,
  );
  return t.dir;
}

const run = (dir: string, ...args: string[]) => {
  const env = { ...process.env };
  delete env.npm_config_platform;
  delete env.npm_config_arch;
  return spawnSync(process.execPath, [SCRIPT, '--dir', dir, '--timeout-ms', '20000', ...args], { encoding: 'utf8', env });
};

describe('scripts/ffmpeg-binary.js', () => {
  it('a failed download: one bilingual warning, no half-written binary, exit 0', () => {
    const dir = fakePackage(`fs.writeFileSync(binary, 'partial'); console.error(new Error('getaddrinfo ENOTFOUND downloads.example')); process.exit(1);`);
    const r = run(dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('không tải được ffmpeg kèm theo');
    expect(r.stderr).toContain('could not fetch the bundled ffmpeg');
    expect(r.stderr).toContain('ENOTFOUND');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(path.join(dir, 'ffmpeg'))).toBe(false);
  });

  it('--required makes the same failure exit 1 (an installer must not ship without ffmpeg)', () => {
    const dir = fakePackage(`process.exit(1);`);
    expect(run(dir, '--required').status).toBe(1);
  });

  it('a hanging download is cut off by the timeout', () => {
    const dir = fakePackage(`setTimeout(() => {}, 60000);`);
    const started = Date.now();
    const r = spawnSync(process.execPath, [SCRIPT, '--dir', dir, '--timeout-ms', '500'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('timed out after 500 ms');
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a successful download leaves the binary and says where it is', () => {
    const dir = fakePackage(`fs.writeFileSync(binary, '#!/bin/sh\\n', { mode: 0o755 });`);
    const r = run(dir);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(fs.statSync(path.join(dir, 'ffmpeg')).size).toBeGreaterThan(0);
    expect(r.stdout).toContain('ffmpeg');
  });

  it('--platform win32 asks the installer for the Windows binary', () => {
    const dir = fakePackage(`fs.writeFileSync(binary, 'MZ');`);
    const r = run(dir, '--platform', 'win32', '--arch', 'x64', '--required');
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'ffmpeg.exe'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'ffmpeg'))).toBe(false);
  });

  it('an installer that exits 0 without writing the binary is a failure too', () => {
    const dir = fakePackage(`console.log('nothing to do');`);
    expect(run(dir, '--required').status).toBe(1);
  });
});
