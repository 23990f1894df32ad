/** Attachments: content-addressed files beside the database (sha256), referenced by entries. */
import { defineModule } from '../modules/types';
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
    'attachments:put': (i, _c, s) => s.attachments.putUpload(i.base64, i.name, i.mime),
  },
});
