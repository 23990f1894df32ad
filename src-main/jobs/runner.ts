/**
 * Heavy work off the core's event loop. A job (a logbook export today) runs in a small pool of
 * worker threads; the caller gets a job id at once and follows its progress (jobs:get,
 * jobs:list, or the `jobs` push topic: `onChange` reports every change of a job — queued,
 * running with its phase and progress, done or failed — and the core pushes it to the job's
 * owner), then downloads the file the job wrote in the station's exports folder. Each
 * worker reads the station over its own read-only connection; nothing a job does appends to
 * the journal (writes stay on the core's connection). At most PER_USER_LIMIT jobs per user are
 * queued or running at once (too_many_jobs beyond).
 *
 * The worker entry point is src-main/jobs/worker.ts, started through tsx when this module runs
 * from TypeScript (development, tests) and as the esbuild bundle jobs-worker.cjs beside the
 * bundle that runs (main.cjs in the Electron app, scripts/build-electron.js; the CLI's
 * dist-cli/cli.cjs, scripts/build-cli.js).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, ERROR_CODES, isAppErrorData } from '../../src-shared/errors';
import type { AppErrorData } from '../../src-shared/errors';
import type { JobInfo, JobPhase, JobResult } from '../../src-shared/domain/jobs';
import { uuidv7 } from '../journal/ids';
import type { LogbookExportParams, LogbookExportRequest, TaskRequest, TaskResult } from './tasks';
import type { FormRenderInput } from '../documents/forms';
import type { JournalVerifyReport, OrgUnit } from '../../src-shared/domain/org';
import type { CameraInput } from '../cameras/service';
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
  /**
   * This runner belongs to the station's one writer, so files left in `dir` by an earlier run
   * are its own to remove. A read-only core (the CLI beside the running app) never sweeps.
   */
  ownsDir?: boolean;
}

interface Job {
  info: JobInfo;
  request: LogbookExportRequest;
  /** The file is ours to delete when the job is forgotten (not a CLI --out). */
  owned: boolean;
  waiters: ((j: JobInfo) => void)[];
}

/** One request to a worker, with whoever waits for it. */
interface Task {
  request: TaskRequest;
  resolve: (r: TaskResult) => void;
  reject: (e: AppErrorData) => void;
  progress?: (phase: JobPhase, progress: number) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
}

