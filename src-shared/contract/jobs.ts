/** The jobs: channels — one's background jobs (heavy exports in worker threads) and their files. */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import * as s from './schemas';
import type { JobInfo } from '../domain/jobs';

export const jobsChannels = {
  'jobs:get': channel<JobInfo>()({
    input: z.object({ id: s.id }),
    access: 'user',
    description: 'One of your background jobs: status, phase, progress, result or error.',
  }),
  'jobs:list': channel<JobInfo[]>()({
    input: z.object({}),
    access: 'user',
    description: 'Your background jobs, newest first.',
  }),
  'jobs:downloadUrl': channel<{ url: string; fileName: string; mime: string; size: number }>()({
    input: z.object({ id: s.id }),
    access: 'user',
    description: 'Where to download the file a finished background job of yours wrote: an absolute URL on the loopback server, valid for a few minutes.',
  }),
} satisfies Record<string, AnyChannel>;
