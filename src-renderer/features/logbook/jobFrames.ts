/**
 * A background job's pushed frames (topic `jobs`, docs/architecture.md "Push"): the frame's data
 * crossed a process boundary, so it is checked here with zod before the export dialog shows it.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../../../src-shared/errors';
import type { ErrorCode } from '../../../src-shared/errors';
import { JOB_KINDS, JOB_PHASES } from '../../../src-shared/domain/jobs';
import type { JobInfo } from '../../../src-shared/domain/jobs';

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

const errorSchema = z.object({
  // a code this build does not know (a newer core) reads as internal: still a translated failure
  code: z.string().transform((c): ErrorCode => (KNOWN_CODES.has(c) ? (c as ErrorCode) : 'internal')),
  message: z.string(),
  field: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

const jobSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(JOB_KINDS),
  owner: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  phase: z.enum(JOB_PHASES),
  progress: z.number().min(0).max(1),
  label: z.string(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  result: z.object({ fileName: z.string(), mime: z.string(), size: z.number(), rows: z.number() }).nullable(),
  error: errorSchema.nullable(),
});

/** A `jobs` frame's data as a JobInfo, or null when it is missing or not one. */
export function asJobInfo(data: unknown): JobInfo | null {
  if (data === undefined) return null;
  const r = jobSchema.safeParse(data);
  if (!r.success) return null;
  const { error, ...rest } = r.data;
  if (!error) return { ...rest, error: null };
  const { field, params, ...e } = error;
  return { ...rest, error: { ...e, ...(field !== undefined ? { field } : {}), ...(params !== undefined ? { params } : {}) } };
}

export const jobFinished = (j: JobInfo): boolean => j.status === 'done' || j.status === 'failed';

const RANK: Record<JobInfo['status'], number> = { queued: 0, running: 1, done: 2, failed: 2 };

/**
 * The later of two views of one job (a frame and a reply may cross): a job never goes back from
 * running to queued nor from finished to running, and its progress only grows.
 */
export function laterJob(a: JobInfo, b: JobInfo): JobInfo {
  if (RANK[b.status] !== RANK[a.status]) return RANK[b.status] > RANK[a.status] ? b : a;
  if (jobFinished(a)) return a;
  return b.progress >= a.progress ? b : a;
}
