/**
 * The journal: channels — checking the database file, the journal's hash chain and the
 * projections it proves. and the events it could not project (the quarantine).
 */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import type { JournalVerifyReport, QuarantineReport } from '../domain/org';

export const journalChannels = {
  'journal:verify': channel<JournalVerifyReport>()({
    input: z.object({ deep: z.boolean().default(false) }),
    access: ['admin'],
    description: 'Check the file (SQLite quick_check) and recompute the journal hash chain; deep: also rebuild every projection in a scratch copy and name the first row that differs.',
  }),
  'journal:quarantine': channel<QuarantineReport>()({
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }),
    access: ['admin'],
    description: 'Events the journal could not project (unknown type, newer version than this build, payload that does not fit its schema): the count and the first ones by seq, with the reason.',
  }),
} satisfies Record<string, AnyChannel>;
