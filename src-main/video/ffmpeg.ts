/**
 * Finding the ffmpeg binary and building its argument lists (design.md §5).
 * Order: FFMPEG_BIN → the path saved in settings → the `ffmpeg-static` binary when that optional
 * package is installed → `ffmpeg` on PATH → AppError('ffmpeg_missing') naming what to install.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';

export type FfmpegSource = 'env' | 'settings' | 'ffmpeg-static' | 'path';

export interface ResolvedFfmpeg {
  path: string;
  source: FfmpegSource;
}

export interface ResolveFfmpegOptions {
  env?: NodeJS.ProcessEnv;
  /** The ffmpeg path saved in the station's settings, if any. */
  settingsPath?: string | null;
  /** File check (tests inject); default: an executable regular file. */
  exists?: (file: string) => boolean;
  /** Path of the `ffmpeg-static` binary, or null; default: require('ffmpeg-static') when installed. */
  ffmpegStatic?: () => string | null;
  platform?: NodeJS.Platform;
}

function isExecutable(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The `ffmpeg-static` optional dependency's binary, or null when the package is not installed. */
export function ffmpegStaticPath(): string | null {
  try {
    const req = createRequire(import.meta.url);
    const p: unknown = req('ffmpeg-static');
    if (typeof p !== 'string') return null;
    // Packaged apps unpack binaries next to app.asar.
    return p.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
  } catch {
    return null;
  }
}

export function resolveFfmpeg(opts: ResolveFfmpegOptions = {}): ResolvedFfmpeg {
  const env = opts.env ?? process.env;
  const exists = opts.exists ?? isExecutable;
  const platform = opts.platform ?? process.platform;
  const tried: string[] = [];
  const pick = (p: string | null | undefined, source: FfmpegSource): ResolvedFfmpeg | null => {
    if (!p) return null;
    if (exists(p)) return { path: p, source };
    tried.push(p);
    return null;
  };
  const fromEnv = pick(env.FFMPEG_BIN, 'env');
  if (fromEnv) return fromEnv;
  const fromSettings = pick(opts.settingsPath, 'settings');
  if (fromSettings) return fromSettings;
  const fromStatic = pick((opts.ffmpegStatic ?? ffmpegStaticPath)(), 'ffmpeg-static');
  if (fromStatic) return fromStatic;
  const names = platform === 'win32' ? ['ffmpeg.exe'] : ['ffmpeg'];
  const delimiter = platform === 'win32' ? ';' : ':';
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const found = pick(path.join(dir, name), 'path');
      if (found) return found;
    }
  }
  const install =
    platform === 'win32'
      ? 'ffmpeg.exe (https://ffmpeg.org/download.html), then set FFMPEG_BIN'
      : platform === 'darwin'
        ? 'brew install ffmpeg'
        : 'apt install ffmpeg';
  throw new AppError(
    'ffmpeg_missing',
    `ffmpeg not found: install ffmpeg (${install}) or set FFMPEG_BIN` +
      (env.FFMPEG_BIN ? ` (FFMPEG_BIN=${env.FFMPEG_BIN} is not an executable file)` : ''),
    { params: { install } },
  );
}

/** Where a stream comes from: a camera URL, or (tests, files) raw ffmpeg input arguments. */
export type StreamSource = { url: string } | { inputArgs: string[]; label: string };

export interface FfmpegArgsOptions {
  /** Re-encode to H.264 (a codec the browser cannot decode); default: copy. */
  transcode?: boolean;
  /** RTSP socket I/O timeout; default 5 s. */
  timeoutMs?: number;
  /** RTSP transport; default tcp. */
  rtspTransport?: 'tcp' | 'udp';
  loglevel?: 'error' | 'warning' | 'info';
  /**
   * Input probing bounds. Small bounds start a camera in ~0.25 s instead of ~1.2 s (measured
   * against the simulator); ffmpeg stops probing as soon as it has the SPS anyway.
   */
  probeSize?: number;
  analyzeDurationMs?: number;
  /**
   * `-fflags nobuffer` (design.md §5) discards the packets read while probing, so the first
   * keyframe is lost and a viewer waits one more GOP (~2.2 s to the first fragment instead of
   * ~0.25 s against the simulator). Off by default; ffmpeg adds no latency after start-up without it.
   */
  noBuffer?: boolean;
}

/** Masks `user:pass@` (and `password=`/`pwd=` query values) in a URL for logs and messages. */
export function redactUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@')
    .replace(/([?&](?:password|pass|pwd|passwd|user|username|token|auth)=)[^&#\s]*/gi, '$1***');
}

/** A source described without secrets. */
export function describeSource(source: StreamSource): string {
  return 'url' in source ? redactUrl(source.url) : source.label;
}

/** The live remux (or transcode) arguments: video only, fragmented MP4, one fragment per frame, on stdout. */
export function ffmpegArgs(source: StreamSource, opts: FfmpegArgsOptions = {}): string[] {
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', opts.loglevel ?? 'warning'];
  if ('url' in source) {
    if (/^rtsps?:/i.test(source.url)) {
      args.push('-rtsp_transport', opts.rtspTransport ?? 'tcp', '-timeout', String(Math.round((opts.timeoutMs ?? 5_000) * 1000)));
    }
    args.push('-probesize', String(opts.probeSize ?? 500_000), '-analyzeduration', String(Math.round((opts.analyzeDurationMs ?? 500) * 1000)));
    if (opts.noBuffer) args.push('-fflags', 'nobuffer');
    args.push('-flags', 'low_delay', '-i', source.url);
  } else {
    // files and test inputs: `nobuffer` would discard the packets read while probing
    args.push('-flags', 'low_delay', ...source.inputArgs);
  }
  args.push('-map', '0:v:0');
  if (opts.transcode) {
    args.push('-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-g', '25', '-bf', '0', '-pix_fmt', 'yuv420p');
  } else {
    args.push('-c:v', 'copy');
  }
  args.push('-an', '-f', 'mp4', '-movflags', '+empty_moov+default_base_moof+frag_every_frame', '-flush_packets', '1', 'pipe:1');
  return args;
}

/** Arguments that decode one frame of an fMP4 on stdin to a PNG on stdout (`selectFrame`: the n-th decoded frame). */
export function snapshotArgs(selectFrame = 0): string[] {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'mp4', '-i', 'pipe:0'];
  if (selectFrame > 0) args.push('-vf', `select=gte(n\\,${selectFrame})`);
  args.push('-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1');
  return args;
}
