/**
 * Typed, versioned journal events (docs/architecture.md, "Event types, versions and the
 * quarantine"). Each event type declares its current version, a zod schema of its payload for
 * every version that was ever written, and an upcaster from each older version to the next.
 * The registry turns a stored event into its current, typed payload — or into a reason why it
 * cannot be projected (the journal parks such an event in the quarantine).
 */
import { z } from 'zod';
import type { StoredEvent } from './journal';

/** One older version of a payload: its schema and how to turn it into the next version's payload. */
export interface OlderVersion {
  schema: z.ZodType;
  up: (payload: unknown) => unknown;
}

export interface EventDef<T extends string = string, P = unknown> {
  readonly type: T;
  /** The version this build writes. */
  readonly version: number;
  /** The current version's payload schema (what `append` validates). */
  readonly schema: z.ZodType<P>;
  /** Older versions, by number (1 … version-1). */
  readonly older: Readonly<Record<number, OlderVersion>>;
}

/** The payload type of an event definition. */
export type PayloadOf<D> = D extends EventDef<string, infer P> ? P : never;

/**
 * Declares an event type. Without `version` the type is at version 1. A type at version N must
 * give `older[1]` … `older[N-1]`, each with its schema and an upcaster to the next version.
 */
export function defineEvent<T extends string, S extends z.ZodType>(
  type: T,
  schema: S,
  opts: { version?: number; older?: Record<number, OlderVersion> } = {},
): EventDef<T, z.output<S>> {
  const version = opts.version ?? 1;
  const older = opts.older ?? {};
  for (let v = 1; v < version; v += 1) {
    if (!older[v]) throw new Error(`event ${type}: version ${v} has no schema and upcaster`);
  }
  return { type, version, schema: schema as unknown as z.ZodType<z.output<S>>, older };
}

export type ParseResult =
  | { ok: true; type: string; version: number; payload: unknown }
  | { ok: false; reason: string };

/** The first problem zod found, in words (`path: message`). */
export function firstIssue(e: z.ZodError): string {
  const i = e.issues[0];
  if (!i) return 'invalid';
  const at = i.path.length ? i.path.map(String).join('.') : '(payload)';
  return `${at}: ${i.message}`;
}

/**
 * Parses a stored payload of `def` at `version` into the current version's payload: the
 * version's schema, then the upcasters one version at a time, each result checked by the next
 * version's schema. Schemas only check, they never transform (no defaults, no coercion; only
 * upcasters change a payload): the value returned is the JSON as stored (or as upcast), so a
 * projector sees exactly what it saw before payloads were typed, key order included.
 */
export function parseWith(def: EventDef, version: number, payload: string): ParseResult {
  if (!Number.isInteger(version) || version < 1) return { ok: false, reason: `version ${version} of ${def.type} does not exist` };
  if (version > def.version) return { ok: false, reason: `version ${version} of ${def.type} is newer than this build knows (${def.version})` };
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'the payload is not JSON' };
  }
  for (let v = version; v < def.version; v += 1) {
    const o = def.older[v]!;
    const r = o.schema.safeParse(value);
    if (!r.success) return { ok: false, reason: `payload (version ${v}) does not fit its schema: ${firstIssue(r.error)}` };
    try {
      value = o.up(value);
    } catch (e) {
      return { ok: false, reason: `upcasting version ${v} to ${v + 1} failed: ${(e as Error).message}` };
    }
  }
  const r = def.schema.safeParse(value);
  if (!r.success) return { ok: false, reason: `payload (version ${def.version}) does not fit its schema: ${firstIssue(r.error)}` };
  return { ok: true, type: def.type, version: def.version, payload: value };
}

/** Every event type this build knows. */
export class EventRegistry {
  private readonly defs = new Map<string, EventDef>();

  constructor(defs: readonly EventDef[]) {
    for (const d of defs) {
      if (this.defs.has(d.type)) throw new Error(`event type ${d.type} is defined twice`);
      this.defs.set(d.type, d);
    }
  }

