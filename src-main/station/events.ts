/** Journal events of the station record (docs/architecture.md, "Event types, versions and the quarantine"). */
import { z } from 'zod';
import { defineEvent, ev } from '../journal/events';
import { STATION_KINDS } from '../../src-shared/domain/roles';
import type { OfficeHours } from '../../src-shared/domain/org';

export const STATION_SET_UP_EVENT = defineEvent(
  'station.set_up',
  ev.obj({ code: z.string(), name: z.string(), kind: z.enum(STATION_KINDS), place: z.string(), parentBody: z.string() }),
);

/** The fields changed (any of the station's settable fields). */
export const STATION_UPDATED_EVENT = defineEvent(
  'station.updated',
  ev.obj({
    code: z.string().optional(),
    name: z.string().optional(),
    kind: z.enum(STATION_KINDS).optional(),
    place: z.string().optional(),
    parentBody: z.string().optional(),
    officeHours: ev.json<OfficeHours>().optional(),
    idleLockMinutes: z.number().optional(),
  }),
);

/** LAN access as the administrator set it (the whole setting each time; src-main/station/lan.ts). */
export const STATION_LAN_SET_EVENT = defineEvent(
  'station.lan_set',
  ev.obj({ enabled: z.boolean(), hosts: z.array(z.string()), port: z.number() }),
);

export const STATION_EVENTS = [STATION_SET_UP_EVENT, STATION_UPDATED_EVENT, STATION_LAN_SET_EVENT];
