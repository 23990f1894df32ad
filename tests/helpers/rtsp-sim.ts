// Test harness for the RTSP camera simulator (scripts/sim/cameras.py, scripts/sim/README.md).
// Starts it on a free loopback port, waits for its "ready" line and always kills its process
// group on stop() or when the test process exits.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SendRecord, SimStream } from '../../scripts/sim/frame-id';
import { onJsonLines } from './json-lines';

export const SIM_PYTHON = '/usr/bin/python3';
export const SIM_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/sim/cameras.py');

export interface RtspSimOptions {
  count: number;
  /** Cycle faults on some cameras (default every 4th); `true` or the camera numbers. */
  faults?: boolean | number[];
  /** Multiplies the fault cycle's durations (1 = 20 s ok, 8 s drop, …). */
  faultScale?: number;
  /** Basic auth `{ user, password }` on all cameras or only `cameras`. */
  auth?: { user: string; password: string; cameras?: number[] };
  /** Cameras that send H.265 instead of H.264 (both streams). */
  h265?: number[];
  /** Captions by camera number (the registry's names), drawn on each camera's picture. */
  names?: Record<number, string>;
  /** RTSP port; 0 (default) lets the simulator bind any free port. */
  port?: number;
  /** Receives every JSON line the simulator prints (fault, control, clips…). */
  onEvent?: (event: SimEvent) => void;
}

export interface SimEvent {
  event: string;
  [key: string]: unknown;
}

export interface CameraStatus {
  camera: number;
  name: string;
  down: boolean;
  frozen: boolean;
  stutter: boolean;
  fault: string;
  protected: boolean;
  codec: 'h264' | 'h265';
  streams: Record<SimStream, { sent: number; attached: boolean }>;
}

export interface RtspSim {
  port: number;
  pid: number;
  /** Base URL of the HTTP control endpoint. */
  controlUrl: string;
  url(cam: number, stream?: SimStream, creds?: { user: string; password: string }): string;
  control: {
    kill(cam: number): Promise<CameraStatus>;
    restore(cam: number): Promise<CameraStatus>;
    freeze(cam: number): Promise<CameraStatus>;
    unfreeze(cam: number): Promise<CameraStatus>;
    status(cam: number): Promise<CameraStatus>;
    /** Send records [seq, frame id, wall ms] newer than `since` (a seq), ~20 s kept. */
    frames(cam: number, stream: SimStream, since?: number): Promise<SendRecord[]>;
  };
  events: SimEvent[];
  stop(): Promise<void>;
}

/** Null when the simulator can run here, else why not (for `describe.skipIf`). */
export function rtspSimUnavailable(): string | null {
  const r = spawnSync(SIM_PYTHON, ['-c', "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer"], { stdio: 'ignore' });
  if (r.status !== 0) return `${SIM_PYTHON} with GstRtspServer is missing (apt install python3-gi gir1.2-gst-rtsp-server-1.0)`;
  const f = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' });
  if (f.status !== 0) return 'ffmpeg is missing';
  return null;
}

const live = new Set<ChildProcess>();
function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}
process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

export async function startRtspSim(opts: RtspSimOptions): Promise<RtspSim> {
  const args = [SIM_SCRIPT, '--count', String(opts.count), '--port', String(opts.port ?? 0), '--watch-stdin'];
  if (opts.faults) {
    args.push('--faults');
    if (Array.isArray(opts.faults)) args.push('--fault-cameras', opts.faults.join(','));
  }
  if (opts.faultScale) args.push('--fault-scale', String(opts.faultScale));
  if (opts.h265?.length) args.push('--h265-cameras', opts.h265.join(','));
  for (const [n, name] of Object.entries(opts.names ?? {})) args.push('--name', `${n}=${name}`);
  if (opts.auth) {
    args.push('--auth', `${opts.auth.user}:${opts.auth.password}`);
    if (opts.auth.cameras) args.push('--auth-cameras', opts.auth.cameras.join(','));
  }
  // own process group (detached) so stop() takes ffmpeg encoders down too; stdin is a pipe the
  // simulator watches, so it also exits if this process dies without running its exit hooks
  const child = spawn(SIM_PYTHON, args, { detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  const events: SimEvent[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => live.delete(child));

  const ready = await new Promise<SimEvent>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`rtsp sim not ready after 100 s: ${stderr}`));
    }, 100_000);
    exited.then(() => clearTimeout(timer));
    onJsonLines(child.stdout!, (o) => {
      const ev = o as SimEvent;
      events.push(ev);
      opts.onEvent?.(ev);
      if (ev.event === 'ready') {
        clearTimeout(timer);
        resolve(ev);
      }
      if (ev.event === 'error') reject(new Error(`rtsp sim: ${String(ev.message)}`));
    });
    exited.then(() => reject(new Error(`rtsp sim exited before ready (code ${child.exitCode}): ${stderr}`)));
  });

  const port = ready.port as number;
  const controlUrl = ready.control as string;
  const call = async <T>(method: 'GET' | 'POST', p: string): Promise<T> => {
    const res = await fetch(controlUrl + p, { method });
    const body = (await res.json()) as T;
    if (!res.ok) throw new Error(`rtsp sim ${method} ${p}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  return {
    port,
    pid: child.pid!,
    controlUrl,
    events,
    url: (cam, stream = 'main', creds) => {
      const auth = creds ? `${encodeURIComponent(creds.user)}:${encodeURIComponent(creds.password)}@` : '';
      return `rtsp://${auth}127.0.0.1:${port}/cam${cam}/${stream}`;
    },
    control: {
      kill: (cam) => call('POST', `/cameras/${cam}/kill`),
      restore: (cam) => call('POST', `/cameras/${cam}/restore`),
      freeze: (cam) => call('POST', `/cameras/${cam}/freeze`),
      unfreeze: (cam) => call('POST', `/cameras/${cam}/unfreeze`),
      status: (cam) => call('GET', `/cameras/${cam}`),
      frames: async (cam, stream, since = 0) =>
        (await call<{ frames: SendRecord[] }>('GET', `/cameras/${cam}/frames/${stream}?since=${since}`)).frames,
    },
    stop: async () => {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGKILL'); // leftovers in the group, if any
      } catch {
        /* none */
      }
    },
  };
}
