import { randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import type { ScryptOptions } from 'node:crypto';

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(pw, salt, len, opts, (err, key) => (err ? reject(err) : resolve(key))));

/** scrypt parameters (OWASP: N=2^17 r=8 p=1; tests may lower N through the env for speed). */
const N = Number(process.env.TRUCBAN_SCRYPT_N ?? 1 << 15);
const R = 8;
const P = 1;
const KEYLEN = 32;

/** `scrypt$N$r$p$saltB64$hashB64` — parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEYLEN, { N, r: R, p: P, maxmem: 256 * N * R });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

let dummy: Promise<string> | null = null;

/**
 * A hash of a random password at the current parameters (computed once, on first use), checked
 * against when a login names no account, is inactive or has no credentials: the same scrypt work
 * as a real check, so neither time nor work reveals which logins exist.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString('base64url'));
  return dummy;
}

/**
 * A temporary password for a person to type once (init, an administrator's reset): 16
 * characters of base64url (96 random bits). It must be changed at the first sign-in.
 */
export function generateTemporaryPassword(): string {
  return randomBytes(12).toString('base64url');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hashB64, 'base64');
  const key = await scrypt(password.normalize('NFC'), Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 256 * Number(n) * Number(r),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
