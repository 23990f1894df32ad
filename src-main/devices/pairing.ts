/**
 * The pairing code and its proofs, exactly as the LAN protocol fixes them
 * (docs/architecture.md, "Devices and the LAN"): 12 characters of Crockford's base32 in three
 * groups (`ABCD-EFGH-JKLM`); the first group is the code's public id, the other eight its
 * secret. The new machine proves it holds the secret, for the certificate it saw, with
 * HMAC-SHA256(secret, "trucban-pair-v1|" + fingerprint); the station answers
 * HMAC-SHA256(secret, "trucban-pair-v1-station|" + fingerprint + "|" + deviceId).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A code is valid this long, once. */
export const PAIRING_CODE_MS = 10 * 60_000;
/** Wrong proofs that burn a code. */
export const PAIRING_MAX_ATTEMPTS = 5;

/** `n` characters of the alphabet (32 symbols: 5 random bits each, no bias). */
export function randomCode(n: number): string {
  const bytes = randomBytes(n);
  let s = '';
  for (let i = 0; i < n; i++) s += CODE_ALPHABET[bytes[i]! & 31];
  return s;
}

export const CODE_ID = /^[0-9A-HJKMNP-TV-Z]{4}$/;

export function clientProof(secret: string, fingerprint: string): string {
  return createHmac('sha256', Buffer.from(secret, 'ascii')).update(`trucban-pair-v1|${fingerprint}`).digest('hex');
}

export function stationConfirm(secret: string, fingerprint: string, deviceId: string): string {
  return createHmac('sha256', Buffer.from(secret, 'ascii')).update(`trucban-pair-v1-station|${fingerprint}|${deviceId}`).digest('hex');
}

/** Constant-time comparison of two hex strings (false when their lengths differ). */
export function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a.toLowerCase(), 'utf8');
  const y = Buffer.from(b.toLowerCase(), 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
