// 16 cameras with every sub stream pulled by its own `ffmpeg -c copy` client: the simulator's
// own CPU time (utime + stime from /proc, not wall time, so a busy machine does not inflate it)
// over 5 s stays under a generous bound. It serves pre-encoded clips, so it needs ~15% of one
// core here; re-encoding each frame would take several cores and fail the bound.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rtspSimUnavailable, startRtspSim } from '../../helpers/rtsp-sim';
import type { RtspSim } from '../../helpers/rtsp-sim';

const unavailable = rtspSimUnavailable();
const COUNT = 16;
/** Four times what it uses on this 2-core machine (14% measured under a load average of 12). */
const MAX_CPU_PERCENT_OF_ONE_CORE = 60;

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

describe.skipIf(unavailable !== null)('RTSP camera simulator: 16 cameras', () => {
  let sim: RtspSim;
  const clients: ChildProcess[] = [];
  beforeAll(async () => {
    sim = await startRtspSim({ count: COUNT });
  });
  afterAll(async () => {
    for (const c of clients) c.kill('SIGKILL');
    await sim?.stop();
  });

  it('serves 16 sub streams to 16 copy clients at low CPU', async () => {
    for (let cam = 1; cam <= COUNT; cam++) {
      clients.push(spawn('ffmpeg', ['-v', 'error', '-rtsp_transport', 'tcp', '-i', sim.url(cam, 'sub'), '-c', 'copy', '-f', 'null', '-'], { stdio: 'ignore' }));
    }
    await expect
      .poll(async () => {
        const st = await Promise.all(Array.from({ length: COUNT }, (_, i) => sim.control.status(i + 1)));
        return st.filter((s) => s.streams.sub.attached).length;
      }, { timeout: 20_000, interval: 250 })
      .toBe(COUNT);
    const sent0 = await sim.control.status(1);
    const cpu0 = cpuSeconds(sim.pid);
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, 5000));
    const cpu = cpuSeconds(sim.pid) - cpu0;
    const wall = (Date.now() - t0) / 1000;
    const sent = (await sim.control.status(1)).streams.sub.sent - sent0.streams.sub.sent;
    const share = (100 * cpu) / wall;
    console.log(
      `simulator CPU with ${COUNT} cameras × sub pulled by ${COUNT} copy clients: ${share.toFixed(1)}% of one core ` +
        `(${cpu.toFixed(2)} s over ${wall.toFixed(1)} s, ${os.cpus().length} cores); cam 1 sent ${sent} frames (${(sent / wall).toFixed(1)} fps)`,
    );
    expect(clients.every((c) => c.exitCode === null)).toBe(true);
    expect(sent).toBeGreaterThan(0);
    expect(cpu).toBeGreaterThan(0); // the measurement saw the simulator work at all
    expect(share).toBeLessThan(MAX_CPU_PERCENT_OF_ONE_CORE);
  });
});
