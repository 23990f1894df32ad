/**
 * Every event type this build knows: the domains' lists, concatenated (docs/architecture.md,
 * "Event types, versions and the quarantine"). The core's journal validates appends and parses
 * stored events with it.
 */
import { EventRegistry } from './events';
import type { EventDef } from './events';
import { STATION_EVENTS } from '../station/events';
import { USERS_EVENTS } from '../users/events';
import { ORG_EVENTS } from '../org/events';
import { SHIFTS_EVENTS } from '../shifts/events';
import { LOGBOOK_EVENTS } from '../logbook/events';
import { CAMERAS_EVENTS } from '../cameras/events';
import { VIDEO_EVENTS } from '../video/events';
import { INCIDENTS_EVENTS } from '../incidents/events';
import { DOCUMENTS_EVENTS } from '../documents/events';
import { WALLS_EVENTS } from '../walls/events';
import { STORE_EVENTS } from '../store/events';

export const ALL_EVENTS: readonly EventDef[] = [
  ...STATION_EVENTS,
  ...USERS_EVENTS,
  ...ORG_EVENTS,
  ...SHIFTS_EVENTS,
  ...LOGBOOK_EVENTS,
  ...CAMERAS_EVENTS,
  ...VIDEO_EVENTS,
  ...INCIDENTS_EVENTS,
  ...DOCUMENTS_EVENTS,
  ...WALLS_EVENTS,
  ...STORE_EVENTS,
];

export const REGISTRY = new EventRegistry(ALL_EVENTS);
