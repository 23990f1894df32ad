import { createHash } from 'node:crypto';

/** The fields of an event that the hash chain covers, in order. */
export interface HashedFields {
  seq: number;
  eventId: string;
  type: string;
  typeVersion: number;
  hlc: string;
  occurredAt: number;
  recordedAt: number;
  actor: string;
  payload: string;
}

const SEP = '\u001f';

/**
 * hash = sha256(prev_hash ‖ seq ␟ event_id ␟ type ␟ type_version ␟ hlc ␟ occurred_at ␟
 * recorded_at ␟ actor ␟ payload). Including `seq` makes a reordered or renumbered event fail
 * even when its neighbours are consistent; chaining `prev_hash` makes a deleted or inserted
 * event break every later link.
 */
export function eventHash(prev: Buffer | null, f: HashedFields): Buffer {
  const h = createHash('sha256');
  if (prev) h.update(prev);
  h.update(
    f.seq + SEP + f.eventId + SEP + f.type + SEP + f.typeVersion + SEP + f.hlc + SEP + f.occurredAt + SEP + f.recordedAt + SEP + f.actor + SEP,
  );
  h.update(f.payload);
  return h.digest();
}
