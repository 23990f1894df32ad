import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../store/db';
import type { DB } from '../store/db';
import { acquireWriterLock } from '../store/writer-lock';
import { JobRunner } from '../jobs/runner';
import { Journal, verifyJournal, verifyJournalParallel } from '../journal/journal';
import type { Clock } from '../journal/clock';
import { systemClock } from '../journal/clock';
import { logbookMaintenance, logbookProjector } from '../logbook/projector';
import { LogbookService } from '../logbook/service';
import { UserService, usersProjector } from '../users/service';
import type { PasswordOptions } from '../users/service';
import { hashPassword } from '../users/password';
import { OrgCatalog, orgProjector } from '../org/catalog';
import { STATION_SET_UP, STATION_UPDATED, StationService, stationProjector } from '../station/service';
import type { StationSetup } from '../station/service';
import { ShiftService, shiftsProjector } from '../shifts/service';
import { AttachmentStore } from '../attachments/store';
import { CameraRegistry, camerasProjector } from '../cameras/service';
import { DocumentService, documentsProjector } from '../documents/service';
import { WallPresetService, wallPresetsProjector } from '../walls/service';
import { assetsDir, DEFAULT_CATALOG } from './paths';
import { createDispatcher } from '../api/dispatcher';
import type { TrustedDispatcher } from '../api/types';
import { VideoService, cameraHealthProjector } from '../video/service';
import type { StreamEngineOptions } from '../video/engine';
import type { Role } from '../../src-shared/domain/roles';
import { AppError } from '../../src-shared/errors';
import type { JournalVerifyReport, VerifyReport } from '../../src-shared/domain/org';
import { IncidentService } from '../incidents/service';
import { incidentsProjector } from '../incidents/projector';
import { IncidentWatcher } from '../incidents/watcher';
import type { WatcherOptions } from '../incidents/watcher';
import { assertSecurityProjections } from '../store/projection-check';
import { PushHub } from '../push/hub';
import { LIVE_TOPICS, deriveFrames, startClockTicker, startLiveVideo } from '../push/sources';

export interface CoreOptions {
  dbPath: string;
  clock?: Clock;
  nativeBinding?: string;
  /** Create the database when missing (default true). */
  create?: boolean;
  /** Video engine settings (tests shorten stall and backoff; ffmpegPath overrides discovery). */
  video?: Partial<StreamEngineOptions>;
  /**
   * Refuse to open when the users or the station stored differ from the journal's replay
   * (default true; `trucban verify` and `rebuild` open without it, to report and to repair).
   */
  checkProjections?: boolean;
  /** Where the core reports faults (the dispatcher's internal errors, video); default stderr. */
  log?: (msg: string) => void;
  /**
   * Open for reading only: no writer lock, no migrations, nothing appended (the CLI's verify,
   * search, export and backup while the app runs). Default false: the core is the station's one
   * writer and holds its lock (src-main/store/writer-lock.ts) until close().
   */
  readonly?: boolean;
}

/** Where the loopback server (browser mode, and video in both modes) listens. */
export interface Endpoint {
  url: string;
  token: string;
  /** Absolute URL streaming a finished job's file, with a capability for it (hand it only to its owner). */
  exportUrl(jobId: string): string;
}

export interface Core {
  dbPath: string;
  db: DB;
  journal: Journal;
  clock: Clock;
  station: StationService;
  users: UserService;
  org: OrgCatalog;
  shifts: ShiftService;
  logbook: LogbookService;
  attachments: AttachmentStore;
  cameras: CameraRegistry;
  /** Official forms Phụ lục II–V: drafts, numbered issues, reissues. */
  documents: DocumentService;
  /** Named video-wall presets (a layout per display). */
  walls: WallPresetService;
  dispatcher: TrustedDispatcher;
  video: VideoService;
  /** Incidents, approvals, directions and their clocks, requests received (issue 4). */
  incidents: IncidentService;
  /**
   * Starts the clock watcher (escalations, clock jumps) — done by whoever runs the app (the
   * loopback server), not by one-shot CLI commands. Idempotent; close() stops it.
   */
  startIncidentWatcher(opts?: WatcherOptions): IncidentWatcher;
  /** Heavy work (exports) in worker threads, off this event loop (src-main/jobs/runner.ts). */
  jobs: JobRunner;
  /** Frames pushed to open screens (src-main/push/hub.ts); transports attach their sinks. */
  push: PushHub;
  /** Set by whoever starts the loopback server; null until then. */
  endpoint: Endpoint | null;
  /** `journal:verify`: the file's pages, the chain and, when deep, every projection (a scratch rebuild). */
  verifyFull(deep: boolean): Promise<JournalVerifyReport>;
  verify(): VerifyReport;
  /** verify() over worker threads (large journals). */
  verifyParallel(): Promise<VerifyReport>;
  /**
   * First run: station, example catalog and first administrator, atomically. Also completes a
   * station an older build left without users. `temporary`: the password must be changed at
   * the first sign-in (`trucban init` generates it).
   */
  setupStation(s: StationSetup, admin: { login: string; fullName: string; password: string; roles?: Role[] }, opts?: PasswordOptions): Promise<void>;
  close(): void;
}

