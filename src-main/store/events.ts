/** Journal events of the store itself: a repair (`trucban rebuild`) is on the record. */
import { z } from 'zod';
import { defineEvent, ev } from '../journal/events';

export const PROJECTIONS_REBUILT_EVENT = defineEvent(
  'store.projections_rebuilt',
  ev.obj({ tables: z.array(z.string()), reason: z.string(), events: z.number(), secretsRemoved: z.number().optional() }),
);

export const STORE_EVENTS = [PROJECTIONS_REBUILT_EVENT];
