/**
 * Heavy work off the core's event loop. A job (a logbook export today) runs in a small pool of
 * worker threads; the caller gets a job id at once and follows its progress (jobs:get,
 * jobs:list), then downloads the file the job wrote in the station's exports folder. Each
 * worker reads the station over its own read-only connection; nothing a job does appends to
 * the journal (writes stay on the core's connection). At most PER_USER_LIMIT jobs per user are
 * queued or running at once (too_many_jobs beyond).
 *
 * The worker entry point is src-main/jobs/worker.ts, started through tsx when this module runs
 * from TypeScript (development, tests: the same way bin/trucban.js runs the CLI) and as the
 * esbuild bundle jobs-worker.cjs beside main.cjs in the Electron app (scripts/build-electron.js).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, ERROR_CODES, isAppErrorData } from '../../src-shared/errors';
import type { AppErrorData } from '../../src-shared/errors';
import type { JobInfo, JobKind } from '../../src-shared/domain/jobs';
import { uuidv7 } from '../journal/ids';
import type { LogbookExportParams, TaskRequest } from './tasks';
import type { WorkerMessage } from './worker';

export const PER_USER_LIMIT = 2;
/** Finished jobs remembered (and their files kept) before the oldest are forgotten. */
const KEEP_FINISHED = 50;

export interface JobRunnerOptions {
  dbPath: string;
  nativeBinding?: string;
  /** Where jobs write their files (default `<db>.exports`). */
  dir?: string;
  now: () => number;
  /** Worker threads (default: one per spare core, at most 2). */
  workers?: number;
  perUserLimit?: number;
  log?: (m: string) => void;
}

