/**
 * Input schemas of the official forms (Phụ lục II–V) for the documents:* channels. Text is
 * NFC-normalised and trimmed at the boundary; a draft may leave anything empty (what an issued
 * form needs is checked when it is issued: missingForIssue in ../domain/forms).
 */
import { z } from 'zod';
import { ANNEXES } from '../domain/forms';
import type { AnnexFields, FormData } from '../domain/forms';
import { deadlineMs, epochMs, id, text } from './schemas';

const line = (max = 500) => text(max).default('');
const block = (max = 10_000) => text(max).default('');

export const formHeader = z.object({
  parentBody: line(200),
  issuingUnit: line(200),
  place: line(100),
  unitAbbr: text(30)
    .pipe(z.string().regex(/^[^/\s]*$/u, 'no spaces or "/"'))
    .default(''),
});

export const formSigner = z.object({
  title: line(200),
  position: line(200),
  name: line(200),
});

const recipients = {
  recipients: z.array(text(300)).max(30).default([]),
  archive: line(200),
};

export const annexIIFields = z.object({
  header: formHeader,
  subject: line(1000),
  addressee: line(1000),
  preamble: block(),
  requestedContent: block(),
  timeRequirement: block(2000),
  dueAt: deadlineMs.nullable().default(null),
  replyForm: line(1000),
  focalPoint: line(1000),
  signer: formSigner,
  ...recipients,
});

export const annexVFields = z.object({
  header: formHeader,
  subject: line(1000),
  addressee: line(1000),
  preamble: block(),
  requestedContent: block(),
  timeRequirement: block(2000),
  dueAt: deadlineMs.nullable().default(null),
  focalPoint: line(1000),
  signer: formSigner,
  ...recipients,
});

export const dgOpinion = z.object({
  text: text(5000).pipe(z.string().min(1)),
  decidedBy: line(200),
  decidedByTitle: line(200),
  decidedAt: epochMs,
});

export const annexIIIFields = z.object({
  header: formHeader,
  preamble: block(),
  arisenAt: epochMs.nullable().default(null),
  receivedAt: epochMs.nullable().default(null),
  place: line(1000),
  involved: block(2000),
  content: block(),
  analysis: block(),
  proposal: block(),
  signer: formSigner,
  dgOpinion: dgOpinion.nullable().default(null),
  ...recipients,
});

export const annexIVFields = z.object({
  header: formHeader,
  addressee: line(1000),
  reference: z.object({
    kind: z.enum(['fax', 'letter']).default('fax'),
    number: line(100),
    date: epochMs.nullable().default(null),
    issuer: line(500),
  }),
  handlingUnit: line(500),
  requestedContent: block(),
  timeline: z.array(z.object({ at: epochMs, text: text(2000).pipe(z.string().min(1)) })).max(100).default([]),
  result: block(),
  dueAt: deadlineMs.nullable().default(null),
  finishedAt: epochMs.nullable().default(null),
  lateCause: block(2000),
  lateResponsible: line(1000),
  proposals: block(),
  focalPoint: line(1000),
  signer: formSigner,
  ...recipients,
});

/** A form: annex + its fields (discriminated by annex). */
export const formInput = z.discriminatedUnion('annex', [
  z.object({ annex: z.literal('II'), fields: annexIIFields }),
  z.object({ annex: z.literal('III'), fields: annexIIIFields }),
  z.object({ annex: z.literal('IV'), fields: annexIVFields }),
  z.object({ annex: z.literal('V'), fields: annexVFields }),
]);

/** Compile-time check: what the schemas produce is the domain's FormData. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _formsMatch: Same<z.output<typeof formInput>, FormData> = true;
const _iiMatch: Same<z.output<typeof annexIIFields>, AnnexFields['II']> = true;
void _formsMatch;
void _iiMatch;

export const annex = z.enum(ANNEXES);

export const documentLinksInput = z
  .object({ incidentId: id.nullable(), directionId: id.nullable(), requestId: id.nullable() })
  .partial();
