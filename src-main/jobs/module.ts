/** Jobs: heavy work (exports, form rendering, CSV parsing, deep verify) in worker threads. */
import { defineModule } from '../modules/types';
import { actor } from '../modules/call';
import { JobRunner } from './runner';

declare module '../modules/types' {
  interface Services {
    jobs: JobRunner;
  }
}

export const jobsModule = defineModule({
  name: 'jobs',
  needs: [],
  provides: ['jobs'],
  services: ({ env, clock }) => ({
    jobs: new JobRunner({
      dbPath: env.dbPath,
      ...(env.nativeBinding ? { nativeBinding: env.nativeBinding } : {}),
      now: () => clock.now(),
      log: (m) => console.error(m),
      ownsDir: env.writer,
    }),
  }),
  handlers: {
    'jobs:get': (i, c, s) => s.jobs.get(i.id, actor(c)),
    'jobs:list': (_i, c, s) => s.jobs.list(actor(c)),
    // the file is streamed by the loopback server (GET /exports/<id>); only the owner gets its URL
    'jobs:downloadUrl': (i, c, s) => {
      const f = s.jobs.file(i.id, actor(c));
      return { url: s.endpoint.exportUrl(i.id), fileName: f.fileName, mime: f.mime, size: f.size };
    },
  },
  close: (s) => s.jobs.close(),
});
