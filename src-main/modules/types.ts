/**
 * One module per domain (docs/architecture.md, "Modules"). A module declares, in its
 * `src-main/<domain>/module.ts`: its migrations, its projection tables (what `rebuild` empties
 * and replays), its projectors, its services (a factory that receives only the services it
 * names in `needs`), its channel handlers (thin: parse → service → reply), its watchers and its
 * close step. The composition root (src-main/modules/index.ts) lists the modules in order and
 * derives the dispatcher's handler table, rebuild's tables, the migration list and the CLI's
 * `call --list` from that list.
 */
import type { PushHub } from '../push/hub';
import type { TopicSource } from '../push/sources';
import type { EventDef } from '../journal/events';
import type { Channel, OutputOf, ParsedInputOf } from '../../src-shared/contract';
import type { User } from '../../src-shared/domain/org';
import type { DB } from '../store/db';
import type { Journal, StoredEvent } from '../journal/journal';
import type { Clock } from '../journal/clock';
import type { CallContext } from '../api/types';
import type { EndpointSlot } from '../api/endpoint';
import type { StreamEngineOptions } from '../video/engine';

/** A numbered migration; numbering is global (1..N without gaps), checked by the composition root. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** What the core was opened with, as the modules may read it. */
export interface ModuleEnv {
  dbPath: string;
  nativeBinding?: string;
  readonly: boolean;
  /** This core holds the station's writer lock (it owns the jobs' folder). */
  writer: boolean;
  /** Video engine settings (tests shorten stall and backoff). */
  video: Partial<StreamEngineOptions>;
  /** Where faults are reported (default stderr). */
  log: (msg: string) => void;
}

/**
 * Every service by name. The base ones are given by the composition root; each module adds its
 * own here with `declare module '../modules/types' { interface Services { … } }` in its
 * module.ts, so adding a domain edits no shared list of types.
 */
export interface Services {
  db: DB;
  journal: Journal;
  clock: Clock;
  env: ModuleEnv;
  /** Where the loopback server listens, once it does (the server sets it). */
  endpoint: EndpointSlot;
  /** Frames pushed to open screens (src-main/push/hub.ts); the modules' topics feed it. */
  push: PushHub;
}

/** The services every module receives without naming them. */
export type BaseService = 'db' | 'journal' | 'clock' | 'env' | 'endpoint' | 'push';
export const BASE_SERVICES: readonly BaseService[] = ['db', 'journal', 'clock', 'env', 'endpoint', 'push'];

/**
 * What handlers receive of the base services: not the connection nor the journal — a handler
 * never runs SQL nor appends; it parses, calls a service and replies.
 */
export type HandlerBase = Exclude<BaseService, 'db' | 'journal'>;
export const HANDLER_BASE: readonly HandlerBase[] = ['clock', 'env', 'endpoint', 'push'];

/** A dispatcher session (per window, per socket, the CLI). */
export interface Session {
  id: string;
  userId: string | null;
  locked: boolean;
  lastActive: number;
  /** Signed in with a temporary password: the dispatcher allows only the password change. */
  mustChangePassword?: boolean;
  /** A password check of this session is in flight (one at a time per session). */
  checkingPassword?: boolean;
}

/** Who calls: the session (handlers of sign-in change it), its user, the transport's context. */
export interface Call {
  session: Session;
  user: User | null;
  ctx: CallContext;
}

/** A channel's handler: parsed input, the call, the module's services (its own and its needs). */
export type Handler<K extends Channel, S> = (input: ParsedInputOf<K>, call: Call, s: S) => OutputOf<K> | Promise<OutputOf<K>>;
export type HandlerTable<S> = { [K in Channel]?: Handler<K, S> };

/** A handler bound to its services: what the dispatcher runs. */
export type BoundHandler = (input: unknown, call: Call) => unknown;
export type BoundHandlers = Partial<Record<Channel, BoundHandler>>;

export type Projector = (ev: StoredEvent) => void;

/** A timer or watcher a module runs while the app runs (not in one-shot CLI commands). */
export interface Watcher {
  start(): void;
  stop(): void;
}

/** Extra state a rebuild resets beside the projection tables (the search index, a meta key). */
export interface RebuildExtra {
  /** Name recorded in `store.projections_rebuilt` (e.g. `logbook_fts`, `meta:station`). */
  name: string;
  clear(db: DB): void;
  /** After the replay (e.g. the search index takes the versions still waiting for its next batch). */
  finish?(db: DB): void;
}

export interface Module<Own extends Exclude<keyof Services, BaseService>, Needs extends Exclude<keyof Services, BaseService> = never> {
  name: string;
  /** Services of earlier modules this one uses (checked at composition). */
  needs: readonly Needs[];
  /** Services this module makes (checked: exactly these keys). */
  provides: readonly Own[];
  migrations?: readonly Migration[];
  /** Tables the journal rebuilds: emptied and replayed by `rebuild`. */
  projections?: readonly string[];
  /** Tables that are not projections (the journal itself, local secrets, queues kept across a rebuild). */
  localTables?: readonly string[];
  rebuildExtras?: readonly RebuildExtra[];
  /** After a replay: removes local rows the journal knows no owner for; answers how many. */
  afterRebuild?: (db: DB) => number;
  services: (deps: Pick<Services, Needs | BaseService>) => Pick<Services, Own>;
  /** Projectors, in order, run in the append transaction. */
  projectors?: (s: Pick<Services, Own | Needs | BaseService>) => Projector[];
  /** Idle housekeeping run after appends (Journal.addMaintenance). */
  maintenance?: (s: Pick<Services, Own | Needs | BaseService>) => (() => boolean)[];
  handlers?: HandlerTable<Pick<Services, Own | Needs | HandlerBase>>;
  /** Watchers by name, made on demand by whoever runs the app. */
  watchers?: Record<string, (s: Pick<Services, Own | Needs | BaseService>, opts?: unknown) => Watcher>;
  close?: (s: Pick<Services, Own | Needs | BaseService>) => void;
  /** Its event types: each with a zod payload schema per version and the upcasters (src-main/journal/events.ts). */
  events?: readonly EventDef[];
  /** Its push topics: what a committed event of its domain changes, for the open screens (src-main/push). */
  topics?: readonly TopicSource[];
}

/** A module of any shape, as the composition root holds it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = Module<any, any>;

/** Declares a module with its service names inferred from `provides` and `needs`. */
export function defineModule<const Own extends Exclude<keyof Services, BaseService>, const Needs extends Exclude<keyof Services, BaseService> = never>(
  m: Module<Own, Needs>,
): Module<Own, Needs> {
  return m;
}
