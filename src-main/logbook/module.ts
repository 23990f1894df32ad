/**
 * The logbook (Phụ lục I): entries, amendments, search, open items, exports — and the shared
 * sink other domains write their lines into through `logbookLines` (src-main/logbook/lines.ts).
 */
import { defineModule } from '../modules/types';
import { actor } from '../modules/call';
import { LogbookService } from './service';
import { logbookMaintenance, logbookProjector, SEARCH_INDEXED_TO, searchIndexFlusher } from './projector';
import { LogbookLines } from './lines';
import { LogbookExports } from './export-jobs';
import m002 from '../store/migrations/002_logbook';
import m004 from '../store/migrations/004_open_incidents';
import m013 from '../store/migrations/013_append_pages';
import { LOGBOOK_EVENTS } from './events';

declare module '../modules/types' {
  interface Services {
    logbook: LogbookService;
    /** "Write a logbook line for event X" (registered by other domains) and the entry writer. */
    logbookLines: LogbookLines;
    logbookExports: LogbookExports;
  }
}

export const logbookModule = defineModule({
  name: 'logbook',
  events: LOGBOOK_EVENTS,
  needs: ['org', 'attachments', 'jobs'],
  provides: ['logbook', 'logbookLines', 'logbookExports'],
  migrations: [
    { version: 2, name: 'logbook', sql: m002 },
    { version: 4, name: 'open_incidents', sql: m004 },
    { version: 13, name: 'append_pages', sql: m013 },
  ],
  projections: ['logbook_entries', 'logbook_versions', 'logbook_identifiers'],
  rebuildExtras: [
    {
      // the search index and its batch mark (`search_indexed_to`, migration 13): emptied, then
      // given every version at the end of the replay (none left waiting for the next batch)
      name: 'logbook_fts',
      clear: (db) => {
        db.prepare(`INSERT INTO logbook_fts (logbook_fts) VALUES ('delete-all')`).run();
        db.prepare(`UPDATE meta SET value = '0' WHERE key = '${SEARCH_INDEXED_TO}'`).run();
      },
      finish: (db) => searchIndexFlusher(db).flush(),
    },
  ],
  services: ({ db, journal, clock, org, attachments, jobs }) => {
    const logbookLines = new LogbookLines(db);
    return {
      logbook: new LogbookService(db, journal, org, attachments, logbookLines.writer),
      logbookLines,
      logbookExports: new LogbookExports(jobs, clock),
    };
  },
  projectors: ({ db, logbookLines }) => [logbookProjector(db, logbookLines.writer, (ev) => logbookLines.lineFor(ev))],
  maintenance: ({ db }) => [logbookMaintenance(db)],
  handlers: {
    'logbook:add': (i, c, s) => s.logbook.add(i, actor(c)),
    'logbook:amend': (i, c, s) => s.logbook.amend(i, actor(c)),
    'logbook:get': (i, _c, s) => ({ entry: s.logbook.get(i.entryId), history: s.logbook.history(i.entryId) }),
    'logbook:list': (i, _c, s) => {
      const { limit, beforeSeq, ...filter } = i;
      return s.logbook.list(filter, limit, beforeSeq);
    },
    'logbook:search': (i, _c, s) => {
      const { query, limit, ...filter } = i;
      return s.logbook.search(query, filter, limit);
    },
    'logbook:open': (i, _c, s) => s.logbook.openItems(i.limit),
    // the export runs in a worker thread (src-main/jobs); this channel waits for it and answers
    // the file inline, logbook:exportJob answers the job at once
    'logbook:export': (i, c, s) => s.logbookExports.inline(i, actor(c)),
    'logbook:exportJob': (i, c, s) => s.logbookExports.start(i, actor(c)),
  },
});
