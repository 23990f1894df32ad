/**
 * The duty room's paired devices (docs/architecture.md, "Devices and the LAN"): one-time
 * pairing codes, the exchange of a code for a device credential, the credential check on every
 * LAN request, revocation, and the journaling of refused requests (bounded, so a hostile host
 * on the LAN cannot flood the journal). The journal carries the devices (device.paired,
 * device.revoked) and the refusals, never a code, a secret or a credential: those stay in the
 * local tables `pairing_codes` and `device_credentials`.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { DB } from '../store/db';
import type { Journal } from '../journal/journal';
import type { Clock } from '../journal/clock';
import { on, projector } from '../journal/events';
import { DEVICE_PAIRED_EVENT, DEVICE_REFUSED_EVENT, DEVICE_REVOKED_EVENT } from './events';
import { CODE_ID, PAIRING_CODE_MS, PAIRING_MAX_ATTEMPTS, clientProof, randomCode, sameHex, stationConfirm } from './pairing';
import { WALL_STANDING_CHANNELS, deviceIdOfSession } from './policy';
import { AppError } from '../../src-shared/errors';
import type { DeviceInfo, DeviceRole } from '../../src-shared/domain/devices';
import type { DeviceRow, PairingCode } from '../../src-shared/contract/devices';

export const DEVICES_PROJECTIONS = ['devices'];
export const DEVICES_LOCAL_TABLES = ['device_credentials', 'pairing_codes'];

/** last_seen_at / last_address are written at most this often per device. */
export const LAST_SEEN_EVERY_MS = 30_000;
/** A device.refused event per (address, reason) at most this often. */
export const REFUSED_JOURNAL_EVERY_MS = 60_000;
/** Used and expired codes' rows (without their secret) are kept this long for a clear answer. */
const CODE_TOMBSTONE_MS = 24 * 3600_000;
/** Distinct (address, reason) pairs remembered for the refusal limit; beyond it, older ones are forgotten. */
const REFUSED_MEMORY = 4096;

/** `<uuid>.<43 characters of base64url>` (32 random bytes). */
const CREDENTIAL = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

interface DeviceDbRow {
  device_id: string;
  name: string;
  role: DeviceRole;
  paired_by: string;
  paired_at: number;
  paired_address: string;
  revoked_at: number | null;
  revoked_by: string | null;
  revoke_reason: string | null;
  last_seen_at: number | null;
  last_address: string | null;
}

interface CodeRow {
  code_id: string;
  secret: string;
  name: string;
  role: DeviceRole;
  created_by: string;
  expires_at: number;
  attempts: number;
  used_at: number | null;
}

/** What `POST /pair` answers on success (the LAN protocol's reply). */
export interface PairReply {
  v: 1;
  deviceId: string;
  credential: string;
  role: DeviceRole;
  name: string;
  station: { code: string; name: string };
  fingerprint: string;
  confirm: string;
}

export type DeviceCheck = { ok: true; device: DeviceInfo } | { ok: false; code: 'device_unknown' | 'device_revoked'; deviceId?: string };

/** device.* events → `devices`. */
export function devicesProjector(db: DB) {
  const insert = db.prepare(
    `INSERT INTO devices (device_id, name, role, paired_by, paired_at, paired_address) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (device_id) DO NOTHING`,
  );
  const revoke = db.prepare('UPDATE devices SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE device_id = ? AND revoked_at IS NULL');
  return projector(
    on(DEVICE_PAIRED_EVENT, (p, ev) => {
      insert.run(p.deviceId, p.name, p.role, p.pairedBy, ev.recordedAt, p.address);
    }),
    on(DEVICE_REVOKED_EVENT, (p, ev) => {
      revoke.run(ev.recordedAt, p.by, p.reason ?? null, p.deviceId);
    }),
  );
}

export class DeviceService {
  private readonly revokedListeners = new Set<(deviceId: string) => void>();
  /** (address ␟ reason) → when it was last journaled. */
  private readonly refusedAt = new Map<string, number>();
  /** device id → when last_seen_at was last written. */
  private readonly seenAt = new Map<string, number>();
  /** The LAN listener's certificate fingerprint, set while it listens (what a new device must see). */
  fingerprint: string | null = null;

  constructor(
    private readonly db: DB,
    private readonly journal: Journal,
    private readonly clock: Clock,
    private readonly stationInfo: () => { code: string; name: string } | null,
  ) {}

