import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash, createHmac } from 'node:crypto';
import { attachmentCapability, base64url, CAPABILITY_BUCKET_SECONDS, CAPABILITY_MAX_SECONDS, capabilityExpiry, capabilityValid, hmacSha256, mintCapability, sha256, utf8 } from '../../src-shared/capability';

describe('attachment capabilities (pure SHA-256 / HMAC, checked against node:crypto)', () => {
  it('sha256, hmacSha256, utf8 and base64url agree with Node for arbitrary inputs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 150 }), fc.string({ unit: 'grapheme', maxLength: 40 }), (data, key, text) => {
        expect(Buffer.from(sha256(data)).toString('hex')).toBe(createHash('sha256').update(data).digest('hex'));
        expect(Buffer.from(hmacSha256(key, data)).toString('hex')).toBe(createHmac('sha256', key).update(data).digest('hex'));
        expect(Buffer.from(utf8(text)).equals(Buffer.from(text, 'utf8'))).toBe(true);
        expect(base64url(data)).toBe(Buffer.from(data).toString('base64url'));
      }),
      { numRuns: 200 },
    );
  });

  it('the capability is <exp>.<HMAC(token, "sha.exp")>, and its expiry is 5–10 minutes ahead, stable within a bucket', () => {
    const sha = 'a'.repeat(64);
    const cap = attachmentCapability('tok', sha, 1_800_000_000);
    expect(cap).toBe(`1800000000.${createHmac('sha256', 'tok').update(`${sha}.1800000000`).digest('base64url')}`);
    const now = 1_800_000_123_456;
    const exp = capabilityExpiry(now);
    expect(exp - now / 1000).toBeGreaterThanOrEqual(CAPABILITY_BUCKET_SECONDS);
    expect(exp - now / 1000).toBeLessThanOrEqual(2 * CAPABILITY_BUCKET_SECONDS);
    expect(exp - now / 1000).toBeLessThanOrEqual(CAPABILITY_MAX_SECONDS);
    expect(capabilityExpiry(now + 1000)).toBe(exp);
  });

  it('capabilityValid accepts only the key’s capability for that subject, unexpired and not claiming more than the maximum life', () => {
    const now = 1_800_000_000;
    const cap = mintCapability('key', 'export/j1', now + 300);
    expect(capabilityValid('key', 'export/j1', cap, now)).toBe(true);
    expect(capabilityValid('key', 'export/j1', cap, now + 300)).toBe(true);
    expect(capabilityValid('key', 'export/j1', cap, now + 301)).toBe(false);
    expect(capabilityValid('key', 'export/j2', cap, now)).toBe(false);
    expect(capabilityValid('other', 'export/j1', cap, now)).toBe(false);
    expect(capabilityValid('key', 'export/j1', mintCapability('key', 'export/j1', now + CAPABILITY_MAX_SECONDS + 1), now)).toBe(false);
    expect(capabilityValid('key', 'export/j1', `${now + 600}.${cap.split('.')[1]}`, now)).toBe(false);
    for (const junk of ['', 'x', `${now}.`, `${now}.${'a'.repeat(44)}`, `-1.${'a'.repeat(43)}`]) expect(capabilityValid('key', 'export/j1', junk, now)).toBe(false);
    expect(attachmentCapability('tok', 'a'.repeat(64), now)).toBe(mintCapability('tok', 'a'.repeat(64), now));
  });
});
