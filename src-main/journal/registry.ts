/**
 * Every event type this build knows: the modules' declarations, in module order
 * (src-main/modules/index.ts; docs/architecture.md, "Event types, versions and the quarantine").
 * The core's journal validates appends and parses stored events with it.
 */
import { EventRegistry } from './events';
import type { EventDef } from './events';
import { MODULE_EVENTS } from '../modules';

export const ALL_EVENTS: readonly EventDef[] = MODULE_EVENTS;

export const REGISTRY = new EventRegistry(ALL_EVENTS);
