import fs from 'node:fs';
import { openDatabase } from '../store/db';
import type { DB } from '../store/db';
import { acquireWriterLock } from '../store/writer-lock';
import type { JobRunner } from '../jobs/runner';
import { Journal } from '../journal/journal';
import type { Clock } from '../journal/clock';
import { systemClock } from '../journal/clock';
import type { LogbookService } from '../logbook/service';
import type { UserService, PasswordOptions } from '../users/service';
import type { OrgCatalog } from '../org/catalog';
import type { StationService, StationSetup } from '../station/service';
import type { ShiftService } from '../shifts/service';
import type { AttachmentStore } from '../attachments/store';
import type { CameraRegistry } from '../cameras/service';
import type { DocumentService } from '../documents/service';
import type { WallPresetService } from '../walls/service';
import { REGISTRY } from '../journal/registry';
import { ensureNodeId } from '../journal/node-id';
import { createDispatcher } from '../api/dispatcher';
import type { TrustedDispatcher } from '../api/types';
import type { VideoService } from '../video/service';
import type { StreamEngineOptions } from '../video/engine';
import type { Role } from '../../src-shared/domain/roles';
import type { JournalVerifyReport, VerifyReport } from '../../src-shared/domain/org';
import type { IncidentService } from '../incidents/service';
import type { IncidentWatcher } from '../incidents/watcher';
import type { WatcherOptions } from '../incidents/watcher';
import { assertSecurityProjections } from '../store/projection-check';
import { EndpointSlot } from '../api/endpoint';
import type { Endpoint } from '../api/endpoint';
import { MODULES, MODULE_TOPICS } from '../modules';
import { PushHub } from '../push/hub';
import { LIVE_TOPICS, deriveFrames, startClockTicker, startJobFrames, startLiveVideo } from '../push/sources';
import { compose } from '../modules/compose';
import type { BoundHandlers, Services } from '../modules/types';

export type { Endpoint } from '../api/endpoint';

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
  /** Incidents, approvals, directions and their clocks, requests received (docs/incidents.md). */
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
  /**
   * Where the loopback server listens: set by whoever starts it (`endpointSlot.set`), null until
   * then. The `endpoint` property reads and writes the same slot (kept for callers of old).
   */
  endpointSlot: EndpointSlot;
  endpoint: Endpoint | null;
  /** Every service by name, as the modules made them (src-main/modules/index.ts). */
  services: Services;
  /** The handler table derived from the modules (what the dispatcher runs). */
  handlers: BoundHandlers;
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

/**
 * Opens a station's database and composes the modules (src-main/modules/index.ts): explicit
 * dependencies, no globals, no placeholder filled in later. `Core` is a facade over them.
 */
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
  const log = opts.log ?? ((m: string) => console.error(m));
  // typed events (journal/registry.ts) and this installation's HLC node (journal/node-id.ts)
  const journal = new Journal(db, clock, { registry: REGISTRY, node: ensureNodeId(db, { readonly: opts.readonly ?? false, now: clock.now() }) });
  const endpointSlot = new EndpointSlot();
  // push: frames derived from each committed transaction by the modules' topic sources. A
  // session's user is asked of the dispatcher at push time; until the dispatcher exists (built
  // last, from the composed handlers) there is no session to push to, so the answer is null.
  let sessions: Pick<TrustedDispatcher, 'sessionUser'> | null = null;
  // a paired wall's session with nobody signed in still gets its wall's topics (devices module)
  let standing: ((sessionId: string) => ReadonlySet<string> | null) | null = null;
  const push = new PushHub({
    sessionUser: (id) => sessions?.sessionUser(id) ?? null,
    standing: (id) => standing?.(id) ?? null,
    derive: deriveFrames(db, MODULE_TOPICS),
    page: (from, limit) => journal.page(from, limit),
    head: () => journal.head.seq,
    liveTopics: LIVE_TOPICS,
    log,
  });
  journal.onCommit((evs) => push.publishEvents(evs));
  const env = {
    dbPath: opts.dbPath,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    readonly: opts.readonly === true,
    writer: lock !== null,
    video: opts.video ?? {},
    log,
  };
  let mods: ReturnType<typeof compose>;
  try {
    mods = compose(MODULES, { db, journal, clock, env, endpoint: endpointSlot, push });
  } catch (e) {
    db.close();
    lock?.release();
    throw e;
  }
  for (const p of mods.projectors) journal.addProjector(p);
  for (const m of mods.maintenance) journal.addMaintenance(m);
  const s = mods.services;
  const dispatcher = createDispatcher({ clock, station: s.station, users: s.users, cameras: s.cameras, handlers: mods.handlers, requests: s.requests }, opts.log);
  sessions = dispatcher;
  standing = (id) => s.devices.standingOf(id);
  // live sources outside the journal: stream health and statistics, the core's clock
  const stopVideo = opts.readonly ? () => {} : startLiveVideo(push, s.video);
  const stopTime = opts.readonly ? () => {} : startClockTicker(push, () => clock.now());
  const stopJobs = startJobFrames(push, s.jobs);

  return {
    dbPath: opts.dbPath,
    db,
    journal,
    clock,
    station: s.station,
    users: s.users,
    org: s.org,
    shifts: s.shifts,
    logbook: s.logbook,
    attachments: s.attachments,
    cameras: s.cameras,
    documents: s.documents,
    walls: s.walls,
    dispatcher,
    video: s.video,
    incidents: s.incidents,
    startIncidentWatcher: (wo) => mods.watcher('incidents', 'clocks', wo) as IncidentWatcher,
    jobs: s.jobs,
    push,
    endpointSlot,
    get endpoint() {
      return endpointSlot.get();
    },
    set endpoint(e: Endpoint | null) {
      endpointSlot.set(e);
    },
    services: s,
    handlers: mods.handlers,
    verifyFull: (deep) => s.verifier.full(deep),
    verify: () => s.verifier.chain(),
    verifyParallel: () => s.verifier.chainParallel(),
    setupStation: (st, admin, o) => s.setup.run(st, admin, o),
    close() {
      stopVideo();
      stopTime();
      stopJobs();
      push.close();
      mods.close();
      if (db.open) db.close();
      lock?.release();
    },
  };
}
