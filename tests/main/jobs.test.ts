import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { assetsDir, DEFAULT_CATALOG } from '../../src-main/app/paths';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Core } from '../../src-main/app/core';
import { openCore } from '../../src-main/app/core';
import { startCoreServer } from '../../src-main/server/serve';
import type { JobInfo } from '../../src-shared/domain/jobs';
import type { DocumentRecord } from '../../src-shared/domain/forms';
import { translateError } from '../../src-shared/i18n/errors';
import { callAs, stationCore, tmpDir } from '../helpers';
import { FIXTURES } from './documents/form-fixtures';

const ROWS = 3000;
const DAY = '2026-11-22';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: ReturnType<typeof tmpDir>;
let core: Core;
beforeAll(async () => {
  t = tmpDir('trucban-jobs-');
  core = await stationCore(path.join(t.dir, 'st.sqlite'));
  core.journal.tx(() => {
    for (let i = 0; i < ROWS; i++) {
      core.logbook.add({ kind: i % 2 ? 'work' : 'note', text: `Mục số ${i}: kiểm tra phương tiện qua cổng B, luồng vàng, container CSQU3054383` }, 'officer');
    }
  });
});
afterAll(() => {
  core.close();
  t.cleanup();
});

async function value<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}

async function until(login: string, id: string, seen: Set<string>): Promise<JobInfo> {
  for (;;) {
    const j = await value<JobInfo>(callAs(core, login, 'jobs:get', { id }));
    seen.add(j.phase);
    if (j.status === 'done' || j.status === 'failed') return j;
    await sleep(50);
  }
}

