/** Journal events of rosters and the rota. */
import { z } from 'zod';
import { defineEvent, ev } from '../journal/events';
import { AVAILABILITY, ROSTER_POSITIONS, TEAMS } from '../../src-shared/domain/roles';

const member = ev.obj({
  userId: z.string().nullable(),
  fullName: z.string(),
  position: z.enum(ROSTER_POSITIONS),
  team: z.enum(TEAMS).nullable(),
  location: z.string(),
  availability: z.enum(AVAILABILITY),
});

export const ROSTER_SET_EVENT = defineEvent('roster.set', ev.obj({ shiftDate: z.string(), members: z.array(member) }));

export const ROTA_SET_EVENT = defineEvent('rota.set', ev.obj({ days: z.array(ev.obj({ weekday: z.number().int(), unitCodes: z.array(z.string()) })) }));

export const SHIFTS_EVENTS = [ROSTER_SET_EVENT, ROTA_SET_EVENT];