interface Job {
  info: JobInfo;
  request: TaskRequest;
  /** The file is ours to delete when the job is forgotten (not a CLI --out). */
  owned: boolean;
  waiters: ((j: JobInfo) => void)[];
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

const copy = (i: JobInfo): JobInfo => ({ ...i, result: i.result ? { ...i.result } : null, error: i.error ? { ...i.error } : null });

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

function startWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // tsx's ESM API (what bin/trucban.js registers), found through its package.json exports
    const pkgFile = createRequire(here).resolve('tsx/package.json');
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
    const tsx = pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
    const entry = new URL('./worker.ts', here).href;
    const source = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx)
  .then((m) => { (m.register ?? m.default.register)(); return import(workerData.entry); })
  .catch((e) => { console.error(e); process.exit(1); });`;
    return new Worker(source, { eval: true, workerData: { tsx, entry } });
  }
  return new Worker(path.join(path.dirname(fileURLToPath(here)), 'jobs-worker.cjs'));
}

export class JobRunner {
  readonly dir: string;
  private readonly jobs = new Map<string, Job>();
  private readonly queue: Job[] = [];
  private readonly slots: Slot[] = [];
  private readonly size: number;
  private readonly perUser: number;
  private closed = false;
  private swept = false;

  constructor(private readonly o: JobRunnerOptions) {
    this.dir = o.dir ?? (o.dbPath === ':memory:' ? path.join(os.tmpdir(), `trucban-exports-${process.pid}`) : `${o.dbPath}.exports`);
    this.size = Math.max(1, o.workers ?? Math.min(2, Math.max(1, os.availableParallelism() - 1)));
    this.perUser = o.perUserLimit ?? PER_USER_LIMIT;
  }

  /** Queues a logbook export; answers at once with the job (too_many_jobs past the per-user limit). */
  startLogbookExport(params: LogbookExportParams, owner: string, opts: { out?: string } = {}): JobInfo {
    return this.start('logbook.export', params, `${params.from} → ${params.to}, ${params.format}`, owner, opts.out);
  }

  get(id: string, owner?: string): JobInfo {
    const j = this.jobs.get(id);
    if (!j || (owner !== undefined && j.info.owner !== owner)) throw new AppError('not_found', `job ${id} not found`, { field: 'id' });
    return copy(j.info);
  }

  /** The owner's jobs, newest first. */
  list(owner?: string): JobInfo[] {
    return [...this.jobs.values()]
      .filter((j) => owner === undefined || j.info.owner === owner)
      .map((j) => copy(j.info))
      .sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  /** Resolves once the job is done or failed. */
  wait(id: string): Promise<JobInfo> {
    const j = this.jobs.get(id);
    if (!j) return Promise.reject(new AppError('not_found', `job ${id} not found`, { field: 'id' }));
    if (j.info.status === 'done' || j.info.status === 'failed') return Promise.resolve(copy(j.info));
    return new Promise((resolve) => j.waiters.push(resolve));
  }

  /** The file a finished job wrote, for downloading. */
  file(id: string, owner?: string): { path: string; fileName: string; mime: string; size: number } {
    const info = this.get(id, owner);
    const j = this.jobs.get(id)!;
    if (info.status !== 'done' || !info.result) throw new AppError('not_found', `job ${id} has no file (${info.status})`, { field: 'id' });
    return { path: j.request.out, fileName: info.result.fileName, mime: info.result.mime, size: info.result.size };
  }

  close(): void {
    this.closed = true;
    for (const s of this.slots) void s.worker.terminate();
    this.slots.length = 0;
    for (const j of [...this.queue, ...[...this.jobs.values()].filter((x) => x.info.status === 'running')]) {
      this.finish(j, { error: { code: 'unavailable', message: 'the application closed before the job finished' } });
    }
    this.queue.length = 0;
  }

  private start(kind: JobKind, params: LogbookExportParams, label: string, owner: string, out?: string): JobInfo {
    if (this.closed) throw new AppError('unavailable', 'the job runner is closed');
    const active = [...this.jobs.values()].filter((j) => j.info.owner === owner && (j.info.status === 'queued' || j.info.status === 'running')).length;
    if (active >= this.perUser) {
      throw new AppError('too_many_jobs', `${owner} already has ${active} heavy jobs running (at most ${this.perUser})`, { params: { max: this.perUser } });
    }
    this.sweep();
    const now = this.o.now();
    const id = uuidv7(now);
    const info: JobInfo = { id, kind, owner, status: 'queued', phase: 'queued', progress: 0, label, createdAt: now, finishedAt: null, result: null, error: null };
    const request: TaskRequest = {
      id,
      kind,
      dbPath: this.o.dbPath,
      nativeBinding: this.o.nativeBinding ?? null,
      out: out ? path.resolve(out) : path.join(this.dir, `${id}.${params.format}`),
      params,
    };
    const job: Job = { info, request, owned: !out, waiters: [] };
    this.jobs.set(id, job);
    this.queue.push(job);
    this.pump();
    return copy(info);
  }

  /** Removes files left by an earlier run (the job records died with it). Once, lazily. */
  private sweep(): void {
    if (this.swept) return;
    this.swept = true;
    try {
      for (const f of fs.readdirSync(this.dir)) fs.rmSync(path.join(this.dir, f), { force: true });
    } catch {
      // no folder yet
    }
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      job.info.status = 'running';
      job.info.phase = 'reading';
      // a busy worker keeps the process alive (the CLI awaits its job); an idle one does not
      slot.worker.ref();
      slot.worker.postMessage(job.request);
    }
  }

  private spawn(): Slot {
    const worker = startWorker();
    const slot: Slot = { worker, job: null };
    worker.unref();
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') return;
      const job = this.jobs.get(m.id);
      if (!job) return;
      if (m.type === 'progress') {
        job.info.phase = m.phase;
        job.info.progress = Math.max(job.info.progress, Math.min(1, m.progress));
        return;
      }
      if (slot.job === job) {
        slot.job = null;
        worker.unref();
      }
      if (m.type === 'done') this.finish(job, { result: m.result });
      else {
        if (!m.error) this.o.log?.(`[jobs] ${job.info.kind} ${job.info.id} failed: ${m.detail}`);
        const error: AppErrorData =
          isAppErrorData(m.error) && KNOWN_CODES.has(m.error.code) ? m.error : { code: 'internal', message: 'internal error; the job was not completed' };
        this.finish(job, { error });
      }
      this.pump();
    });
    const lost = (why: string) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      const job = slot.job;
      slot.job = null;
      if (job) {
        this.o.log?.(`[jobs] worker lost during ${job.info.kind} ${job.info.id}: ${why}`);
        this.finish(job, { error: { code: 'internal', message: 'internal error; the job was not completed' } });
      }
      this.pump();
    };
    worker.on('error', (e) => lost(e.stack ?? String(e)));
    worker.on('exit', (code) => lost(`exit ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private finish(job: Job, r: { result?: JobInfo['result']; error?: AppErrorData }): void {
    if (job.info.status === 'done' || job.info.status === 'failed') return;
    job.info.status = r.error ? 'failed' : 'done';
    job.info.phase = job.info.status;
    job.info.progress = r.error ? job.info.progress : 1;
    job.info.result = r.result ?? null;
    job.info.error = r.error ?? null;
    job.info.finishedAt = this.o.now();
    for (const w of job.waiters.splice(0)) w(copy(job.info));
    this.forgetOld();
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.info.status === 'done' || j.info.status === 'failed');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.jobs.delete(j.info.id);
      if (j.owned) fs.rmSync(j.request.out, { force: true });
    }
  }
}