  get(type: string): EventDef | undefined {
    return this.defs.get(type);
  }

  get types(): string[] {
    return [...this.defs.keys()];
  }

  /** The stored event's payload as its type's current version, or why it cannot be projected. */
  parse(stored: Pick<StoredEvent, 'type' | 'typeVersion' | 'payload'>): ParseResult {
    const def = this.defs.get(stored.type);
    if (!def) return { ok: false, reason: `unknown event type ${stored.type}` };
    return parseWith(def, stored.typeVersion, stored.payload);
  }
}

/** A stored event whose payload has been parsed (the journal's projectors receive these). */
export interface ParsedEvent extends StoredEvent {
  /** The payload parsed and upcast to its type's current version; absent when nobody parsed it. */
  data?: unknown;
}

/** One typed handler: the event type and what to do with its payload. */
export interface Handler<R = void> {
  readonly def: EventDef;
  readonly fn: (payload: unknown, ev: StoredEvent) => R;
}

/** A typed handler: `fn` receives `def`'s current payload, parsed, and the stored event. */
export function on<D extends EventDef, R = void>(def: D, fn: (payload: PayloadOf<D>, ev: StoredEvent) => R): Handler<R> {
  // the one place a payload's type is asserted: `dispatch` hands `fn` only payloads `def` parsed
  return { def, fn: fn as (payload: unknown, ev: StoredEvent) => R };
}

/** An event as a dispatcher may receive it: parsed by the journal (`data`) or as stored. */
export type DispatchableEvent = Pick<StoredEvent, 'type' | 'typeVersion' | 'payload'> & Partial<StoredEvent> & { data?: unknown };

/**
 * Calls the handler of the event's type with its typed payload (null when no handler has the
 * type). The journal passes events it parsed through the registry (`data`); an event that
 * arrives unparsed (a projector run on its own, as the start-up security check does, or a
 * service reading the events table) is parsed here with its handler's definition, and refused
 * with an error when it does not fit (only the journal quarantines).
 */
export function dispatcher<R>(...handlers: Handler<R>[]): (ev: DispatchableEvent) => R | null {
  const byType = new Map<string, Handler<R>>();
  for (const h of handlers) {
    if (byType.has(h.def.type)) throw new Error(`two handlers for ${h.def.type}`);
    byType.set(h.def.type, h);
  }
  return (ev) => {
    const h = byType.get(ev.type);
    if (!h) return null;
    if (ev.data !== undefined) return h.fn(ev.data, ev as StoredEvent);
    const r = parseWith(h.def, ev.typeVersion, ev.payload);
    if (!r.ok) throw new Error(`event ${ev.seq ?? '?'} (${ev.type}): ${r.reason}`);
    return h.fn(r.payload, ev as StoredEvent);
  };
}

/** A journal projector from typed handlers (see dispatcher). */
export function projector(...handlers: Handler[]): (ev: ParsedEvent) => void {
  const d = dispatcher(...handlers);
  return (ev) => {
    d(ev);
  };
}

/** Types of a list of definitions (for the migration-11 style indexes and tests). */
export const typesOf = (defs: readonly EventDef[]): string[] => defs.map((d) => d.type);

/**
 * Building blocks for payload schemas. An object's unknown keys are allowed (what an older or
 * newer build added): schemas only check, and the projectors get the payload as stored.
 */
export const ev = {
  obj: <S extends z.core.$ZodLooseShape>(shape: S) => z.object(shape),
  /** An object the projector stores as JSON without reading inside (its shape is the domain type's). */
  json: <T>() => z.custom<T>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { message: 'expected an object' }),
  /** A value of a string union the projector copies as is. */
  str: <T extends string>() => z.custom<T>((v) => typeof v === 'string', { message: 'expected a string' }),
  ms: z.number().finite(),
};
