// The logbook export waits for its job's pushed frames (topic `jobs`) instead of polling jobs:get
// (src-renderer/features/logbook/slice.ts exportLog, docs/architecture.md "Push").
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobInfo } from '../../src-shared/domain/jobs';
import { EXPORT_TIMEOUT_MS } from '../../src-renderer/features/logbook/slice';
import { NOW, fakeStore } from '../helpers/renderer-store';
import type { Handlers } from '../helpers/renderer-store';

const job = (over: Partial<JobInfo> = {}): JobInfo => ({
  id: 'job-1',
  kind: 'logbook.export',
  owner: 'lan',
  status: 'queued',
  phase: 'queued',
  progress: 0,
  label: '2026-03-10 → 2026-03-10, pdf',
  createdAt: NOW,
  finishedAt: null,
  result: null,
  error: null,
  ...over,
});
const running = (progress: number, phase: JobInfo['phase'] = 'rendering') => job({ status: 'running', phase, progress });
const done = () => job({ status: 'done', phase: 'done', progress: 1, finishedAt: NOW + 1_000, result: { fileName: 'so-nhat-ky.pdf', mime: 'application/pdf', size: 1234, rows: 42 } });
const failed = () => job({ status: 'failed', phase: 'failed', progress: 0.2, finishedAt: NOW + 1_000, error: { code: 'too_many_jobs', message: 'busy', params: { max: 2 } } });

