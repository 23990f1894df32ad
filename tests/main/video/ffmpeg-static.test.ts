/**
 * The bundled ffmpeg (ffmpeg-static, an optional dependency) is found by the resolution order of
 * src-main/video/ffmpeg.ts in a packaged app's file layout — the package read from app.asar, its
 * binary unpacked beside it — and electron-builder.yml really unpacks and ships that binary.
 * The layout is built on disk (a real folder named app.asar), with ffmpeg-static's own index.js
 * when the package is installed, else a stand-in with the same contract.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { afterEach, describe, expect, it } from 'vitest';
import { ffmpegStaticPath, resolveFfmpeg } from '../../../src-main/video/ffmpeg';
import { ROOT } from '../../helpers/cli';
import { tmpDir } from '../../helpers';

const require = createRequire(import.meta.url);
const exe = process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';

/** ffmpeg-static's index.js and package.json, or a stand-in answering path.join(__dirname, 'ffmpeg'). */
function packageFiles(): { index: string; pkg: string; real: boolean } {
  try {
    const dir = path.dirname(require.resolve('ffmpeg-static/package.json'));
    return { index: fs.readFileSync(path.join(dir, 'index.js'), 'utf8'), pkg: fs.readFileSync(path.join(dir, 'package.json'), 'utf8'), real: true };
  } catch {
    return {
      index: `module.exports = require('path').join(__dirname, 'ffmpeg' + (process.platform === 'win32' ? '.exe' : ''));\n`,
      pkg: JSON.stringify({ name: 'ffmpeg-static', version: '0.0.0-test', main: 'index.js' }),
      real: false,
    };
  }
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** <tmp>/resources/app.asar/{dist-electron/main.cjs,node_modules/ffmpeg-static/…}, binary unpacked or not. */
function packagedLayout(opts: { unpackedBinary: boolean }) {
  const t = tmpDir('trucban-asar-');
  cleanups.push(t.cleanup);
  const asar = path.join(t.dir, 'resources', 'app.asar');
  const unpacked = path.join(t.dir, 'resources', 'app.asar.unpacked');
  const files = packageFiles();
  fs.mkdirSync(path.join(asar, 'dist-electron'), { recursive: true });
  fs.writeFileSync(path.join(asar, 'package.json'), JSON.stringify({ name: 'trucban', main: 'dist-electron/main.cjs' }));
  const main = path.join(asar, 'dist-electron', 'main.cjs');
  fs.writeFileSync(main, '');
  const pkgDir = path.join(asar, 'node_modules', 'ffmpeg-static');
  fs.mkdirSync(pkgDir, { recursive: true });
  fs.writeFileSync(path.join(pkgDir, 'index.js'), files.index);
  fs.writeFileSync(path.join(pkgDir, 'package.json'), files.pkg);
  // what electron-builder leaves inside the asar: a stub, not something a process can start from
  fs.writeFileSync(path.join(pkgDir, exe), '');
  const binary = path.join(unpacked, 'node_modules', 'ffmpeg-static', exe);
  if (opts.unpackedBinary) {
    fs.mkdirSync(path.dirname(binary), { recursive: true });
    fs.writeFileSync(binary, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  }
  // a PATH with its own ffmpeg, the next candidate after ffmpeg-static
  const bin = path.join(t.dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, exe), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return { main, binary, pathFfmpeg: path.join(bin, exe), env: { PATH: bin }, real: files.real };
}

describe('ffmpeg-static in a packaged app', () => {
  it('resolves the binary unpacked beside app.asar, ahead of PATH', () => {
    const l = packagedLayout({ unpackedBinary: true });
    expect(ffmpegStaticPath(l.main)).toBe(l.binary);
    expect(resolveFfmpeg({ env: l.env, ffmpegStatic: () => ffmpegStaticPath(l.main) })).toEqual({ path: l.binary, source: 'ffmpeg-static' });
  });

  it('falls through to PATH when the binary was never fetched (an offline install)', () => {
    const l = packagedLayout({ unpackedBinary: false });
    expect(ffmpegStaticPath(l.main)).toBe(l.binary);
    expect(resolveFfmpeg({ env: l.env, ffmpegStatic: () => ffmpegStaticPath(l.main) })).toEqual({ path: l.pathFfmpeg, source: 'path' });
  });

  it('FFMPEG_BIN and the saved setting still come first', () => {
    const l = packagedLayout({ unpackedBinary: true });
    const r = resolveFfmpeg({ env: { ...l.env, FFMPEG_BIN: l.pathFfmpeg }, ffmpegStatic: () => ffmpegStaticPath(l.main) });
    expect(r).toEqual({ path: l.pathFfmpeg, source: 'env' });
    expect(resolveFfmpeg({ env: l.env, settingsPath: l.pathFfmpeg, ffmpegStatic: () => ffmpegStaticPath(l.main) }).source).toBe('settings');
  });

  it('is null without the package', () => {
    const t = tmpDir('trucban-noasar-');
    cleanups.push(t.cleanup);
    const main = path.join(t.dir, 'main.cjs');
    fs.writeFileSync(main, '');
    expect(ffmpegStaticPath(main)).toBeNull();
  });
});

describe('electron-builder.yml', () => {
  // read with the libraries electron-builder itself reads it with
  const yaml = require('js-yaml') as { load: (s: string) => unknown };
  const config = yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as {
    asarUnpack?: string[];
    win?: { files?: string[] };
    linux?: { files?: string[] };
  };
  const unpacked = (file: string) => (config.asarUnpack ?? []).some((p) => minimatch(file, p, { dot: true }));
  const excluded = (files: string[] | undefined, file: string) => (files ?? []).some((p) => p.startsWith('!') && minimatch(file, p.slice(1), { dot: true }));

  it('unpacks both platforms’ ffmpeg-static binaries and nothing else of the package', () => {
    expect(unpacked('node_modules/ffmpeg-static/ffmpeg')).toBe(true);
    expect(unpacked('node_modules/ffmpeg-static/ffmpeg.exe')).toBe(true);
    expect(unpacked('node_modules/ffmpeg-static/index.js')).toBe(false);
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
  });

  it('each installer ships its own platform’s binary only', () => {
    expect(excluded(config.win?.files, 'node_modules/ffmpeg-static/ffmpeg.exe')).toBe(false);
    expect(excluded(config.win?.files, 'node_modules/ffmpeg-static/ffmpeg')).toBe(true);
    expect(excluded(config.linux?.files, 'node_modules/ffmpeg-static/ffmpeg')).toBe(false);
    expect(excluded(config.linux?.files, 'node_modules/ffmpeg-static/ffmpeg.exe')).toBe(true);
  });

  it('ffmpeg-static is an optional production dependency whose own download script is blocked', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      optionalDependencies?: Record<string, string>;
      allowScripts?: Record<string, boolean>;
      scripts: Record<string, string>;
    };
    expect(pkg.optionalDependencies?.['ffmpeg-static']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.allowScripts?.['ffmpeg-static']).toBe(false);
    for (const s of ['dist', 'dist:win', 'dist:linux']) expect(pkg.scripts[s]).toContain('npm run ffmpeg:fetch');
  });
});
