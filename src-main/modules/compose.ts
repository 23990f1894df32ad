/**
 * Composition of the modules (docs/architecture.md, "Modules"): everything that used to be a
 * hand-kept list is derived here from the ordered module list.
 */
import type { Channel } from '../../src-shared/contract';
import type { AnyModule, BaseService, BoundHandler, BoundHandlers, Migration, Projector, RebuildExtra, Services, Watcher } from './types';
import { BASE_SERVICES, HANDLER_BASE } from './types';
import type { EventDef } from '../journal/events';
import type { TopicSource } from '../push/sources';

/** The migrations of every module, sorted; refuses a gap, a duplicate or a start other than 1. */
export function composeMigrations(modules: readonly AnyModule[]): Migration[] {
  const all = modules.flatMap((m) => m.migrations ?? []).sort((a, b) => a.version - b.version);
  all.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1..N without gaps: found ${m.version} (${m.name}) at position ${i + 1}`);
  });
  return all;
}

/** Projection tables (what a rebuild empties and replays), in module order; refuses a table declared twice. */
export function composeProjections(modules: readonly AnyModule[]): string[] {
  const seen = new Map<string, string>();
  for (const m of modules) {
    for (const t of [...(m.projections ?? []), ...(m.localTables ?? [])]) {
      const other = seen.get(t);
      if (other) throw new Error(`table ${t} is declared by ${other} and ${m.name}`);
      seen.set(t, m.name);
    }
  }
  return modules.flatMap((m) => [...(m.projections ?? [])]);
}

/** Every module's event types, in module order; refuses a type declared by two modules. */
export function composeEvents(modules: readonly AnyModule[]): EventDef[] {
  const seen = new Map<string, string>();
  for (const m of modules) {
    for (const d of m.events ?? []) {
      const other = seen.get(d.type);
      if (other) throw new Error(`event type ${d.type} is declared by ${other} and ${m.name}`);
      seen.set(d.type, m.name);
    }
  }
  return modules.flatMap((m) => [...(m.events ?? [])]);
}

/** Every module's push topic sources, in module order. */
export function composeTopics(modules: readonly AnyModule[]): TopicSource[] {
  return modules.flatMap((m) => [...(m.topics ?? [])]);
}

export function composeRebuildExtras(modules: readonly AnyModule[]): RebuildExtra[] {
  return modules.flatMap((m) => [...(m.rebuildExtras ?? [])]);
}

/** Channels in module order, each with the module that handles it; refuses a channel handled twice. */
export function composeChannels(modules: readonly AnyModule[]): { channel: Channel; module: string }[] {
  const out: { channel: Channel; module: string }[] = [];
  const seen = new Map<string, string>();
  for (const m of modules) {
    for (const ch of Object.keys(m.handlers ?? {}) as Channel[]) {
      const other = seen.get(ch);
      if (other) throw new Error(`channel ${ch} is handled by ${other} and ${m.name}`);
      seen.set(ch, m.name);
      out.push({ channel: ch, module: m.name });
    }
  }
  return out;
}

/** The running modules: every service, the bound handlers, projectors, watchers and close steps. */
export interface Composed {
  services: Services;
  handlers: BoundHandlers;
  projectors: Projector[];
  maintenance: (() => boolean)[];
  /** Makes (once) and returns a module's named watcher. */
  watcher(module: string, name: string, opts?: unknown): Watcher;
  /** Stops the watchers started, then runs the modules' close steps in reverse order. */
  close(): void;
}

/** A view of `all` with only `names` (a module sees only the services it declared). */
function view(all: Record<string, unknown>, names: readonly string[]): never {
  const v: Record<string, unknown> = {};
  for (const n of names) v[n] = all[n];
  return Object.freeze(v) as never;
}

/**
 * Builds every module's services in order from the base services. A module may use only the
 * base services and those it names in `needs`, which an earlier module must provide; it must
 * provide exactly what it declares. No placeholders: each service exists before anything that
 * uses it is made.
 */
export function compose(modules: readonly AnyModule[], base: Pick<Services, BaseService>): Composed {
  const all: Record<string, unknown> = { ...base };
  const views = new Map<AnyModule, never>();
  const handlerViews = new Map<AnyModule, never>();
  const closers: (() => void)[] = [];
  composeChannels(modules); // refuses a channel handled twice, before anything is made
  try {
    for (const m of modules) {
      for (const n of m.needs as string[]) {
        if (!Object.hasOwn(all, n)) throw new Error(`module ${m.name} needs ${n}, which no earlier module provides`);
      }
      const made = m.services(view(all, [...BASE_SERVICES, ...(m.needs as string[])])) as Record<string, unknown>;
      const provides = m.provides as string[];
      const keys = Object.keys(made);
      if (keys.length !== provides.length || !provides.every((p) => Object.hasOwn(made, p))) {
        throw new Error(`module ${m.name} provides ${keys.join(', ')} but declares ${provides.join(', ')}`);
      }
      for (const p of provides) {
        if (Object.hasOwn(all, p)) throw new Error(`service ${p} of module ${m.name} is already provided`);
        all[p] = made[p];
      }
      const v = view(all, [...BASE_SERVICES, ...(m.needs as string[]), ...provides]);
      views.set(m, v);
      handlerViews.set(m, view(all, [...HANDLER_BASE, ...(m.needs as string[]), ...provides]));
      if (m.close) closers.push(() => m.close!(v));
    }
  } catch (e) {
    // a module that cannot be made: close the ones already made (worker pools, engines)
    for (const c of [...closers].reverse()) {
      try {
        c();
      } catch {
        // the first failure is the one worth reporting
      }
    }
    throw e;
  }
  const handlers: BoundHandlers = {};
  const projectors: Projector[] = [];
  const maintenance: (() => boolean)[] = [];
  for (const m of modules) {
    const v = views.get(m)!;
    projectors.push(...(m.projectors?.(v) ?? []));
    maintenance.push(...(m.maintenance?.(v) ?? []));
    // handlers see neither the connection nor the journal (no SQL, no append in a handler)
    const hv = handlerViews.get(m)!;
    for (const [ch, fn] of Object.entries(m.handlers ?? {}) as [Channel, (i: unknown, c: unknown, s: unknown) => unknown][]) {
      const bound: BoundHandler = (input, call) => fn(input, call, hv);
      handlers[ch] = bound;
    }
  }
  const started = new Map<string, Watcher>();
  return {
    services: all as unknown as Services,
    handlers,
    projectors,
    maintenance,
    watcher(module, name, opts) {
      const key = `${module}.${name}`;
      let w = started.get(key);
      if (!w) {
        const m = modules.find((x) => x.name === module);
        const make = m?.watchers?.[name];
        if (!m || !make) throw new Error(`no watcher ${key}`);
        w = make(views.get(m)!, opts);
        w.start();
        started.set(key, w);
      }
      return w;
    },
    close() {
      for (const w of started.values()) w.stop();
      for (const c of [...closers].reverse()) c();
    },
  };
}
