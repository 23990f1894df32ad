/** The logbook: channels — entries, amendments, search, open items and the Phụ lục I export. */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import * as s from './schemas';
import { refineDateRange } from './date-range';
import type { JobInfo } from '../domain/jobs';
import type { EntryVersion, LogbookEntry, OpenItem, SearchHit } from '../domain/logbook';

export interface ExportResult {
  fileName: string;
  mime: string;
  /** The document, base64-encoded (browser mode downloads it; Electron saves it). */
  base64: string;
  rows: number;
}

export const logbookChannels = {
  'logbook:add': channel<LogbookEntry>()({
    input: z.object({
      kind: s.entryKind,
      text: s.nonEmptyText(),
      occurredAt: s.epochMs.optional(),
      details: s.entryDetailsInput.default({}),
      identifiers: s.identifiersInput.default({}),
      linkedEntryId: s.id.nullable().default(null),
      attachments: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(20).default([]),
    }),
    access: 'user',
    description: 'Append a logbook entry (work, incident, direction, result, note).',
  }),
  'logbook:amend': channel<LogbookEntry>()({
    input: z.object({
      entryId: s.id,
      reason: s.nonEmptyText(1000),
      text: s.nonEmptyText().optional(),
      details: s.entryDetailsInput.optional(),
      identifiers: s.identifiersInput.optional(),
    }),
    access: 'user',
    description: 'Correct an entry: a new event that references it; both stay visible.',
  }),
  'logbook:get': channel<{ entry: LogbookEntry; history: EntryVersion[] }>()({
    input: z.object({ entryId: s.id }),
    access: 'user',
    description: 'One entry with its full history.',
  }),
  'logbook:list': channel<{ entries: LogbookEntry[]; nextBefore: number | null }>()({
    input: s.logbookFilter.extend({
      limit: z.number().int().min(1).max(500).default(100),
      beforeSeq: z.number().int().min(1).optional(),
    }),
    access: 'user',
    description: 'Entries, newest first, filtered by shift, dates, kind, author, unit, identifier.',
  }),
  'logbook:search': channel<SearchHit[]>()({
    input: s.logbookFilter.extend({
      query: s.nonEmptyText(200),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    access: 'user',
    description: 'Diacritic-insensitive search (đ → d); exact-diacritic matches first.',
  }),
  'logbook:open': channel<OpenItem[]>()({
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }),
    access: 'user',
    description: 'Open items of every shift: incidents with no result yet, with their directions.',
  }),
  'logbook:export': channel<ExportResult>()({
    input: z.object({ from: s.shiftDate, to: s.shiftDate, format: z.enum(['docx', 'pdf']) }).superRefine(refineDateRange),
    access: 'user',
    description: 'The logbook of a shift or date range on the Phụ lục I form (DOCX or PDF).',
  }),
  // heavy jobs in worker threads (src-main/jobs): a job id at once, then its progress and file
  'logbook:exportJob': channel<JobInfo>()({
    input: z.object({ from: s.shiftDate, to: s.shiftDate, format: z.enum(['docx', 'pdf']) }).superRefine(refineDateRange),
    access: 'user',
    description: 'Start exporting the logbook of a range of shifts (Phụ lục I, DOCX or PDF) in the background; answers the job at once.',
  }),
} satisfies Record<string, AnyChannel>;
