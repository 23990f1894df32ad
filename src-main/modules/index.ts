/**
 * The composition root: the modules in order (a module comes after those whose services it
 * needs). The dispatcher's handler table, rebuild's tables, the migration list, the journal's
 * event registry, the push topics and the CLI's `call --list` are derived from this list (docs/architecture.md, "Modules").
 */
import type { AnyModule } from './types';
import { composeChannels, composeEvents, composeTopics, composeMigrations, composeProjections, composeRebuildExtras } from './compose';
import { jobsModule } from '../jobs/module';
import { journalModule } from '../store/module';
import { attachmentsModule } from '../attachments/module';
import { usersModule } from '../users/module';
import { orgModule } from '../org/module';
import { stationModule } from '../station/module';
import { shiftsModule } from '../shifts/module';
import { logbookModule } from '../logbook/module';
import { camerasModule } from '../cameras/module';
import { videoModule } from '../video/module';
import { incidentsModule } from '../incidents/module';
import { documentsModule } from '../documents/module';
import { wallsModule } from '../walls/module';
import { clientModule } from '../client/module';
import { pushModule } from '../push/module';
import { devicesModule } from '../devices/module';

export const MODULES: readonly AnyModule[] = [
  jobsModule,
  journalModule,
  attachmentsModule,
  usersModule,
  orgModule,
  stationModule,
  shiftsModule,
  logbookModule,
  camerasModule,
  videoModule,
  incidentsModule,
  documentsModule,
  wallsModule,
  clientModule,
  pushModule,
  devicesModule,
];

/** Every numbered migration (1..N, checked). */
export const MODULE_MIGRATIONS = composeMigrations(MODULES);
/** Every event type this build knows (the journal's registry is built from it). */
export const MODULE_EVENTS = composeEvents(MODULES);
/** Every module's push topic sources (the push hub derives frames from committed events with them). */
export const MODULE_TOPICS = composeTopics(MODULES);
/** Every projection table (rebuilt from the journal). */
export const PROJECTION_TABLES = composeProjections(MODULES);
/** State a rebuild resets beside the tables (the search index, the station record). */
export const REBUILD_EXTRAS = composeRebuildExtras(MODULES);
/** Every channel with its module, in module order (the CLI's `call --list`). */
export const MODULE_CHANNELS = composeChannels(MODULES);
/** Tables that are not projections (the journal, local secrets, kept queues). */
export const LOCAL_TABLES = MODULES.flatMap((m) => [...(m.localTables ?? [])]);
