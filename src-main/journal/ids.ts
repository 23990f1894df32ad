import { randomFillSync } from 'node:crypto';

/** Random bytes drawn from the OS in blocks: one call per 256 ids instead of one per id. */
const POOL = Buffer.alloc(16 * 256);
let poolAt = POOL.length;

/**
 * UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Event ids sort by
 * time, so the unique indexes on them grow at their right edge instead of touching a random
 * page on every append, and sync batches page naturally.
 */
export function uuidv7(ms: number): string {
  if (poolAt === POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  const b = Buffer.from(POOL.subarray(poolAt, poolAt + 16));
  poolAt += 16;
  b.writeUIntBE(Math.max(0, Math.min(ms, 2 ** 48 - 1)), 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
