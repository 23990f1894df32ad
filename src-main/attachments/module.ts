/** Attachments: content-addressed files beside the database (sha256), referenced by entries. */
import { defineModule } from '../modules/types';
import { AppError } from '../../src-shared/errors';
import { AttachmentStore } from './store';

declare module '../modules/types' {
  interface Services {
    attachments: AttachmentStore;
  }
}

export const attachmentsModule = defineModule({
  name: 'attachments',
  needs: [],
  provides: ['attachments'],
  localTables: ['attachments'],
  services: ({ db, env, clock }) => ({ attachments: new AttachmentStore(db, env.dbPath, () => clock.now()) }),
  handlers: {
    'attachments:put': (i, _c, s) => {
      const data = Buffer.from(i.base64, 'base64');
      if (data.length === 0) throw new AppError('invalid_input', 'empty attachment', { field: 'base64' });
      const ref = s.attachments.put(data, i.name, i.mime);
      return { sha256: ref.sha256, size: ref.size };
    },
  },
});
