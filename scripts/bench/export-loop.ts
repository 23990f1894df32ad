/**
 * bench:export-loop — does one officer's big export hold up the others? A station with N
 * logbook entries exports them as one PDF through `logbook:exportJob` (a job worker); meanwhile
 * another session calls `app:status` every 50 ms. Reports that call's latency and the core's
 * event-loop delay (perf_hooks.monitorEventLoopDelay) while the export runs.
 *
 *   npm run bench:export-loop -- [--rows N] [--format pdf|docx] [--json FILE]
 *
 * Target (docs/performance.md): other calls answer within 100 ms while the export runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openCore } from '../../src-main/app/core';
import { readPressure, stallShare } from './pressure';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
};
const rows = Number(arg('rows', '8000'));
const format = arg('format', 'pdf') as 'pdf' | 'docx';
const jsonOut = arg('json', '');
if (!Number.isInteger(rows) || rows < 1 || rows > 200_000) throw new Error('--rows takes 1 … 200000');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-export-loop-'));
const core = openCore({ dbPath: path.join(dir, 'station.sqlite') });
try {
  await core.setupStation(
    { code: '01B1', name: 'Hải quan cửa khẩu sân bay quốc tế Nội Bài', kind: 'border_post', place: 'Hà Nội', parentBody: 'CỤC HẢI QUAN' },
    { login: 'admin', fullName: 'Quản trị', password: 'mat-khau-do-dac-1' },
  );
  // 28 days of entries, evenly spread (one export covers them all)
  const from = Date.parse('2026-11-01T01:00:00Z');
  const step = Math.floor((27 * 86_400_000) / rows);
  for (let i = 0; i < rows; i++) core.logbook.add({ kind: 'work', text: `Kiểm tra camera cổng A, bãi container số ${i}: bình thường`, occurredAt: from + i * step }, 'admin');
  const admin = core.users.byLogin('admin')!.id;
  for (const s of ['exporter', 'other']) core.dispatcher.adopt(s, admin);
  const call = (sessionId: string, ch: string, input: unknown) => core.dispatcher.call(ch, input, { sessionId, transport: 'test' });
  await call('other', 'app:status', {});

  const p0 = readPressure();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t0 = performance.now();
  const started = await call('exporter', 'logbook:exportJob', { from: '2026-11-01', to: '2026-11-28', format });
  if (!started.ok) throw new Error(`export refused: ${started.error.code}`);
  const id = (started.value as { id: string }).id;
  const latencies: number[] = [];
  let job: { status: string; result?: { rows: number; size: number } } = { status: 'queued' };
  while (job.status !== 'done' && job.status !== 'failed') {
    const a = performance.now();
    await call('other', 'app:status', {});
    latencies.push(performance.now() - a);
    const r = await call('exporter', 'jobs:get', { id });
    if (!r.ok) throw new Error(`jobs:get: ${r.error.code}`);
    job = r.value as typeof job;
    await new Promise((res) => setTimeout(res, 50));
  }
  const exportMs = performance.now() - t0;
  delay.disable();
  const p1 = readPressure();
  latencies.sort((x, y) => x - y);
  const pct = (f: number) => latencies[Math.min(latencies.length - 1, Math.floor(f * latencies.length))]!;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  const result = {
    rows,
    format,
    status: job.status,
    exportMs: Math.round(exportMs),
    fileBytes: job.result?.size ?? null,
    otherCalls: latencies.length,
    otherCallP50Ms: r2(pct(0.5)),
    otherCallP99Ms: r2(pct(0.99)),
    otherCallMaxMs: r2(latencies.at(-1)!),
    loopDelayP99Ms: r2(delay.percentile(99) / 1e6),
    loopDelayMaxMs: r2(delay.max / 1e6),
    target: { otherCallMaxMs: 100 },
    contention: { loadavgStart: p0.loadavg, loadavgEnd: p1.loadavg, cpuPressure: stallShare(p0.cpuSomeUs, p1.cpuSomeUs, exportMs / 1000) },
    cpus: os.cpus().length,
    at: new Date().toISOString(),
  };
  console.log('| metric | value |\n|---|---|');
  for (const [k, v] of Object.entries(result)) console.log(`| ${k} | ${typeof v === 'object' ? JSON.stringify(v) : v} |`);
  if (jsonOut) {
    fs.mkdirSync(path.dirname(path.resolve(jsonOut)), { recursive: true });
    fs.writeFileSync(jsonOut, `${JSON.stringify(result, null, 2)}\n`);
  }
} finally {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
