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
import { OrgCatalog, orgProjector } from '../org/catalog';
import { STATION_SET_UP, StationService, stationProjector } from '../station/service';
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
import type { VerifyReport } from '../../src-shared/domain/org';
import { IncidentService } from '../incidents/service';
import { incidentsProjector } from '../incidents/projector';
import { IncidentWatcher } from '../incidents/watcher';
import type { WatcherOptions } from '../incidents/watcher';

export interface CoreOptions {
  dbPath: string;
  clock?: Clock;
  nativeBinding?: string;
  /** Create the database when missing (default true). */
  create?: boolean;
  /** Video engine settings (tests shorten stall and backoff; ffmpegPath overrides discovery). */
  video?: Partial<StreamEngineOptions>;
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
  /** Set by whoever starts the loopback server; null until then. */
  endpoint: Endpoint | null;
  verify(): VerifyReport;
  /** verify() over worker threads (large journals). */
  verifyParallel(): Promise<VerifyReport>;
  setupStation(s: StationSetup, admin: { login: string; fullName: string; password: string; roles?: Role[] }): Promise<void>;
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
  const video = new VideoService(db, journal, cameras, { engine: opts.video ?? {}, log: (m) => console.error(m) });

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
    endpoint: null,
    verify: () => verifyJournal(db),
    verifyParallel: () => verifyJournalParallel(db, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    async setupStation(s, admin) {
      if (station.get() || users.count() > 0) throw new AppError('already_set_up', 'this station is already set up');
      journal.append({ type: STATION_SET_UP, actor: admin.login, payload: s });
      if (org.count() === 0) {
        const csv = fs.readFileSync(path.join(assetsDir(), DEFAULT_CATALOG), 'utf8');
        org.importCsv(csv, admin.login, DEFAULT_CATALOG);
      }
      await users.create({ ...admin, roles: admin.roles ?? ['admin'] }, admin.login);
    },
    close() {
      watcher?.stop();
      jobs.close();
      video.close();
      if (db.open) db.close();
      lock?.release();
    },
  };
  core.dispatcher = createDispatcher(core);
  return core;
}
