/** Journal events of official documents (Phụ lục II–V): drafts, issued versions, reissues. */
import { z } from 'zod';
import { defineEvent, ev } from '../journal/events';
import { ANNEXES } from '../../src-shared/domain/forms';
import type { FormFields } from '../../src-shared/domain/forms';

const links = ev.obj({ incidentId: z.string().nullable(), directionId: z.string().nullable(), requestId: z.string().nullable() });
const file = ev.obj({ sha256: z.string(), size: z.number(), name: z.string() });
const fields = ev.json<FormFields>();

export const DOCUMENT_DRAFT_SAVED_EVENT = defineEvent(
  'document.draft_saved',
  ev.obj({ documentId: z.string(), annex: z.enum(ANNEXES), revision: z.number().int(), fields, links, title: z.string() }),
);

const issued = ev.obj({
  documentId: z.string(),
  annex: z.enum(ANNEXES),
  stationCode: z.string(),
  number: z.number().int(),
  year: z.number().int(),
  symbol: z.string(),
  numberText: z.string(),
  version: z.number().int(),
  issuedAt: z.number(),
  fields,
  fieldsSha256: z.string(),
  pdf: file,
  docx: file,
  links,
  title: z.string(),
  supersedes: z.string().nullable(),
  reason: z.string().nullable(),
});

export const DOCUMENT_ISSUED_EVENT = defineEvent('document.issued', issued);
export const DOCUMENT_REISSUED_EVENT = defineEvent('document.reissued', issued);

export const DOCUMENTS_EVENTS = [DOCUMENT_DRAFT_SAVED_EVENT, DOCUMENT_ISSUED_EVENT, DOCUMENT_REISSUED_EVENT];
