import { randomBytes } from 'node:crypto';

/**
 * UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Event ids sort by
 * time, so the unique indexes on them grow at their right edge instead of touching a random
 * page on every append, and sync batches page naturally.
 */
export function uuidv7(ms: number): string {
  const b = randomBytes(16);
  b.writeUIntBE(Math.max(0, Math.min(ms, 2 ** 48 - 1)), 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
