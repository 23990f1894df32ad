/**
 * Finding the ffmpeg binary and building its argument lists (docs/architecture.md, "Video").
 * Order: FFMPEG_BIN → the path saved in settings → the `ffmpeg-static` binary when that optional
 * package is installed → `ffmpeg` on PATH → AppError('ffmpeg_missing') naming what to install.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../src-shared/errors';
import { redact, secretsOf } from '../../src-shared/text/redact';

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

/**
 * The `ffmpeg-static` optional dependency's binary, or null when the package is not installed.
 * `from`: the module the package is resolved from (tests give a fake layout; default: this one,
 * which is dist-electron/main.cjs inside app.asar in a packaged app).
 */
export function ffmpegStaticPath(from: string = import.meta.url): string | null {
  try {
    const req = createRequire(from);
    const p: unknown = req('ffmpeg-static');
    if (typeof p !== 'string') return null;
    // A packaged app reads the package from app.asar, but electron-builder unpacks its binary
    // beside it (electron-builder.yml, asarUnpack): a process cannot be started from inside an asar.
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
   * `-fflags nobuffer` discards the packets read while probing, so the first
   * keyframe is lost and a viewer waits one more GOP (~2.2 s to the first fragment instead of
   * ~0.25 s against the simulator). Off by default; ffmpeg adds no latency after start-up without it.
   */
  noBuffer?: boolean;
}

/** A source described without secrets. */
export function describeSource(source: StreamSource): string {
  return 'url' in source ? redact(source.url, { secrets: secretsOf(source.url) }) : source.label;
}

/**
 * An ffmpeg invocation: its arguments, and the text to write into its fd 3 (then closed), or
 * null. A camera URL never goes into the arguments — every OS user can read a process's
 * command line (/proc/<pid>/cmdline, `ps`) — but into a one-entry ffconcat script that ffmpeg
 * reads from the pipe on fd 3 (`-f concat -i pipe:3`, which Debian 12's ffmpeg 5.1 supports;
 * `-/option file` only arrives with ffmpeg 7). The RTSP options go into the script (`option`
 * lines), so they apply to the camera's own demuxer, as `-rtsp_transport`/`-timeout` did.
 */
export interface FfmpegCommand {
  args: string[];
  fd3: string | null;
}

/** ffmpeg's protocols a camera input may use (the concat script's entry inherits the list). */
const INPUT_PROTOCOLS = 'pipe,rtsp,rtp,srtp,udp,tcp,tls,http,https,httpproxy,crypto';

/** ffconcat's quoting: inside '…' everything is literal, so a quote is written '\''. */
const ffconcatQuote = (s: string) => `'${s.split("'").join("'\\''")}'`;

/** The ffconcat script for one camera URL: the URL and its demuxer options, never on the command line. */
export function concatScript(url: string, options: [string, string][]): string {
  if (/[\r\n\0]/.test(url)) throw new AppError('invalid_camera_url', 'a stream URL cannot contain line breaks');
  return ['ffconcat version 1.0', `file ${ffconcatQuote(url)}`, ...options.map(([k, v]) => `option ${k} ${ffconcatQuote(v)}`), ''].join('\n');
}

/**
 * The live remux (or transcode) command: video only, fragmented MP4, one fragment per frame, on
 * stdout. A URL source is read through the fd-3 ffconcat script (see FfmpegCommand).
 */
export function ffmpegCommand(source: StreamSource, opts: FfmpegArgsOptions = {}): FfmpegCommand {
  const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', opts.loglevel ?? 'warning'];
  let fd3: string | null = null;
  if ('url' in source) {
    const probe: [string, string][] = [
      ['probesize', String(opts.probeSize ?? 500_000)],
      ['analyzeduration', String(Math.round((opts.analyzeDurationMs ?? 500) * 1000))],
    ];
    const options: [string, string][] = [];
    if (/^rtsps?:/i.test(source.url)) {
      options.push(['rtsp_transport', opts.rtspTransport ?? 'tcp'], ['timeout', String(Math.round((opts.timeoutMs ?? 5_000) * 1000))]);
    }
    // the camera's demuxer probes inside the concat demuxer: its bounds go into the script too
    options.push(...probe);
    if (opts.noBuffer) options.push(['fflags', 'nobuffer']);
    fd3 = concatScript(source.url, options);
    args.push('-f', 'concat', '-safe', '0', '-protocol_whitelist', INPUT_PROTOCOLS);
    args.push('-probesize', probe[0]![1], '-analyzeduration', probe[1]![1]);
    if (opts.noBuffer) args.push('-fflags', 'nobuffer');
    args.push('-flags', 'low_delay', '-i', 'pipe:3');
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
  return { args, fd3 };
}

/** Arguments that decode one frame of an fMP4 on stdin to a PNG on stdout (`selectFrame`: the n-th decoded frame). */
export function snapshotArgs(selectFrame = 0): string[] {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'mp4', '-i', 'pipe:0'];
  if (selectFrame > 0) args.push('-vf', `select=gte(n\\,${selectFrame})`);
  args.push('-frames:v', '1', '-f', 'image2pipe', '-c:v', 'png', 'pipe:1');
  return args;
}