/** Lets the awaited replies and the action's continuations run. */
const settle = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function exportStore(handlers: Handlers = {}) {
  const f = fakeStore({
    'logbook:exportJob': () => job(),
    'jobs:downloadUrl': () => ({ url: 'http://127.0.0.1:1/exports/job-1?c=x', fileName: 'so-nhat-ky.pdf', mime: 'application/pdf', size: 1234 }),
    ...handlers,
  });
  f.store.setState({ logbook: { ...f.state.logbook, filters: { ...f.state.logbook.filters, shiftDate: '2026-03-10' } } });
  return f;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('logbook export follows its job by push', () => {
  it('shows each pushed change, downloads the file when the job is done, and asks jobs:get only for a frame it cannot read', async () => {
    const f = exportStore({ 'jobs:get': () => running(0.3, 'writing') });
    const p = f.actions.logbook.exportLog('pdf');
    await settle();
    expect(f.state.logbook.exporting).toBe('pdf');
    expect(f.listening('jobs')).toBe(1);
    expect(f.inputs('logbook:exportJob')).toEqual([{ from: '2026-03-10', to: '2026-03-10', format: 'pdf' }]);

    f.push({ topic: 'jobs', seq: 7, data: running(0.2) });
    await settle();
    expect(f.state.logbook.exportJob).toMatchObject({ status: 'running', phase: 'rendering', progress: 0.2 });
    // another job's frame (another export of mine) does not move this one
    f.push({ topic: 'jobs', seq: 7, data: { ...done(), id: 'job-2' } });
    await settle();
    expect(f.state.logbook.exportJob?.status).toBe('running');
    expect(f.count('jobs:get')).toBe(0);
    // a malformed frame is never shown: what changed is unknown, so it asks once
    f.push({ topic: 'jobs', seq: 7, data: { ...running(0.5), progress: 'lots' } });
    await settle();
    expect(f.count('jobs:get')).toBe(1);
    expect(f.state.logbook.exportJob).toMatchObject({ phase: 'writing', progress: 0.3 });
    expect(f.openDownload).not.toHaveBeenCalled();

    f.push({ topic: 'jobs', seq: 7, data: done() });
    await p;
    expect(f.openDownload).toHaveBeenCalledWith('http://127.0.0.1:1/exports/job-1?c=x', 'so-nhat-ky.pdf');
    expect(f.inputs('jobs:downloadUrl')).toEqual([{ id: 'job-1' }]);
    expect(f.count('jobs:get')).toBe(1);
    expect(f.state.logbook.exporting).toBeNull();
    expect(f.state.logbook.exportJob?.status).toBe('done');
    expect(f.toastTexts('vi')).toEqual([{ tone: 'success', text: 'Đã xuất so-nhat-ky.pdf (42 dòng)' }]);
    // the subscription ends with the export
    expect(f.listening('jobs')).toBe(0);
  });

  it('a frame that arrives before the reply (a fast job) is not lost', async () => {
    const f = exportStore();
    f.handlers['logbook:exportJob'] = () => {
      // the core pushes while the call is still on its way back
      f.push({ topic: 'jobs', seq: 3, data: done() });
      return job();
    };
    await f.actions.logbook.exportLog('pdf');
    expect(f.openDownload).toHaveBeenCalledTimes(1);
    expect(f.count('jobs:get')).toBe(0);
  });

  it('a failed job shows its translated error and downloads nothing', async () => {
    const f = exportStore();
    const p = f.actions.logbook.exportLog('docx');
    await settle();
    f.push({ topic: 'jobs', seq: 4, data: running(0.2) });
    f.push({ topic: 'jobs', seq: 4, data: failed() });
    await p;
    expect(f.openDownload).not.toHaveBeenCalled();
    expect(f.count('jobs:downloadUrl')).toBe(0);
    const toasts = f.toastTexts('vi');
    expect(toasts).toHaveLength(1);
    expect(toasts[0]!.tone).toBe('error');
    expect(toasts[0]!.text).toContain('2');
    expect(f.toastTexts('en')[0]!.text).not.toBe(toasts[0]!.text);
    expect(f.state.logbook.exporting).toBeNull();
  });

  it('on a resync or a data-less frame it asks jobs:get once, and goes on from its answer', async () => {
    let answer = running(0.5, 'writing');
    const f = exportStore({ 'jobs:get': () => answer });
    const p = f.actions.logbook.exportLog('pdf');
    await settle();
    f.push({ topic: 'resync', seq: 9 });
    await settle();
    expect(f.inputs('jobs:get')).toEqual([{ id: 'job-1' }]);
    expect(f.state.logbook.exportJob).toMatchObject({ status: 'running', phase: 'writing', progress: 0.5 });
    // the link came back: one data-less frame of the live topic, and the job finished meanwhile
    answer = done();
    f.push({ topic: 'jobs', seq: 9 });
    await p;
    expect(f.count('jobs:get')).toBe(2);
    expect(f.openDownload).toHaveBeenCalledTimes(1);
    expect(f.toastTexts('en')).toEqual([{ tone: 'success', text: 'Exported so-nhat-ky.pdf (42 rows)' }]);
  });

  it('an older view never replaces a newer one: a reply that says running after a frame said done', async () => {
    const f = exportStore({ 'jobs:get': () => running(0.3) });
    const p = f.actions.logbook.exportLog('pdf');
    await settle();
    f.push({ topic: 'jobs', seq: 5, data: done() });
    f.push({ topic: 'resync', seq: 6 });
    await p;
    expect(f.openDownload).toHaveBeenCalledTimes(1);
    expect(f.state.logbook.exportJob?.status).toBe('done');
  });

  it('with no word of the job it gives up after the timeout with a translated error instead of hanging', async () => {
    vi.useFakeTimers();
    const f = exportStore();
    const p = f.actions.logbook.exportLog('pdf');
    await vi.advanceTimersByTimeAsync(EXPORT_TIMEOUT_MS - 1_000);
    expect(f.state.logbook.exporting).toBe('pdf');
    expect(f.toastTexts()).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    await p;
    expect(f.state.logbook.exporting).toBeNull();
    expect(f.openDownload).not.toHaveBeenCalled();
    expect(f.count('jobs:get')).toBe(0);
    expect(f.toastTexts('vi')).toEqual([{ tone: 'error', text: 'Sau 10 phút vẫn chưa có kết quả xuất nhật ký: có thể đã mất kết nối. Hãy thử xuất lại.' }]);
    expect(f.toastTexts('en')[0]!.text).toContain('after 10 minutes');
    expect(f.listening('jobs')).toBe(0);
  });
});
