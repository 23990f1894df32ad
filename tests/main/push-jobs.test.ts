// The `jobs` push topic: each change of a background job goes to its owner only — never to
// another user's session, an administrator's included (src-main/push/sources.ts startJobFrames,
// src-main/push/hub.ts login narrowing, docs/architecture.md "Push").
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/app/core';
import { maySee } from '../../src-main/push/hub';
import type { PushFrame, PushSink } from '../../src-main/push/hub';
import type { JobInfo } from '../../src-shared/domain/jobs';
import { callAs, stationCore, tmpDir } from '../helpers';

const DAY = '2026-11-22';

function sink(): PushSink & { frames: PushFrame[] } {
  const s = {
    frames: [] as PushFrame[],
    send(f: PushFrame) {
      s.frames.push(structuredClone(f));
    },
    backlog: () => 0,
  };
  return s;
}

let t: ReturnType<typeof tmpDir>;
let core: Core;

beforeEach(async () => {
  t = tmpDir('trucban-push-jobs-');
  core = await stationCore(path.join(t.dir, 'st.sqlite'));
  core.journal.tx(() => {
    for (let i = 0; i < 20; i++) core.logbook.add({ kind: 'note', text: `Mục số ${i}: kiểm tra cổng B` }, 'officer');
  });
});
afterEach(() => {
  core.close();
  t.cleanup();
});

/** A session signed in as `login`, subscribed to `jobs`, with a sink attached. */
function session(login: string | null, id = `ws:${login ?? 'anon'}:${Math.random()}`) {
  if (login) core.dispatcher.adopt(id, core.users.byLogin(login)!.id);
  const s = sink();
  core.push.attach(id, s);
  core.push.subscribe(id, ['jobs', 'journal']);
  return { id, s };
}

const jobFrames = (s: { frames: PushFrame[] }) => s.frames.filter((f) => f.topic === 'jobs').map((f) => f.data as JobInfo);

async function startExport(login: string, format: 'pdf' | 'docx' = 'docx'): Promise<JobInfo> {
  const r = await callAs(core, login, 'logbook:exportJob', { from: DAY, to: DAY, format });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as JobInfo;
}

describe('jobs topic', () => {
  it('a frame narrowed to logins reaches those users only, whatever their roles', () => {
    const officer = core.users.byLogin('officer');
    const admin = core.users.byLogin('admin');
    expect(maySee('jobs', officer, undefined, ['officer'])).toBe(true);
    expect(maySee('jobs', admin, undefined, ['officer'])).toBe(false);
    expect(maySee('jobs', null, undefined, ['officer'])).toBe(false);
    // roles and logins both narrow: the login alone is not enough
    expect(maySee('jobs', officer, ['shift_leader'], ['officer'])).toBe(false);
    // a deactivated owner gets nothing (jobs:get needs an active user)
    expect(maySee('jobs', { ...officer!, active: false }, undefined, ['officer'])).toBe(false);
  });

  it('the owner’s sessions get queued, running and done frames of the export; nobody else does, an admin included', async () => {
    const owner = session('officer');
    const ownerTab = session('officer');
    const admin = session('admin');
    const lead = session('lead');
    const anon = session(null);

    const job = await startExport('officer');
    const done = await core.jobs.wait(job.id);
    expect(done.status).toBe('done');

    for (const x of [owner, ownerTab]) {
      const mine = jobFrames(x.s);
      expect(mine.every((j) => j.id === job.id && j.owner === 'officer')).toBe(true);
      const statuses = mine.map((j) => j.status);
      expect(statuses[0]).toBe('queued');
      expect(statuses).toContain('running');
      expect(statuses.at(-1)).toBe('done');
      // in order: never back from running to queued, nothing after done
      expect(statuses.indexOf('done')).toBe(statuses.length - 1);
      expect(statuses.lastIndexOf('queued')).toBeLessThan(statuses.indexOf('running'));
      // the last frame is what jobs:get answers: the result, the progress at 1
      const last = mine.at(-1)!;
      expect(last.result?.rows).toBeGreaterThan(0);
      expect(last.progress).toBe(1);
      // the phases the worker reported came through
      expect(mine.some((j) => j.phase === 'rendering' || j.phase === 'writing')).toBe(true);
    }
    for (const x of [admin, lead, anon]) expect(jobFrames(x.s)).toEqual([]);
    // the journal topic still reaches the others: they are subscribed and listening
    const r = await callAs(core, 'lead', 'logbook:add', { kind: 'note', text: 'Kiểm tra lại cổng B' });
    expect(r.ok).toBe(true);
    expect(admin.s.frames.some((f) => f.topic === 'journal')).toBe(true);
    expect(jobFrames(admin.s)).toEqual([]);
  });

  it('a failed job is pushed as failed, with its error, to its owner only', async () => {
    const owner = session('officer');
    const admin = session('admin');
    // the runner closing fails every job still queued or running (the app quit under it)
    const job = await startExport('officer', 'pdf');
    core.jobs.close();
    const failed = await core.jobs.wait(job.id);
    expect(failed.status).toBe('failed');
    const mine = jobFrames(owner.s);
    expect(mine.at(-1)).toMatchObject({ id: job.id, status: 'failed', error: { code: 'unavailable' } });
    expect(jobFrames(admin.s)).toEqual([]);
  });

  it('jobs are not journaled: a resuming session gets one data-less jobs frame (its cue to ask jobs:get)', async () => {
    const owner = session('officer');
    const job = await startExport('officer');
    await core.jobs.wait(job.id);
    const from = core.journal.head.seq;
    owner.s.frames.length = 0;
    core.push.subscribe(owner.id, ['jobs'], from);
    expect(owner.s.frames.filter((f) => f.topic === 'jobs')).toEqual([{ topic: 'jobs', seq: from }]);
  });
});
