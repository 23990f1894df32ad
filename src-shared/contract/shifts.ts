/** The shift:, roster: and rota: channels — the current shift, who is on it, and the duty rota. */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import * as s from './schemas';
import type { Roster, Rota, ShiftInfo } from '../domain/org';

const LEADERS = ['shift_leader', 'room_leader', 'admin'] as const;

export const shiftsChannels = {
  'shift:current': channel<ShiftInfo>()({
    input: z.object({}),
    access: 'user',
    description: 'The current shift (08:00 → 08:00 Asia/Ho_Chi_Minh) and its roster.',
  }),
  'roster:get': channel<Roster>()({
    input: z.object({ shiftDate: s.shiftDate }),
    access: 'user',
    description: 'The roster of a shift.',
  }),
  'roster:set': channel<Roster>()({
    input: z.object({
      shiftDate: s.shiftDate,
      members: z
        .array(
          z.object({
            userId: s.id.nullable().default(null),
            fullName: s.nonEmptyText(200),
            position: s.rosterPosition,
            team: s.team.nullable().default(null),
            location: s.text(200).default(''),
            availability: s.availability.default('on_duty'),
          }),
        )
        .max(100),
    }),
    access: [...LEADERS, 'surveillance_head'],
    description: 'Set the roster of a shift (recorded in the journal).',
  }),
  'rota:get': channel<Rota>()({ input: z.object({}), access: 'user', description: 'Rota of duty units by weekday.' }),
  'rota:set': channel<Rota>()({
    input: z.object({
      days: z.array(z.object({ weekday: z.number().int().min(1).max(7), unitCodes: z.array(s.unitCode).max(20) })).max(7),
    }),
    access: ['admin', 'shift_leader'],
    description: 'Set the rota of duty units by weekday (Đ5.2).',
  }),
} satisfies Record<string, AnyChannel>;