const copy = (i: JobInfo): JobInfo => ({ ...i, result: i.result ? { ...i.result } : null, error: i.error ? { ...i.error } : null });

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);
const INTERNAL: AppErrorData = { code: 'internal', message: 'internal error; the job was not completed' };
const toError = (e: AppErrorData) => new AppError(e.code, e.message, { ...(e.field ? { field: e.field } : {}), ...(e.params ? { params: e.params } : {}) });

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
  /** Tasks waiting for a worker; interactive ones (a form) go first. */
  private readonly queue: Task[] = [];
  private readonly slots: Slot[] = [];
  private readonly size: number;
  private readonly perUser: number;
  private closed = false;
  private swept = false;
  private readonly listeners = new Set<(j: JobInfo) => void>();

  constructor(private readonly o: JobRunnerOptions) {
    this.dir = o.dir ?? (o.dbPath === ':memory:' ? path.join(os.tmpdir(), `trucban-exports-${process.pid}`) : `${o.dbPath}.exports`);
    this.size = Math.max(1, o.workers ?? Math.min(2, Math.max(1, os.availableParallelism() - 1)));
    this.perUser = o.perUserLimit ?? PER_USER_LIMIT;
  }

  /** Queues a logbook export; answers at once with the job (too_many_jobs past the per-user limit). */
  startLogbookExport(params: LogbookExportParams, owner: string, opts: { out?: string } = {}): JobInfo {
    if (this.closed) throw new AppError('unavailable', 'the job runner is closed');
    const active = [...this.jobs.values()].filter((j) => j.info.owner === owner && (j.info.status === 'queued' || j.info.status === 'running')).length;
    if (active >= this.perUser) {
      throw new AppError('too_many_jobs', `${owner} already has ${active} heavy jobs running (at most ${this.perUser})`, { params: { max: this.perUser } });
    }
    this.sweep();
    const now = this.o.now();
    const id = uuidv7(now);
    const info: JobInfo = {
      id,
      kind: 'logbook.export',
      owner,
      status: 'queued',
      phase: 'queued',
      progress: 0,
      label: `${params.from} → ${params.to}, ${params.format}`,
      createdAt: now,
      finishedAt: null,
      result: null,
      error: null,
    };
    const request: LogbookExportRequest = {
      id,
      kind: 'logbook.export',
      dbPath: this.o.dbPath,
      nativeBinding: this.o.nativeBinding ?? null,
      out: opts.out ? path.resolve(opts.out) : path.join(this.dir, `${id}.${params.format}`),
      params,
    };
    const job: Job = { info, request, owned: !opts.out, waiters: [] };
    this.jobs.set(id, job);
    this.changed(job);
    this.enqueue({
      request,
      resolve: (r) => this.finish(job, { result: r as JobResult }),
      reject: (error) => this.finish(job, { error }),
      progress: (phase, p) => {
        if (job.info.status === 'done' || job.info.status === 'failed') return;
        const before = { status: job.info.status, phase: job.info.phase, progress: job.info.progress };
        job.info.status = 'running';
        job.info.phase = phase;
        job.info.progress = Math.max(job.info.progress, Math.min(1, p));
        // a change worth a frame: the status, the phase, or at least a percent more done
        if (before.status !== 'running' || before.phase !== phase || job.info.progress - before.progress >= 0.01) this.changed(job);
      },
    });
    return copy(info);
  }

  /**
   * Renders an official form (PDF and DOCX) in a worker: the document service's renderer
   * (src-main/documents/service.ts), so issuing or previewing a form never blocks the loop.
   * Not a user job (no id to follow): the caller awaits it, ahead of queued exports.
   */
  renderForm(input: FormRenderInput): Promise<{ pdf: Buffer; docx: Buffer }> {
    if (this.closed) return Promise.reject(new AppError('unavailable', 'the job runner is closed'));
    return new Promise<TaskResult>((resolve, reject) => {
      this.enqueue({ request: { id: uuidv7(this.o.now()), kind: 'form.render', input }, resolve, reject: (e) => reject(toError(e)) }, true);
    }).then((r) => {
      const { pdf, docx } = r as { pdf: Uint8Array; docx: Uint8Array };
      return { pdf: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength), docx: Buffer.from(docx.buffer, docx.byteOffset, docx.byteLength) };
    });
  }

  /** Parses an import's CSV in a worker (typed errors name the line and column); the core appends. */
  parseCsv(format: 'org', text: string): Promise<OrgUnit[]>;
  parseCsv(format: 'cameras', text: string): Promise<{ line: number; input: CameraInput }[]>;
  parseCsv(format: 'org' | 'cameras', text: string): Promise<unknown[]> {
    if (this.closed) return Promise.reject(new AppError('unavailable', 'the job runner is closed'));
    return new Promise<TaskResult>((resolve, reject) => {
      this.enqueue({ request: { id: uuidv7(this.o.now()), kind: 'csv.parse', format, text }, resolve, reject: (e) => reject(toError(e)) }, true);
    }).then((r) => (r as { rows: unknown[] }).rows);
  }

  /**
   * Starts one worker and loads the renderers in it, so the first export or form answers
   * without a cold start (called by whoever runs the app: the loopback server). Idempotent.
   */
  warm(): void {
    if (this.closed || this.slots.length > 0 || this.queue.length > 0) return;
    this.enqueue({ request: { id: uuidv7(this.o.now()), kind: 'warm' }, resolve: () => {}, reject: (e) => this.o.log?.(`[jobs] warm-up failed: ${e.message}`) });
  }

  /**
   * Verifies the station in a worker over its own read-only snapshot: pages, chain, security
   * projections and, with `deep`, every projection (the `journal:verify` channel).
   */
  verify(deep = false): Promise<JournalVerifyReport> {
    if (this.closed) return Promise.reject(new AppError('unavailable', 'the job runner is closed'));
    const request = { id: uuidv7(this.o.now()), kind: 'journal.verify' as const, dbPath: this.o.dbPath, nativeBinding: this.o.nativeBinding ?? null, deep };
    return new Promise<TaskResult>((resolve, reject) => this.enqueue({ request, resolve, reject: (e) => reject(toError(e)) }, !deep)).then((r) => r as JournalVerifyReport);
  }

  /**
   * Calls `fn` with a copy of a job each time it changes (queued, running — its phase, its
   * progress —, done, failed) until the returned function is called. The listener's failure is
   * logged and never reaches the job.
   */
  onChange(fn: (j: JobInfo) => void): () => void {
    this.listeners.add(fn);
    return () => {
      this.listeners.delete(fn);
    };
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

  /** Worker threads started, busy, and tasks waiting (for status displays and tests). */
  stats(): { workers: number; busy: number; queued: number } {
    return { workers: this.slots.length, busy: this.slots.filter((s) => s.task !== null).length, queued: this.queue.length };
  }

  close(): void {
    this.closed = true;
    const closing: AppErrorData = { code: 'unavailable', message: 'the application closed before the job finished' };
    const pending = [...this.queue, ...this.slots.map((s) => s.task).filter((t): t is Task => t !== null)];
    this.queue.length = 0;
    for (const s of this.slots) {
      s.task = null;
      void s.worker.terminate();
    }
    this.slots.length = 0;
    for (const t of pending) t.reject(closing);
  }

  /** Removes files left by an earlier run (the job records died with it). Once, lazily. */
  private sweep(): void {
    if (this.swept || !this.o.ownsDir) return;
    this.swept = true;
    try {
      for (const f of fs.readdirSync(this.dir)) fs.rmSync(path.join(this.dir, f), { force: true });
    } catch {
      // no folder yet
    }
  }

  private enqueue(task: Task, first = false): void {
    if (first) this.queue.unshift(task);
    else this.queue.push(task);
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const next = this.queue[0]!;
      let slot = this.slots.find((s) => s.task === null);
      // an interactive task (a form, a CSV) may take one worker beyond the pool rather than wait
      // behind a long export
      const limit = next.request.kind === 'logbook.export' ? this.size : this.size + 1;
      if (!slot && this.slots.length < limit) slot = this.spawn();
      if (!slot) return;
      this.queue.shift();
      slot.task = next;
      next.progress?.('reading', 0);
      // a busy worker keeps the process alive (the CLI awaits its job); an idle one does not
      slot.worker.ref();
      slot.worker.postMessage(next.request);
    }
  }

  private spawn(): Slot {
    const worker = startWorker();
    const slot: Slot = { worker, task: null };
    worker.unref();
    const release = (): Task | null => {
      const t = slot.task;
      slot.task = null;
      worker.unref();
      return t;
    };
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') return;
      const task = slot.task;
      if (!task || task.request.id !== m.id) return;
      if (m.type === 'progress') {
        task.progress?.(m.phase, m.progress);
        return;
      }
      release();
      if (m.type === 'done') task.resolve(m.result);
      else {
        if (!m.error) this.o.log?.(`[jobs] ${task.request.kind} ${task.request.id} failed: ${m.detail}`);
        task.reject(isAppErrorData(m.error) && KNOWN_CODES.has(m.error.code) ? (m.error as AppErrorData) : INTERNAL);
      }
      this.pump();
    });
    const lost = (why: string) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      const task = release();
      if (task) {
        this.o.log?.(`[jobs] worker lost during ${task.request.kind} ${task.request.id}: ${why}`);
        task.reject(INTERNAL);
      }
      this.pump();
    };
    worker.on('error', (e) => lost(e.stack ?? String(e)));
    worker.on('exit', (code) => lost(`exit ${code}`));
    this.slots.push(slot);
    return slot;
  }

  private finish(job: Job, r: { result?: JobResult; error?: AppErrorData }): void {
    if (job.info.status === 'done' || job.info.status === 'failed') return;
    job.info.status = r.error ? 'failed' : 'done';
    job.info.phase = job.info.status;
    job.info.progress = r.error ? job.info.progress : 1;
    job.info.result = r.result ?? null;
    job.info.error = r.error ?? null;
    job.info.finishedAt = this.o.now();
    for (const w of job.waiters.splice(0)) w(copy(job.info));
    this.changed(job);
    this.forgetOld();
  }

  private changed(job: Job): void {
    for (const fn of [...this.listeners]) {
      try {
        fn(copy(job.info));
      } catch (e) {
        this.o.log?.(`[jobs] a change listener failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.info.status === 'done' || j.info.status === 'failed');
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.jobs.delete(j.info.id);
      if (j.owned) fs.rmSync(j.request.out, { force: true });
    }
  }
}
