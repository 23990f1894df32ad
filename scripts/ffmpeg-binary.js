#!/usr/bin/env node
// The bundled ffmpeg, as a tolerant step of our own install (package.json "postinstall").
//
// `ffmpeg-static` is an optional dependency whose own install script downloads a prebuilt
// binary from the network; package.json's `allowScripts` blocks that script, so `npm ci` never
// fails on a machine that cannot reach the download (this build machine, an offline control
// room). This step runs ffmpeg-static's own installer instead and, when it fails, prints one
// warning (Vietnamese, then English) and exits 0: the app then uses FFMPEG_BIN, the path saved
// in settings or `ffmpeg` on PATH (src-main/video/ffmpeg.ts). A half-written binary is removed.
//
// Usage: node scripts/ffmpeg-binary.js [--platform win32|linux|darwin] [--arch x64|arm64…]
//                                      [--required] [--timeout-ms N] [--dir PACKAGE_DIR]
//   --platform/--arch  fetch another platform's binary (an installer built for Windows on Linux)
//   --required         exit 1 when the binary cannot be had (npm run ffmpeg:fetch, the dist scripts)
//   --dir              ffmpeg-static's folder (default: resolved from the repository; tests)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { platform: null, arch: null, required: false, timeoutMs: 120_000, dir: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--platform') opts.platform = value();
    else if (a === '--arch') opts.arch = value();
    else if (a === '--required') opts.required = true;
    else if (a === '--timeout-ms') opts.timeoutMs = Number(value());
    else if (a === '--dir') opts.dir = path.resolve(value());
    else throw new Error(`unknown argument: ${a}`);
  }
  if (!Number.isFinite(opts.timeoutMs) || opts.timeoutMs <= 0) throw new Error('--timeout-ms needs a positive number');
  return opts;
}

/** ffmpeg-static's folder, or null when the optional package is not installed. */
function packageDir() {
  try {
    return path.dirname(createRequire(path.join(ROOT, 'package.json')).resolve('ffmpeg-static/package.json'));
  } catch {
    return null;
  }
}

/**
 * Fetches the binary through ffmpeg-static's own install.js. Returns { ok, binary, reason }.
 * `env` lets tests point it at a fake package without touching the network.
 */
export function fetchFfmpeg({ dir = packageDir(), platform = null, arch = null, timeoutMs = 120_000, env = process.env } = {}) {
  if (!dir) return { ok: false, binary: null, reason: 'ffmpeg-static is not installed (optional dependency skipped)' };
  const childEnv = { ...env };
  // FFMPEG_BIN also makes ffmpeg-static's index.js answer that path instead of its own binary
  delete childEnv.FFMPEG_BIN;
  if (platform) childEnv.npm_config_platform = platform;
  if (arch) childEnv.npm_config_arch = arch;
  const p = platform ?? env.npm_config_platform ?? process.platform;
  const binary = path.join(dir, p === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
  const existed = fs.existsSync(binary);
  const r = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
    cwd: dir,
    env: childEnv,
    encoding: 'utf8',
    timeout: timeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let ok = r.status === 0 && !r.error;
  if (ok) {
    try {
      ok = fs.statSync(binary).isFile() && fs.statSync(binary).size > 0;
    } catch {
      ok = false;
    }
  }
  if (ok) return { ok: true, binary, reason: null };
  if (!existed) fs.rmSync(binary, { force: true });
  // the installer's own message: its first error line (Node's trailing version line says nothing)
  const lines = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n').map((l) => l.trim()).filter((l) => l && !/^Node\.js v/.test(l));
  const detail = r.error ? r.error.message : (lines.find((l) => /error/i.test(l)) ?? lines[0] ?? '');
  return { ok: false, binary: null, reason: r.signal ? `timed out after ${timeoutMs} ms` : detail || `exit ${r.status}` };
}

export function warning(reason) {
  return (
    `trucban: không tải được ffmpeg kèm theo (ffmpeg-static): ${reason}. Ứng dụng sẽ dùng FFMPEG_BIN, đường dẫn trong Cài đặt hoặc ffmpeg trên PATH; ` +
    `chạy lại \`npm run ffmpeg:fetch\` khi có mạng. / ` +
    `could not fetch the bundled ffmpeg (ffmpeg-static): ${reason}. The app will use FFMPEG_BIN, the path in Settings or ffmpeg on PATH; ` +
    `run \`npm run ffmpeg:fetch\` again with network access.`
  );
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`ffmpeg-binary: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  }
  let r;
  try {
    r = fetchFfmpeg(opts);
  } catch (err) {
    r = { ok: false, binary: null, reason: err instanceof Error ? err.message : String(err) };
  }
  if (r.ok) {
    console.log(`trucban: ffmpeg: ${path.relative(process.cwd(), r.binary) || r.binary}`);
  } else {
    console.warn(warning(r.reason));
    process.exitCode = opts.required ? 1 : 0;
  }
}
