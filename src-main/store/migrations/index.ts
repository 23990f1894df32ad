import m001 from './001_journal';
import m002 from './002_logbook';
import m003 from './003_station';
import m004 from './004_open_incidents';
import m005 from './005_cameras';
import m006 from './006_camera_health';
import m007 from './007_incidents';
import m008 from './008_documents';
import m009 from './009_wall_presets';
import m010 from './010_signin';
import m011 from './011_security_events';
import m013 from './013_append_pages';

/** Numbered migrations; the database's `user_version` is the number of the last one applied. */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  { version: 1, name: 'journal', sql: m001 },
  { version: 2, name: 'logbook', sql: m002 },
  { version: 3, name: 'station', sql: m003 },
  { version: 4, name: 'open_incidents', sql: m004 },
  { version: 5, name: 'cameras', sql: m005 },
  { version: 6, name: 'camera_health', sql: m006 },
  { version: 7, name: 'incidents', sql: m007 },
  { version: 8, name: 'documents', sql: m008 },
  { version: 9, name: 'wall_presets', sql: m009 },
  { version: 10, name: 'signin', sql: m010 },
  { version: 11, name: 'security_events', sql: m011 },
  // file 013: number 12 goes to the quarantine table of another branch; this one becomes 13 when both land
  { version: 12, name: 'append_pages', sql: m013 },
];

export const SCHEMA_VERSION = MIGRATIONS.length;
