/**
 * The logbook as a shared sink, through declared interfaces (docs/architecture.md, "Modules"):
 * a domain registers the event types it wants a logbook line for, with the builder of that line
 * (camera health in src-main/video/health.ts); a domain that writes and closes its own lines
 * inside its projector (the incident workflow) gets the entry writer and claims the incident
 * entries it closes itself. The logbook never names another domain's tables or events.
 */
import type { DB } from '../store/db';
import type { StoredEvent } from '../journal/journal';
import { logbookEntryWriter } from './projector';
import type { EntryAddedPayload, LogbookEntryWriter } from './projector';

/** Builds the logbook line of a stored event, or null for none. */
export type LineBuilder = (ev: StoredEvent) => EntryAddedPayload | null;

export class LogbookLines {
  private readonly builders = new Map<string, LineBuilder>();
  private readonly claims: ((entryId: string) => boolean)[] = [];
  /** Writes, amends and closes entries in the append transaction (for a domain's own projector). */
  readonly writer: LogbookEntryWriter;

  constructor(db: DB) {
    this.writer = logbookEntryWriter(db, (entryId) => this.closedElsewhere(entryId));
  }

  /** "Write a logbook line for event `type`": `build` makes it (one entry per event, id = event id). */
  register(type: string, build: LineBuilder): void {
    if (this.builders.has(type)) throw new Error(`a logbook line for ${type} is already registered`);
    this.builders.set(type, build);
  }

  /** The registered line of an event, or null. */
  lineFor(ev: StoredEvent): EntryAddedPayload | null {
    const build = this.builders.get(ev.type);
    return build ? build(ev) : null;
  }

  /** Event types with a registered line. */
  types(): string[] {
    return [...this.builders.keys()];
  }

  /**
   * A domain closes some incident entries itself (not on their first result): `owns(entryId)`
   * answers whether an entry is one of them.
   */
  claimClosing(owns: (entryId: string) => boolean): void {
    this.claims.push(owns);
  }

  private closedElsewhere(entryId: string): boolean {
    return this.claims.some((owns) => owns(entryId));
  }
}
