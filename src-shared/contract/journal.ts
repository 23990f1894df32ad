/**
 * The journal: channels — checking the database file, the journal's hash chain and the
 * projections it proves. (A place for the journal's further channels, e.g. its quarantine.)
 */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import type { JournalVerifyReport } from '../domain/org';

export const journalChannels = {
  'journal:verify': channel<JournalVerifyReport>()({
    input: z.object({ deep: z.boolean().default(false) }),
    access: ['admin'],
    description: 'Check the file (SQLite quick_check) and recompute the journal hash chain; deep: also rebuild every projection in a scratch copy and name the first row that differs.',
  }),
} satisfies Record<string, AnyChannel>;
