/**
 * Heavy jobs (exports, renders) run in worker threads off the core's event loop; the caller
 * gets a job id at once and follows its progress (jobs:get / jobs:list).
 * Pure TypeScript: no Node, DOM or Electron.
 */
import type { AppErrorData } from '../errors';

export const JOB_KINDS = ['logbook.export'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_PHASES = ['queued', 'reading', 'rendering', 'writing', 'done', 'failed'] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

export interface JobResult {
  fileName: string;
  mime: string;
  /** Bytes of the file written in the station's exports folder. */
  size: number;
  rows: number;
}

export interface JobInfo {
  id: string;
  kind: JobKind;
  /** Login of whoever started it. */
  owner: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  phase: JobPhase;
  /** 0…1; a phase that cannot count its work reports the fraction reached when it began. */
  progress: number;
  /** What the job works on, for the UI (e.g. "2026-11-20 → 2026-11-22, pdf"). */
  label: string;
  createdAt: number;
  finishedAt: number | null;
  result: JobResult | null;
  error: AppErrorData | null;
}
