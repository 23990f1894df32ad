import m001 from './001_journal';
import m002 from './002_logbook';
import m003 from './003_station';
import m004 from './004_open_incidents';
import m005 from './005_cameras';
import m006 from './006_camera_health';

/** Numbered migrations; the database's `user_version` is the number of the last one applied. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'journal', sql: m001 },
  { version: 2, name: 'logbook', sql: m002 },
  { version: 3, name: 'station', sql: m003 },
  { version: 4, name: 'open_incidents', sql: m004 },
  { version: 5, name: 'cameras', sql: m005 },
  { version: 6, name: 'camera_health', sql: m006 },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
