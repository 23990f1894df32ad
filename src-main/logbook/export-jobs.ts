import fs from 'node:fs';
import type { JobRunner } from '../jobs/runner';
import type { Clock } from '../journal/clock';
import type { OutputOf, ParsedInputOf } from '../../src-shared/contract';
import type { JobInfo } from '../../src-shared/domain/jobs';
import { AppError } from '../../src-shared/errors';

/** Logbook exports as jobs in a worker thread (src-main/jobs): started, or waited for and answered inline. */
export class LogbookExports {
  constructor(
    private readonly jobs: Pick<JobRunner, 'startLogbookExport' | 'wait' | 'file'>,
    private readonly clock: Clock,
  ) {}

  /** logbook:exportJob: the job at once (progress with jobs:get, the file with jobs:downloadUrl). */
  start(i: ParsedInputOf<'logbook:exportJob'>, actor: string): JobInfo {
    return this.jobs.startLogbookExport({ from: i.from, to: i.to, format: i.format, issuedAt: this.clock.now() }, actor);
  }

  /** logbook:export: waits for the job and answers the file inline (base64). */
  async inline(i: ParsedInputOf<'logbook:export'>, actor: string): Promise<OutputOf<'logbook:export'>> {
    const job = this.start(i, actor);
    const done = await this.jobs.wait(job.id);
    if (done.error) throw new AppError(done.error.code, done.error.message, { ...(done.error.field ? { field: done.error.field } : {}), ...(done.error.params ? { params: done.error.params } : {}) });
    const f = this.jobs.file(done.id);
    return { fileName: f.fileName, mime: f.mime, base64: (await fs.promises.readFile(f.path)).toString('base64'), rows: done.result?.rows ?? 0 };
  }
}
