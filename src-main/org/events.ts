/** Journal events of the organisation catalog. */
import { z } from 'zod';
import { defineEvent, ev } from '../journal/events';

const unit = ev.obj({
  code: z.string(),
  name: z.string(),
  shortName: z.string(),
  level: z.string(),
  parentCode: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  predecessorCodes: z.array(z.string()),
});

/** The whole catalog as imported (it replaces the one before). */
export const ORG_IMPORTED_EVENT = defineEvent('org.catalog_imported', ev.obj({ source: z.string().optional(), units: z.array(unit) }));

export const ORG_EVENTS = [ORG_IMPORTED_EVENT];
