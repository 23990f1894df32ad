/**
 * Pairing a workstation or wall with its station with a one-time code (docs/security.md,
 * "Clients of a station"). The code `ABCD-EFGH-JKLM` has a public id (the first group) and a
 * secret (the last 8 characters) that never crosses the network: the client proves it knows the
 * secret with an HMAC over the certificate fingerprint it observes, and the station proves it
 * knows it too (`confirm`) — so a machine in the middle, which presents another certificate,
 * can neither get the device a credential nor hand it a false station.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError, ERROR_CODES, isAppErrorData } from '../../src-shared/errors';
import type { ErrorCode } from '../../src-shared/errors';
import { FINGERPRINT, CREDENTIAL } from './device';
import type { DeviceRecord } from './device';
import { observeFingerprint, PinnedAgent, requestJson } from './tls';

/** Crockford base32 without I L O U. */
export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE = /^([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{4})-([0-9A-HJKMNP-TV-Z]{4})$/;

/**
 * The code's id and secret; `pair_code_format` for anything else. Typed as Crockford reads it:
 * spaces trimmed, case ignored, I and L taken for 1 and O for 0 (the station never makes them).
 */
export function parsePairCode(code: string): { codeId: string; secret: string } {
  const m = CODE.exec(code.trim().toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0'));
  if (!m) throw new AppError('pair_code_format', 'the pairing code must look like ABCD-EFGH-JKMN', { field: 'code' });
  return { codeId: m[1]!, secret: m[2]! + m[3]! };
}

export const pairProof = (secret: string, fingerprint: string) => createHmac('sha256', secret).update(`trucban-pair-v1|${fingerprint}`).digest('hex');
export const pairConfirm = (secret: string, fingerprint: string, deviceId: string) =>
  createHmac('sha256', secret).update(`trucban-pair-v1-station|${fingerprint}|${deviceId}`).digest('hex');

const pairReply = z.object({
  v: z.literal(1),
  deviceId: z.string().uuid(),
  credential: z.string().regex(CREDENTIAL),
  role: z.enum(['workstation', 'wall']),
  name: z.string().min(1).max(200),
  station: z.object({ code: z.string().min(1).max(50), name: z.string().min(1).max(300) }),
  fingerprint: z.string().regex(FINGERPRINT),
  confirm: z.string().regex(/^[0-9a-f]{64}$/),
});

/** `https://HOST:PORT` (no path, no credentials), as the record keeps it. */
export function stationOrigin(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new AppError('invalid_input', `not an address: ${raw.slice(0, 100)}`, { field: 'station' });
  }
  if (u.protocol !== 'https:') throw new AppError('invalid_input', 'the station is reached over https:// only', { field: 'station' });
  if (u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) {
    throw new AppError('invalid_input', 'the station address is https://HOST:PORT only', { field: 'station' });
  }
  return new URL(u.origin);
}

const hostOf = (u: URL) => u.hostname.replace(/^\[(.*)\]$/, '$1');
const portOf = (u: URL) => Number(u.port || 443);

export interface PairResult {
  record: DeviceRecord;
}

/**
 * Pairs with the station at `stationUrl`: observes its certificate, POSTs the proof to /pair
 * over a connection pinned to that certificate, checks the station's `confirm` and fingerprint.
 * Answers the record to store; writes nothing itself.
 */
export async function pairWithStation(o: { stationUrl: string; code: string; deviceName?: string; now?: () => number }): Promise<DeviceRecord> {
  const url = stationOrigin(o.stationUrl);
  const { codeId, secret } = parsePairCode(o.code);
  let observed: string;
  try {
    observed = await observeFingerprint(hostOf(url), portOf(url));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('station_unreachable', `cannot reach ${url.host}: ${(e as Error).message}`, { params: { station: url.host } });
  }
  const agent = new PinnedAgent(observed);
  let res: { status: number; body: unknown };
  try {
    res = await requestJson(new URL('/pair', url), {
      agent,
      method: 'POST',
      body: { v: 1, codeId, proof: pairProof(secret, observed), ...(o.deviceName ? { deviceName: o.deviceName } : {}) },
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('station_unreachable', `cannot reach ${url.host}: ${(e as Error).message}`, { params: { station: url.host } });
  } finally {
    agent.destroy();
  }
  if (res.status !== 200) {
    const err = (res.body as { error?: unknown } | null)?.error;
    // only codes this build knows are passed on (translated); anything else is named as the reason
    if (isAppErrorData(err) && (ERROR_CODES as readonly string[]).includes(err.code)) throw new AppError(err.code as ErrorCode, String(err.message).slice(0, 300));
    const reason = isAppErrorData(err) ? String(err.code).slice(0, 64) : `HTTP ${res.status}`;
    if (reason !== `HTTP ${res.status}`) throw new AppError('pair_failed', `the station refused: ${reason}`, { params: { reason } });
    throw new AppError('pair_failed', `the station answered ${res.status}`, { params: { reason: `HTTP ${res.status}` } });
  }
  const r = pairReply.safeParse(res.body);
  if (!r.success) throw new AppError('pair_failed', 'the station’s answer does not fit the protocol', { params: { reason: r.error.issues[0]?.message ?? 'invalid answer' } });
  const p = r.data;
  const expected = Buffer.from(pairConfirm(secret, observed, p.deviceId));
  if (p.fingerprint !== observed || !timingSafeEqual(expected, Buffer.from(p.confirm))) {
    throw new AppError('pair_confirm_invalid', 'the station’s confirm does not prove it knows the code');
  }
  if (!p.credential.startsWith(`${p.deviceId}.`)) throw new AppError('pair_failed', 'the credential is not for this device', { params: { reason: 'credential' } });
  return {
    v: 1,
    stationUrl: url.origin,
    fingerprint: observed,
    deviceId: p.deviceId,
    credential: p.credential,
    role: p.role,
    name: p.name,
    station: p.station,
    pairedAt: (o.now ?? Date.now)(),
  };
}
