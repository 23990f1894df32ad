// fMP4 parsing on real ffmpeg output (docs/architecture.md, "Video"), ffmpeg resolution and argument building.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { describeSource, ffmpegCommand, ffmpegStaticPath, resolveFfmpeg } from '../../../src-main/video/ffmpeg';
import { Fmp4Parser, withDecodeTime } from '../../../src-main/video/fmp4';
import type { InitSegment, MediaFragment } from '../../../src-main/video/fmp4';
import { tmpDir } from '../../helpers';

const FFMPEG = 'ffmpeg';
const hasX265 = spawnSync(FFMPEG, ['-hide_banner', '-encoders'], { encoding: 'utf8' }).stdout?.includes('libx265') ?? false;

function encode(file: string, codec: string[]): void {
  const r = spawnSync(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25', ...codec, '-t', '3', file]);
  if (r.status !== 0) throw new Error(r.stderr.toString());
}

/** Runs the live remux arguments on a file and returns what ffmpeg wrote to the pipe. */
function remux(file: string): Buffer {
  const r = spawnSync(FFMPEG, ffmpegCommand({ inputArgs: ['-i', file], label: 'file' }).args, { maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return r.stdout;
}

function parseAll(bytes: Buffer, chunk: number): { init: InitSegment; fragments: MediaFragment[] } {
  const p = new Fmp4Parser();
  let init: InitSegment | null = null;
  const fragments: MediaFragment[] = [];
  for (let i = 0; i < bytes.length; i += chunk) {
    for (const ev of p.push(bytes.subarray(i, i + chunk))) {
      if (ev.type === 'init') init = ev.init;
      else fragments.push(ev.fragment);
    }
  }
  if (!init) throw new Error('no init');
  return { init, fragments };
}

function probe(file: string): Record<string, string> {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,profile,level,width,height,codec_tag_string', '-of', 'default=nw=1', file], { encoding: 'utf8' });
  return Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split('=') as [string, string]));
}

function keyframesByFfprobe(file: string): number[] {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=flags', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  return r.stdout.trim().split('\n').map((l, i) => (l.startsWith('K') ? i : -1)).filter((i) => i >= 0);
}

let tmp: ReturnType<typeof tmpDir>;
beforeAll(() => {
  tmp = tmpDir('trucban-fmp4-');
});
afterAll(() => tmp.cleanup());

describe('Fmp4Parser on ffmpeg output', () => {
  it('H.264: init segment, one fragment per frame, keyframe every 25, codec string as ffprobe sees it', () => {
    const src = path.join(tmp.dir, 'h264.mp4');
    encode(src, ['-c:v', 'libx264', '-g', '25', '-bf', '0']);
    const bytes = remux(src);
    // any chunking gives the same result
    const a = parseAll(bytes, 997);
    const b = parseAll(bytes, 65536);
    expect(b.fragments.map((f) => f.data.length)).toEqual(a.fragments.map((f) => f.data.length));
    const { init, fragments } = a;
    expect(init.family).toBe('h264');
    expect(init.codec).toMatch(/^avc1\.[0-9a-f]{6}$/);
    expect([init.width, init.height]).toEqual([640, 360]);
    expect(fragments).toHaveLength(75);
    expect(fragments.map((f, i) => (f.keyframe ? i : -1)).filter((i) => i >= 0)).toEqual([0, 25, 50]);
    expect(keyframesByFfprobe(src)).toEqual([0, 25, 50]);
    expect(fragments.every((f) => f.samples === 1)).toBe(true);
    // decode times advance by the durations
    for (let i = 1; i < fragments.length; i++) {
      expect(fragments[i]!.decodeTime).toBe(fragments[i - 1]!.decodeTime + fragments[i - 1]!.duration);
    }
    expect(fragments[1]!.duration / init.timescale).toBeCloseTo(1 / 25, 5);
    // the codec string agrees with ffprobe (profile_idc 100 = High, level_idc = level)
    const p = probe(src);
    const profileIdc = parseInt(init.codec.slice(5, 7), 16);
    const levelIdc = parseInt(init.codec.slice(9, 11), 16);
    expect({ High: 100, Main: 77, Baseline: 66, 'Constrained Baseline': 66 }[p.profile!]).toBe(profileIdc);
    expect(Number(p.level)).toBe(levelIdc);
    // init + fragments is a valid file again
    const out = path.join(tmp.dir, 'again.mp4');
    fs.writeFileSync(out, Buffer.concat([init.data, ...fragments.map((f) => f.data)]));
    expect(probe(out)).toMatchObject({ codec_name: 'h264', width: '640', height: '360' });
  });

  it('rewrites tfdt for a clip on a continuous timeline', () => {
    const src = path.join(tmp.dir, 'h264b.mp4');
    encode(src, ['-c:v', 'libx264', '-g', '25', '-bf', '0']);
    const { init, fragments } = parseAll(remux(src), 4096);
    const f = fragments[30]!;
    const moved = withDecodeTime(f, 123);
    const p = new Fmp4Parser();
    p.push(init.data);
    const [ev] = p.push(moved);
    expect(ev?.type === 'fragment' && ev.fragment.decodeTime).toBe(123);
  });

  it.skipIf(!hasX265)('H.265: detected as hvc/hev with an Annex E codec string', () => {
    const src = path.join(tmp.dir, 'h265.mp4');
    encode(src, ['-c:v', 'libx265', '-x265-params', 'keyint=25:min-keyint=25:bframes=0:scenecut=0:log-level=error']);
    const { init, fragments } = parseAll(remux(src), 3000);
    expect(init.family).toBe('h265');
    expect(init.codec).toMatch(/^(hvc1|hev1)\.1\.6\.L\d+(\.[0-9A-F]+)*$/);
    const p = probe(src);
    expect(p.profile).toBe('Main');
    expect(init.codec.split('.')[3]).toBe(`L${p.level}`);
    expect(fragments.map((f, i) => (f.keyframe ? i : -1)).filter((i) => i >= 0)).toEqual(keyframesByFfprobe(src));
  });
});

describe('resolveFfmpeg', () => {
  const exists = (set: string[]) => (p: string) => set.includes(p);
  it('follows FFMPEG_BIN → settings → ffmpeg-static → PATH', () => {
    const all = ['/env/ffmpeg', '/set/ffmpeg', '/static/ffmpeg', '/usr/bin/ffmpeg'];
    const base = { env: { FFMPEG_BIN: '/env/ffmpeg', PATH: '/nope:/usr/bin' }, settingsPath: '/set/ffmpeg', ffmpegStatic: () => '/static/ffmpeg', platform: 'linux' as const };
    expect(resolveFfmpeg({ ...base, exists: exists(all) })).toEqual({ path: '/env/ffmpeg', source: 'env' });
    expect(resolveFfmpeg({ ...base, exists: exists(all.slice(1)) })).toEqual({ path: '/set/ffmpeg', source: 'settings' });
    expect(resolveFfmpeg({ ...base, exists: exists(all.slice(2)) })).toEqual({ path: '/static/ffmpeg', source: 'ffmpeg-static' });
    expect(resolveFfmpeg({ ...base, exists: exists(all.slice(3)) })).toEqual({ path: '/usr/bin/ffmpeg', source: 'path' });
  });
  it('throws a translated ffmpeg_missing error naming what to install', () => {
    let err: unknown;
    try {
      resolveFfmpeg({ env: { PATH: '/nope' }, exists: () => false, ffmpegStatic: () => null, platform: 'linux' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('ffmpeg_missing');
    expect((err as AppError).message).toContain('apt install ffmpeg');
  });
  it('finds a real ffmpeg here (ffmpeg-static when its binary was fetched, else PATH)', () => {
    const r = resolveFfmpeg({ env: { PATH: process.env.PATH } });
    const fetched = ffmpegStaticPath();
    expect(r.source).toBe(fetched && fs.existsSync(fetched) ? 'ffmpeg-static' : 'path');
    expect(fs.existsSync(r.path)).toBe(true);
  });
});

describe('ffmpegCommand', () => {
  it('builds the remux and the transcode fallback; the camera URL and its RTSP options go into the fd-3 script', () => {
    const c = ffmpegCommand({ url: 'rtsp://u:p@10.0.0.5:554/s1' }, { timeoutMs: 5000 });
    expect(c.args.join(' ')).toContain('-f concat -safe 0 -protocol_whitelist pipe,rtsp,');
    expect(c.args.join(' ')).toContain('-probesize 500000 -analyzeduration 500000 -flags low_delay -i pipe:3 -map 0:v:0 -c:v copy -an -f mp4 -movflags +empty_moov+default_base_moof+frag_every_frame');
    expect(c.args.join(' ')).not.toContain('10.0.0.5');
    expect(c.args[c.args.length - 1]).toBe('pipe:1');
    expect(c.fd3).toBe(
      "ffconcat version 1.0\nfile 'rtsp://u:p@10.0.0.5:554/s1'\noption rtsp_transport 'tcp'\noption timeout '5000000'\noption probesize '500000'\noption analyzeduration '500000'\n",
    );
    const nb = ffmpegCommand({ url: 'rtsp://cam/s1' }, { noBuffer: true });
    expect(nb.args.join(' ')).toContain('-fflags nobuffer -flags low_delay -i pipe:3');
    expect(nb.fd3).toContain("option fflags 'nobuffer'");
    const t = ffmpegCommand({ url: 'rtsp://cam/s1' }, { transcode: true }).args.join(' ');
    expect(t).toContain('-c:v libx264 -preset veryfast -tune zerolatency -g 25 -bf 0');
    // a quote in the URL cannot end the script's string
    expect(ffmpegCommand({ url: "rtsp://cam/it's" }).fd3).toContain("file 'rtsp://cam/it'\\''s'");
    expect(ffmpegCommand({ inputArgs: ['-i', 'x.mp4'], label: 'file' }).fd3).toBeNull();
  });
  it('describes a source without its credentials', () => {
    expect(describeSource({ url: 'rtsp://admin:S3cr%40t@10.0.0.5:554/Streaming/101' })).toBe('rtsp://***:***@10.0.0.5:554/Streaming/101');
    expect(describeSource({ url: 'http://cam/snap.cgi?user=admin&pwd=x1' })).toBe('http://cam/snap.cgi?user=***&pwd=***');
    expect(describeSource({ url: 'rtsp://10.0.0.5/s1' })).toBe('rtsp://10.0.0.5/s1');
  });
});