  /** Creates a one-time code for a new device (valid PAIRING_CODE_MS, single use). */
  createCode(input: { name: string; role: DeviceRole }, by: string, fingerprint: string): PairingCode {
    const now = this.clock.now();
    this.purgeCodes(now);
    for (let tries = 0; tries < 20; tries++) {
      const id = randomCode(4);
      const secret = randomCode(8);
      const r = this.db
        .prepare(
          `INSERT INTO pairing_codes (code_id, secret, name, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (code_id) DO NOTHING`,
        )
        .run(id, secret, input.name, input.role, by, now, now + PAIRING_CODE_MS);
      if (r.changes === 1) {
        return { code: `${id}-${secret.slice(0, 4)}-${secret.slice(4)}`, expiresAt: now + PAIRING_CODE_MS, fingerprint, name: input.name, role: input.role };
      }
    }
    throw new AppError('internal', 'no free pairing code id');
  }

  /**
   * `POST /pair`: exchanges a code for a device credential. `fingerprint` is the station's OWN
   * certificate fingerprint: a proof made for another certificate (a machine in the middle)
   * does not verify. Wrong proofs count; PAIRING_MAX_ATTEMPTS burn the code.
   */
  redeem(req: { codeId: string; proof: string; deviceName?: string | undefined }, at: { fingerprint: string; address: string }): PairReply {
    const now = this.clock.now();
    if (!CODE_ID.test(req.codeId)) throw new AppError('pair_code_invalid', 'unknown pairing code');
    // synchronous from here to the end: no other request runs between the check and the use
    const row = this.db.prepare('SELECT * FROM pairing_codes WHERE code_id = ?').get(req.codeId) as CodeRow | undefined;
    if (!row) throw new AppError('pair_code_invalid', 'unknown pairing code');
    if (row.used_at !== null) throw new AppError('pair_code_used', 'the pairing code has already been used');
    if (row.expires_at < now || row.secret === '') {
      this.db.prepare(`UPDATE pairing_codes SET secret = '' WHERE code_id = ?`).run(row.code_id);
      throw new AppError('pair_code_expired', 'the pairing code has expired');
    }
    if (!/^[0-9a-fA-F]{64}$/.test(req.proof) || !sameHex(req.proof, clientProof(row.secret, at.fingerprint))) {
      const attempts = row.attempts + 1;
      if (attempts >= PAIRING_MAX_ATTEMPTS) this.db.prepare(`UPDATE pairing_codes SET attempts = ?, used_at = ?, secret = '' WHERE code_id = ?`).run(attempts, now, row.code_id);
      else this.db.prepare('UPDATE pairing_codes SET attempts = ? WHERE code_id = ?').run(attempts, row.code_id);
      throw new AppError('pair_proof_invalid', 'the proof does not match this station’s certificate and code');
    }
    const deviceId = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    // the name is the administrator's (the one shown beside the code), not what the machine calls itself
    const name = row.name;
    this.journal.tx(() => {
      this.db.prepare(`UPDATE pairing_codes SET used_at = ?, secret = '' WHERE code_id = ?`).run(now, row.code_id);
      this.db.prepare('INSERT INTO device_credentials (device_id, secret_sha256, last_seen_at, last_address) VALUES (?, ?, ?, ?)').run(deviceId, sha256(secret), now, at.address.slice(0, 64));
      this.journal.appendInTx({ type: DEVICE_PAIRED_EVENT.type, actor: row.created_by, payload: { deviceId, name, role: row.role, pairedBy: row.created_by, address: at.address.slice(0, 64) } });
    });
    return {
      v: 1,
      deviceId,
      credential: `${deviceId}.${secret}`,
      role: row.role,
      name,
      station: this.stationInfo() ?? { code: '', name: '' },
      fingerprint: at.fingerprint,
      confirm: stationConfirm(row.secret, at.fingerprint, deviceId),
    };
  }

  /** Checks an `Authorization: Device <credential>` value. Never throws. */
  check(credential: string | undefined): DeviceCheck {
    try {
      const m = credential ? CREDENTIAL.exec(credential) : null;
      if (!m) return { ok: false, code: 'device_unknown' };
      const deviceId = m[1]!;
      const row = this.db
        .prepare('SELECT d.device_id, d.name, d.role, d.revoked_at, c.secret_sha256 FROM devices d JOIN device_credentials c ON c.device_id = d.device_id WHERE d.device_id = ?')
        .get(deviceId) as { device_id: string; name: string; role: DeviceRole; revoked_at: number | null; secret_sha256: Buffer } | undefined;
      if (!row) return { ok: false, code: 'device_unknown' };
      const given = sha256(m[2]!);
      if (given.length !== row.secret_sha256.length || !timingSafeEqual(given, row.secret_sha256)) return { ok: false, code: 'device_unknown' };
      if (row.revoked_at !== null) return { ok: false, code: 'device_revoked', deviceId };
      return { ok: true, device: { id: row.device_id, name: row.name, role: row.role } };
    } catch {
      return { ok: false, code: 'device_unknown' };
    }
  }

