/**
 * Entry point of a job worker thread (src-main/jobs/runner.ts starts it: through tsx in
 * development and tests, as its own esbuild bundle jobs-worker.cjs in the Electron app).
 * Runs one task at a time and reports progress, the result or a typed error.
 */
import { parentPort } from 'node:worker_threads';
import { runTask } from './tasks';
import type { TaskRequest, TaskResult } from './tasks';
import { AppError } from '../../src-shared/errors';
import type { JobPhase } from '../../src-shared/domain/jobs';

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; id: string; phase: JobPhase; progress: number }
  | { type: 'done'; id: string; result: TaskResult }
  | { type: 'failed'; id: string; error: { code: string; message: string; field?: string; params?: Record<string, string | number> } | null; detail: string };

const port = parentPort;
if (port) {
  port.on('message', (req: TaskRequest) => {
    const post = (m: WorkerMessage) => port.postMessage(m);
    runTask(req, (phase, progress) => post({ type: 'progress', id: req.id, phase, progress }))
      // (rendered bytes are copied, not transferred: a small Buffer may share Node's pool)
      .then((result) => post({ type: 'done', id: req.id, result }))
      .catch((e: unknown) => post({ type: 'failed', id: req.id, error: e instanceof AppError ? e.toData() : null, detail: (e as Error)?.stack ?? String(e) }));
  });
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
}
