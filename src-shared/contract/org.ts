/** The org: channels — the customs organisation catalog (units, code mappings over time). */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import * as s from './schemas';
import type { OrgUnit } from '../domain/org';

export const orgChannels = {
  'org:list': channel<OrgUnit[]>()({
    input: z.object({ at: s.shiftDate.optional(), query: s.text(100).optional() }),
    access: 'user',
    description: 'Units valid at a date (default today), optionally filtered by a diacritic-insensitive query.',
  }),
  'org:lookup': channel<OrgUnit | null>()({
    input: z.object({ code: s.unitCode, at: s.shiftDate.optional() }),
    access: 'user',
    description: 'A unit by code as it was at a date (follows old → new code mappings).',
  }),
  'org:import': channel<{ imported: number }>()({
    input: z.object({ csv: z.string().min(1).max(5_000_000) }),
    access: ['admin'],
    description: 'Import the organisation catalog from CSV (all rows or none).',
  }),
} satisfies Record<string, AnyChannel>;