  /** Records that a device was seen (at most every LAST_SEEN_EVERY_MS; local, not journaled). */
  touch(deviceId: string, address: string): void {
    const now = this.clock.now();
    const last = this.seenAt.get(deviceId);
    if (last !== undefined && now - last < LAST_SEEN_EVERY_MS) return;
    this.seenAt.set(deviceId, now);
    try {
      this.db.prepare('UPDATE device_credentials SET last_seen_at = ?, last_address = ? WHERE device_id = ?').run(now, address.slice(0, 64), deviceId);
    } catch {
      // a busy or closing database: the next request records it
    }
  }

  /**
   * Journals a refused request, at most once per (address, reason) per minute. Answers
   * whether it was journaled. Never throws (a refusal must not fail the listener).
   */
  refused(e: { deviceId?: string | undefined; address: string; reason: string }): boolean {
    const now = this.clock.now();
    const address = e.address.slice(0, 64);
    const key = `${address}\u241f${e.reason}`;
    const last = this.refusedAt.get(key);
    if (last !== undefined && now - last < REFUSED_JOURNAL_EVERY_MS) return false;
    if (this.refusedAt.size >= REFUSED_MEMORY) {
      for (const [k, t] of this.refusedAt) if (now - t >= REFUSED_JOURNAL_EVERY_MS) this.refusedAt.delete(k);
      // still full of recent refusals: a flood; forget the oldest half rather than grow
      if (this.refusedAt.size >= REFUSED_MEMORY) [...this.refusedAt.keys()].slice(0, REFUSED_MEMORY / 2).forEach((k) => this.refusedAt.delete(k));
    }
    this.refusedAt.set(key, now);
    try {
      this.journal.append({
        type: DEVICE_REFUSED_EVENT.type,
        actor: 'lan',
        payload: { ...(e.deviceId ? { deviceId: e.deviceId } : {}), address, reason: e.reason.slice(0, 64) },
      });
      return true;
    } catch {
      return false;
    }
  }

  list(): DeviceRow[] {
    const rows = this.db
      .prepare(
        `SELECT d.*, c.last_seen_at, c.last_address FROM devices d LEFT JOIN device_credentials c ON c.device_id = d.device_id
         ORDER BY d.revoked_at IS NOT NULL, d.paired_at DESC`,
      )
      .all() as DeviceDbRow[];
    return rows.map((r) => ({
      id: r.device_id,
      name: r.name,
      role: r.role,
      pairedBy: r.paired_by,
      pairedAt: r.paired_at,
      lastSeenAt: r.last_seen_at,
      lastAddress: r.last_address ?? r.paired_address,
      revokedAt: r.revoked_at,
      revokedBy: r.revoked_by,
      revokeReason: r.revoke_reason,
    }));
  }

  /**
   * What a LAN session may read on its device's own standing with nobody signed in: the wall
   * standing channels for a paired, unrevoked wall (devices/policy.ts), else null. The push hub
   * asks this for every frame to a signed-out session, so it is one indexed read.
   */
  standingOf(sessionId: string): ReadonlySet<string> | null {
    const id = deviceIdOfSession(sessionId);
    if (!id) return null;
    this.roleOf ??= this.db.prepare('SELECT role FROM devices WHERE device_id = ? AND revoked_at IS NULL').pluck();
    return this.roleOf.get(id) === 'wall' ? WALL_STANDING_CHANNELS : null;
  }
  private roleOf: { get(id: string): unknown } | null = null;

  get(deviceId: string): DeviceRow | null {
    return this.list().find((d) => d.id === deviceId) ?? null;
  }

  /** Revokes a device (journaled); its sockets are closed by the listeners. Revoking twice is a no-op. */
  revoke(deviceId: string, by: string, reason?: string): { ok: true } {
    const row = this.db.prepare('SELECT revoked_at FROM devices WHERE device_id = ?').get(deviceId) as { revoked_at: number | null } | undefined;
    if (!row) throw new AppError('not_found', `no device ${deviceId}`, { field: 'deviceId' });
    if (row.revoked_at === null) {
      this.journal.append({ type: DEVICE_REVOKED_EVENT.type, actor: by, payload: { deviceId, by, ...(reason ? { reason } : {}) } });
    }
    for (const fn of [...this.revokedListeners]) {
      try {
        fn(deviceId);
      } catch {
        // a listener (a closing server) never fails the revocation, which is already journaled
      }
    }
    return { ok: true };
  }

  /** Listens for revocations (the LAN listener closes that device's sockets). */
  onRevoked(fn: (deviceId: string) => void): () => void {
    this.revokedListeners.add(fn);
    return () => this.revokedListeners.delete(fn);
  }

  /** Removes used and expired codes' rows after a day, and wipes the secret of any expired code. */
  purgeCodes(now = this.clock.now()): void {
    this.db.prepare('DELETE FROM pairing_codes WHERE expires_at < ?').run(now - CODE_TOMBSTONE_MS);
    this.db.prepare(`UPDATE pairing_codes SET secret = '' WHERE expires_at < ? AND secret != ''`).run(now);
  }
}
