/**
 * The journal and the file itself: the events table and its chain (migration 1), the index the
 * start-up check of the security projections uses (migration 11), the quarantine of events
 * that cannot be projected (migration 12), the request ids each device had applied (migration 15,
 * exactly-once resends), `journal:verify` and `journal:quarantine`.
 */
import { defineModule } from '../modules/types';
import { verifyJournal, verifyJournalParallel } from '../journal/journal';
import type { JournalVerifyReport, QuarantineReport, VerifyReport } from '../../src-shared/domain/org';
import m001 from './migrations/001_journal';
import m011 from './migrations/011_security_events';
import m012 from './migrations/012_quarantine';
import m015 from './migrations/015_applied_requests';
import { createAppliedRequests } from '../api/requests';
import type { AppliedRequests } from '../api/requests';
import { STORE_EVENTS } from './events';
import { journalSource } from '../push/sources';

/** Verifying the station's file: the chain, the pages and, when deep, every projection. */
export interface Verifier {
  /** `journal:verify`: the file's pages, the chain and, when deep, every projection (a scratch rebuild). */
  full(deep: boolean): Promise<JournalVerifyReport>;
  chain(): VerifyReport;
  /** chain() over worker threads (large journals). */
  chainParallel(): Promise<VerifyReport>;
  /** `journal:quarantine`: the events parked because they could not be projected, with the reason. */
  quarantined(limit: number): QuarantineReport;
}

declare module '../modules/types' {
  interface Services {
    verifier: Verifier;
    /** Request ids each device had applied, for exactly-once resends (src-main/api/requests.ts). */
    requests: AppliedRequests;
  }
}

export const journalModule = defineModule({
  name: 'journal',
  events: STORE_EVENTS,
  topics: [journalSource],
  needs: ['jobs'],
  provides: ['verifier', 'requests'],
  migrations: [
    { version: 1, name: 'journal', sql: m001 },
    { version: 11, name: 'security_events', sql: m011 },
    { version: 12, name: 'quarantine', sql: m012 },
    { version: 15, name: 'applied_requests', sql: m015 },
  ],
  projections: ['quarantine'],
  localTables: ['events', 'meta', 'applied_requests'],
  services: ({ db, env, jobs, journal, clock }) => {
    const native = env.nativeBinding ? { nativeBinding: env.nativeBinding } : {};
    return {
      verifier: {
        // in a job worker over its own read-only connection: a deep replay of a large station takes
        // seconds and must not hold up every other officer (an in-memory database has no file to share)
        full: async (deep) =>
          env.dbPath === ':memory:' ? (await import('./deep-verify')).verifyDatabase(db, { deep, ...native }) : jobs.verify(deep),
        chain: () => verifyJournal(db),
        chainParallel: () => verifyJournalParallel(db, native),
        quarantined: (limit) => journal.quarantined(limit),
      },
      // a read-only core never appends, so it records nothing
      requests: createAppliedRequests(db, journal, clock),
    };
  },
  handlers: {
    'journal:verify': (i, _c, s) => s.verifier.full(i.deep),
    'journal:quarantine': (i, _c, s) => s.verifier.quarantined(i.limit),
  },
});