describe('heavy work off the event loop', () => {
  it(`a ${ROWS}-row PDF export runs in a worker: other calls answer meanwhile and the loop is never blocked for 1 s`, async () => {
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    let finishedAt = Infinity;
    const exp = callAs(core, 'officer', 'logbook:export', { from: DAY, to: DAY, format: 'pdf' }).then((r) => {
      finishedAt = performance.now();
      return r;
    });
    const answered: number[] = [];
    while (finishedAt === Infinity) {
      const [status, list] = await Promise.all([callAs(core, 'lead', 'app:status', {}), callAs(core, 'lead', 'logbook:list', { limit: 20 })]);
      expect(status.ok && list.ok).toBe(true);
      answered.push(performance.now());
      await sleep(50);
    }
    delay.disable();
    const r = await exp;
    expect(r.ok, JSON.stringify(!r.ok && r.error)).toBe(true);
    if (!r.ok) return;
    const v = r.value as { base64: string; rows: number; mime: string };
    expect(v.rows).toBe(ROWS);
    expect(Buffer.from(v.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    // answered while the export ran, not after it
    expect(answered.filter((x) => x < finishedAt).length).toBeGreaterThanOrEqual(5);
    expect(delay.max / 1e6).toBeLessThan(1000);
  });

  it('logbook:exportJob answers a job at once; jobs:get shows its phases; the job wrote its file; only its owner sees it', async () => {
    const job = await value<JobInfo>(callAs(core, 'officer', 'logbook:exportJob', { from: DAY, to: DAY, format: 'docx' }));
    expect(job).toMatchObject({ kind: 'logbook.export', owner: 'officer', finishedAt: null, result: null });
    expect(['queued', 'running']).toContain(job.status);
    const seen = new Set<string>();
    const done = await until('officer', job.id, seen);
    expect(done.status, JSON.stringify(done.error)).toBe('done');
    expect(done.progress).toBe(1);
    expect(done.result).toMatchObject({ fileName: `nhat-ky-truc-ban_${DAY}.docx`, rows: ROWS });
    expect(seen.has('rendering')).toBe(true);
    const bytes = fs.readFileSync(core.jobs.file(job.id, 'officer').path);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(bytes.length).toBe(done.result!.size);
    // its URL comes from the loopback server (tests/main/export-download.test.ts); without one, a typed error
    const url = await callAs(core, 'officer', 'jobs:downloadUrl', { id: job.id });
    expect(!url.ok && url.error.code).toBe('download_unavailable');
    const list = await value<JobInfo[]>(callAs(core, 'officer', 'jobs:list', {}));
    expect(list.map((j) => j.id)).toContain(job.id);
    // another officer cannot see or download it
    const other = await callAs(core, 'lead', 'jobs:get', { id: job.id });
    expect(!other.ok && other.error.code).toBe('not_found');
    const otherUrl = await callAs(core, 'lead', 'jobs:downloadUrl', { id: job.id });
    expect(!otherUrl.ok && otherUrl.error.code).toBe('not_found');
    expect((await value<JobInfo[]>(callAs(core, 'lead', 'jobs:list', {}))).map((j) => j.id)).not.toContain(job.id);
  });

  it('at most two heavy jobs per user: the third answers too_many_jobs (translated), another user still starts one', async () => {
    const small = { from: '2026-11-20', to: '2026-11-21', format: 'pdf' };
    const a = await value<JobInfo>(callAs(core, 'room', 'logbook:exportJob', small));
    const b = await value<JobInfo>(callAs(core, 'room', 'logbook:exportJob', small));
    const c = await callAs(core, 'room', 'logbook:exportJob', small);
    expect(!c.ok && c.error).toMatchObject({ code: 'too_many_jobs', params: { max: 2 } });
    if (!c.ok) expect(translateError('vi', c.error)).toMatch(/quá nhiều tác vụ nặng.*tối đa 2 tác vụ mỗi người dùng/);
    const d = await value<JobInfo>(callAs(core, 'admin', 'logbook:exportJob', small));
    for (const [login, j] of [['room', a], ['room', b], ['admin', d]] as const) {
      expect((await until(login, j.id, new Set())).status).toBe('done');
    }
    // finished jobs no longer count
    const e = await value<JobInfo>(callAs(core, 'room', 'logbook:exportJob', small));
    expect((await until('room', e.id, new Set())).status).toBe('done');
  });

  it('official forms render in a worker thread: a draft preview and an issue, while other calls answer', async () => {
    const st = await stationCore(path.join(t.dir, 'forms.sqlite'));
    try {
      expect(st.jobs.stats().workers).toBe(0);
      const draft = await value<DocumentRecord>(callAs(st, 'lead', 'documents:saveDraft', { ...FIXTURES.II }));
      let done = false;
      const render = callAs(st, 'lead', 'documents:render', { id: draft.id, format: 'pdf' }).then((r) => ((done = true), r));
      const status = await callAs(st, 'lead', 'app:status', {});
      expect(status.ok).toBe(true);
      expect(done).toBe(false);
      const r = await render;
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      expect(Buffer.from((r.value as { base64: string }).base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      expect(st.jobs.stats().workers).toBe(1);
      // issuing renders in the worker too; the number is still taken in the core's transaction
      const issued = await value<DocumentRecord>(callAs(st, 'lead', 'documents:issue', { id: draft.id }));
      expect(issued.status).toBe('issued');
      expect(issued.number).toBe(1);
    } finally {
      st.close();
    }
  });

  it('CSV imports are parsed in a worker: a bad file answers its typed error and writes nothing; a good one is appended by the core', async () => {
    const st = await stationCore(path.join(t.dir, 'csv.sqlite'));
    try {
      const head = st.journal.head.seq;
      const bad = await callAs(st, 'admin', 'org:import', { csv: 'ma,ten\n"khong dong ngoac' });
      expect(bad.ok).toBe(false);
      if (!bad.ok) expect(bad.error.code).not.toBe('internal');
      expect(st.journal.head.seq).toBe(head);
      expect(st.jobs.stats().workers).toBe(1);
      const csv = fs.readFileSync(path.join(assetsDir(), DEFAULT_CATALOG), 'utf8');
      const good = await value<{ imported: number }>(callAs(st, 'admin', 'org:import', { csv }));
      expect(good.imported).toBeGreaterThan(10);
      expect(st.journal.head.seq).toBe(head + 1);
    } finally {
      st.close();
    }
  });

  it('the journal can be verified in a worker over its own read-only snapshot (JobRunner.verify)', async () => {
    const st = await stationCore(path.join(t.dir, 'verify.sqlite'));
    try {
      st.logbook.add({ kind: 'note', text: 'Kiểm tra chuỗi' }, 'officer');
      const r = await st.jobs.verify();
      expect(r).toMatchObject({ ok: true, checked: st.journal.head.seq, integrity: { ok: true } });
      expect(st.jobs.stats().workers).toBe(1);
    } finally {
      st.close();
    }
  });

  it('journal:verify, deep included, runs in a job worker: the core answers other calls meanwhile', async () => {
    const st = await stationCore(path.join(t.dir, 'verify-deep.sqlite'));
    try {
      for (let i = 0; i < 300; i++) st.logbook.add({ kind: 'work', text: `Kiểm tra camera cổng A lần ${i}` }, 'officer');
      expect(st.jobs.stats().workers).toBe(0);
      const deep = callAs(st, 'admin', 'journal:verify', { deep: true });
      let settled = false;
      void deep.then(() => (settled = true));
      // while the replay runs in the worker, the core still answers
      const status = await callAs(st, 'officer', 'app:status', {});
      expect(status.ok).toBe(true);
      expect(settled).toBe(false);
      const r = await deep;
      expect(r).toMatchObject({ ok: true, value: { ok: true, projections: { deep: true, mismatch: null } } });
      expect(st.jobs.stats().workers).toBeGreaterThanOrEqual(1);
    } finally {
      st.close();
    }
  });

  it('the running app (its loopback server) warms one job worker, so the first form is not a cold start', async () => {
    const st = await stationCore(path.join(t.dir, 'warm.sqlite'));
    const srv = await startCoreServer(st, { staticDir: t.dir, log: () => {} });
    try {
      expect(st.jobs.stats().workers).toBe(1);
      for (let i = 0; i < 200 && st.jobs.stats().busy > 0; i++) await sleep(50);
      expect(st.jobs.stats()).toEqual({ workers: 1, busy: 0, queued: 0 });
    } finally {
      await srv.close();
      st.close();
    }
  });

  it("a read-only core's job (the CLI beside the app) leaves the writer's export files alone; a new writer clears an earlier run's leftovers", async () => {
    const file = path.join(t.dir, 'sweep.sqlite');
    const st = await stationCore(file);
    const stale = path.join(st.jobs.dir, 'left-from-an-earlier-run.pdf');
    fs.mkdirSync(st.jobs.dir, { recursive: true });
    fs.writeFileSync(stale, 'x');
    const job = await value<JobInfo>(callAs(st, 'officer', 'logbook:exportJob', { from: DAY, to: DAY, format: 'docx' }));
    expect(fs.existsSync(stale)).toBe(false);
    await st.jobs.wait(job.id);
    const written = st.jobs.file(job.id).path;
    expect(fs.existsSync(written)).toBe(true);
    const reader = openCore({ dbPath: file, readonly: true });
    try {
      const out = path.join(t.dir, 'beside.docx');
      const r = await reader.jobs.wait(reader.jobs.startLogbookExport({ from: DAY, to: DAY, format: 'docx', issuedAt: 0 }, 'cli', { out }).id);
      expect(r.status).toBe('done');
      expect(fs.existsSync(out)).toBe(true);
      expect(fs.existsSync(written)).toBe(true);
    } finally {
      reader.close();
      st.close();
    }
  });

  it('a typed error inside the worker reaches the caller as that error, not internal', async () => {
    const bare = openCore({ dbPath: path.join(t.dir, 'bare.sqlite') });
    try {
      const job = bare.jobs.startLogbookExport({ from: DAY, to: DAY, format: 'pdf', issuedAt: 0 }, 'admin');
      const done = await bare.jobs.wait(job.id);
      expect(done.status).toBe('failed');
      expect(done.error?.code).toBe('setup_required');
    } finally {
      bare.close();
    }
  });
});
