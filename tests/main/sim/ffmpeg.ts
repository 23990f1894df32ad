// ffmpeg/ffprobe helpers for the simulator tests.
import { spawn } from 'node:child_process';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after `timeoutMs`). */
export function run(cmd: string, args: string[], timeoutMs = 15_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Grabbed {
  rgba: Buffer;
  width: number;
  height: number;
  /** Date.now() when the last byte of the frame arrived from ffmpeg. */
  receivedAtMs: number;
}

/**
 * Decodes `count` consecutive frames of an RTSP stream to raw RGBA (scaled to width × height),
 * over TCP with ffmpeg's low-delay flags, timestamping each frame as it arrives.
 *
 * `-fps_mode passthrough`: the rawvideo muxer has no timestamps, so ffmpeg's default frame-rate
 * mode for it is constant-rate, which duplicates or drops frames whenever the camera's timestamps
 * are uneven. Under CPU load the simulator's pacer sends late frames back to back, so the test saw
 * the same frame id twice or a skipped one ("dup=1 drop=1" in ffmpeg's stats) and failed now and
 * then. Passthrough hands every decoded frame over exactly once.
 */
export function grabFrames(url: string, count: number, width: number, height: number, timeoutMs = 15_000): Promise<Grabbed[]> {
  const size = width * height * 4;
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', [
      '-hide_banner', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-fflags', 'nobuffer', '-flags', 'low_delay',
      '-i', url, '-frames:v', String(count), '-vf', `scale=${width}:${height}`, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    const frames: Grabbed[] = [];
    let pending: Buffer[] = [];
    let pendingLen = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      pending.push(d);
      pendingLen += d.length;
      while (pendingLen >= size) {
        const all = Buffer.concat(pending);
        frames.push({ rgba: all.subarray(0, size), width, height, receivedAtMs: Date.now() });
        pending = [all.subarray(size)];
        pendingLen -= size;
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (frames.length < count) reject(new Error(`ffmpeg gave ${frames.length}/${count} frames (exit ${code}): ${stderr}`));
      else resolve(frames);
    });
  });
}
