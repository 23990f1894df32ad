/**
 * The documents: channels — the official forms Phụ lục II–V: drafts, prefill, issue (numbered,
 * frozen), reissue, history and rendering. Their field schemas are in ./forms.
 */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import * as s from './schemas';
import * as forms from './forms';
import { ANY_FORM_ISSUER, DOCUMENT_STATUSES, FORM_DRAFTERS } from '../domain/forms';
import type { DocumentRecord, DocumentRevision, DocumentStatus, FormData } from '../domain/forms';

export const documentsChannels = {
  'documents:saveDraft': channel<DocumentRecord>()({
    input: z.intersection(
      forms.formInput,
      z.object({
        id: s.id.optional(),
        links: forms.documentLinksInput.default({}),
        expectedRevision: z.number().int().min(0).optional(),
      }),
    ),
    access: FORM_DRAFTERS,
    description: 'Create (no id) or edit a draft of Phụ lục II–V; every save is kept. Issued documents refuse edits.',
  }),
  'documents:prefill': channel<FormData>()({
    input: z.object({ annex: forms.annex, incidentId: s.id.optional(), directionId: s.id.optional(), requestId: s.id.optional() }),
    access: FORM_DRAFTERS,
    description: 'Default fields of a form from a stored incident, direction or request (and this shift’s leader as signer); nothing is saved.',
  }),
  'documents:issue': channel<DocumentRecord>()({
    input: z.object({ id: s.id, expectedRevision: z.number().int().min(0).optional() }),
    access: ANY_FORM_ISSUER,
    description: 'Issue a draft: next number of the station’s yearly series, PDF and DOCX frozen, hashes journaled (III: shift leader only).',
  }),
  'documents:reissue': channel<DocumentRecord>()({
    input: z.object({ id: s.id, reason: s.nonEmptyText(1000), form: forms.formInput.optional() }),
    access: ANY_FORM_ISSUER,
    description: 'Reissue an issued document as a new numbered version (optionally with corrected fields, same annex) that supersedes it.',
  }),
  'documents:get': channel<{ document: DocumentRecord; history: DocumentRevision[] }>()({
    input: z.object({ id: s.id }),
    access: 'user',
    description: 'One document with the history of its drafts and issue.',
  }),
  'documents:list': channel<DocumentRecord[]>()({
    input: z.object({
      incidentId: s.id.optional(),
      directionId: s.id.optional(),
      requestId: s.id.optional(),
      annex: forms.annex.optional(),
      status: z.enum(DOCUMENT_STATUSES).optional(),
      year: z.number().int().min(2000).max(9999).optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    access: 'user',
    description: 'Documents, newest first, filtered by incident, direction, request, annex, status or year.',
  }),
  'documents:render': channel<{ fileName: string; mime: string; base64: string; status: DocumentStatus }>()({
    input: z.object({ id: s.id, format: z.enum(['pdf', 'docx']) }),
    access: 'user',
    description: 'The PDF or DOCX of a document: an issued one’s stored file, or a draft’s preview (marked DỰ THẢO, no number).',
  }),
} satisfies Record<string, AnyChannel>;