/** Opens a station's database and wires the services (explicit dependencies, no globals). */
export function openCore(opts: CoreOptions): Core {
  const clock = opts.clock ?? systemClock;
  const dbOpts: { create?: boolean; nativeBinding?: string; readonly?: boolean } = { create: opts.create ?? true };
  if (opts.nativeBinding) dbOpts.nativeBinding = opts.nativeBinding;
  if (opts.readonly) dbOpts.readonly = true;
  // one writer per station: a second one is refused (station_busy) before it touches the file
  const writer = !opts.readonly && opts.dbPath !== ':memory:' && ((opts.create ?? true) || fs.existsSync(opts.dbPath));
  const lock = writer ? acquireWriterLock(opts.dbPath, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) : null;
  let db: DB;
  try {
    db = openDatabase(opts.dbPath, dbOpts);
  } catch (e) {
    lock?.release();
    throw e;
  }
  // security decisions read `users` and the station: they must be what the journal proves
  try {
    if (opts.checkProjections ?? true) assertSecurityProjections(db, opts.dbPath, dbOpts);
  } catch (e) {
    db.close();
    lock?.release();
    throw e;
  }
  const journal = new Journal(db, clock);
  journal.addProjector(stationProjector(db));
  journal.addProjector(usersProjector(db));
  journal.addProjector(orgProjector(db));
  journal.addProjector(shiftsProjector(db));
  journal.addProjector(logbookProjector(db));
  journal.addProjector(camerasProjector(db));
  journal.addMaintenance(logbookMaintenance(db));
  const station = new StationService(db, journal);
  const users = new UserService(db, journal);
  const org = new OrgCatalog(db, journal);
  const shifts = new ShiftService(db, journal, () => station.get());
  const attachments = new AttachmentStore(db, opts.dbPath, () => clock.now());
  const logbook = new LogbookService(db, journal, org, attachments);
  const cameras = new CameraRegistry(db, journal, org);
  journal.addProjector(cameraHealthProjector(db));
  journal.addProjector(incidentsProjector(db));
  const incidents = new IncidentService(db, journal, org, attachments, clock, (id) => cameras.get(id) !== null);
  let watcher: IncidentWatcher | null = null;
  journal.addProjector(documentsProjector(db));
  // heavy work (exports, form rendering) runs in worker threads, off this event loop
  const jobs = new JobRunner({
    dbPath: opts.dbPath,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    now: () => clock.now(),
    log: (m) => console.error(m),
    ownsDir: lock !== null,
  });
  const documents = new DocumentService(db, journal, attachments, () => station.get(), { render: (input) => jobs.renderForm(input) });
  journal.addProjector(wallPresetsProjector(db));
  const walls = new WallPresetService(db, journal, cameras);
  const video = new VideoService(db, journal, cameras, { engine: opts.video ?? {}, log: opts.log ?? ((m) => console.error(m)) });
  // push: frames derived from each committed transaction, and live video sources; the session's
  // user is read at push time (the dispatcher is set below, before any session exists)
  const push = new PushHub({
    sessionUser: (id) => core.dispatcher.sessionUser(id),
    derive: deriveFrames(db),
    page: (from, limit) => journal.page(from, limit),
    head: () => journal.head.seq,
    liveTopics: LIVE_TOPICS,
    log: opts.log ?? ((m) => console.error(m)),
  });
  journal.onCommit((evs) => push.publishEvents(evs));
  const stopVideo = opts.readonly ? () => {} : startLiveVideo(push, video);
  const stopTime = opts.readonly ? () => {} : startClockTicker(push, () => clock.now());
  const stopLive = () => {
    stopVideo();
    stopTime();
  };

  const core: Core = {
    dbPath: opts.dbPath,
    db,
    journal,
    clock,
    station,
    users,
    org,
    shifts,
    logbook,
    attachments,
    cameras,
    documents,
    walls,
    dispatcher: undefined as unknown as TrustedDispatcher,
    video,
    incidents,
    startIncidentWatcher(wo) {
      if (!watcher) {
        watcher = new IncidentWatcher(incidents, clock, { active: () => station.get() !== null, ...wo });
        watcher.start();
      }
      return watcher;
    },
    jobs,
    push,
    endpoint: null,
    // in a job worker over its own read-only connection: a deep replay of a large station takes
    // seconds and must not hold up every other officer (an in-memory database has no file to share)
    verifyFull: async (deep) =>
      opts.dbPath === ':memory:'
        ? (await import('../store/deep-verify')).verifyDatabase(db, { deep, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) })
        : jobs.verify(deep),
    verify: () => verifyJournal(db),
    verifyParallel: () => verifyJournalParallel(db, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    async setupStation(s, admin, opts = {}) {
      if (users.count() > 0) throw new AppError('already_set_up', 'this station is already set up');
      // everything slow or fallible that writes nothing comes first (the scrypt hash, reading the
      // catalog); then station, catalog and administrator are written in ONE journal transaction,
      // so a crash leaves either an untouched database or a complete station
      const hash = await hashPassword(admin.password);
      const csv = fs.readFileSync(path.join(assetsDir(), DEFAULT_CATALOG), 'utf8');
      journal.tx(() => {
        if (users.count() > 0) throw new AppError('already_set_up', 'this station is already set up');
        const existing = station.get();
        if (!existing) journal.appendInTx({ type: STATION_SET_UP, actor: admin.login, payload: s });
        else {
          // an older build appended station.set_up, then crashed before the administrator:
          // the station has no users, so this setup completes it (with the details given now)
          const changed = Object.fromEntries(Object.entries(s).filter(([k, v]) => existing[k as keyof StationSetup] !== v));
          if (Object.keys(changed).length > 0) journal.appendInTx({ type: STATION_UPDATED, actor: admin.login, payload: changed });
        }
        if (org.count() === 0) org.importCsv(csv, admin.login, DEFAULT_CATALOG);
        users.createInTx({ login: admin.login, fullName: admin.fullName, roles: admin.roles ?? ['admin'] }, hash, admin.login, opts);
      });
    },
    close() {
      stopLive();
      push.close();
      watcher?.stop();
      jobs.close();
      video.close();
      if (db.open) db.close();
      lock?.release();
    },
  };
  core.dispatcher = createDispatcher(core, opts.log);
  return core;
}
