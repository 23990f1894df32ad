/** Official forms Phụ lục II–V: drafts, prefill, numbered issues, reissues (docs/forms.md). */
import { defineModule } from '../modules/types';
import { actor, me } from '../modules/call';
import { DocumentService, documentsProjector } from './service';
import { FormPrefill } from './prefill-service';
import m008 from '../store/migrations/008_documents';
import { DOCUMENTS_EVENTS } from './events';

declare module '../modules/types' {
  interface Services {
    documents: DocumentService;
    prefill: FormPrefill;
  }
}

export const documentsModule = defineModule({
  name: 'documents',
  events: DOCUMENTS_EVENTS,
  needs: ['station', 'attachments', 'jobs', 'incidents', 'shifts', 'org'],
  provides: ['documents', 'prefill'],
  migrations: [{ version: 8, name: 'documents', sql: m008 }],
  projections: ['documents', 'document_revisions'],
  services: ({ db, journal, station, attachments, jobs, incidents, shifts, org }) => ({
    documents: new DocumentService(db, journal, attachments, () => station.get(), { render: (input) => jobs.renderForm(input) }),
    prefill: new FormPrefill(station, incidents, shifts, org),
  }),
  projectors: ({ db }) => [documentsProjector(db)],
  handlers: {
    'documents:saveDraft': (i, c, s) => {
      const { id, links, expectedRevision, ...form } = i;
      return s.documents.saveDraft({ form, links, ...(id !== undefined ? { id } : {}), ...(expectedRevision !== undefined ? { expectedRevision } : {}) }, actor(c));
    },
    'documents:prefill': (i, c, s) => s.prefill.fill(i, c.user),
    'documents:issue': (i, c, s) => s.documents.issue(i, me(c)),
    'documents:reissue': (i, c, s) => s.documents.reissue(i, me(c)),
    'documents:get': (i, _c, s) => ({ document: s.documents.get(i.id), history: s.documents.history(i.id) }),
    'documents:list': (i, _c, s) => s.documents.list(i),
    'documents:render': async (i, _c, s) => {
      const doc = s.documents.get(i.id);
      const f = await s.documents.file(i.id, i.format);
      return { fileName: f.fileName, mime: f.mime, base64: f.data.toString('base64'), status: doc.status };
    },
  },
});
