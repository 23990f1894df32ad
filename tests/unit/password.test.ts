import { describe, expect, it, vi } from 'vitest';
import { hashPassword, verifyPassword } from '../../src-main/users/password';

describe('password hashing', () => {
  it('hashes with scrypt and a random salt, and verifies only the right password', async () => {
    const a = await hashPassword('mật khẩu dài đủ');
    const b = await hashPassword('mật khẩu dài đủ');
    expect(a).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('mật khẩu dài đủ', a)).toBe(true);
    expect(await verifyPassword('mật khẩu dài đủ'.normalize('NFD'), a)).toBe(true);
    expect(await verifyPassword('mat khau dai du', a)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });

  it('uses N = 2^15 by default in production (tests lower it through TRUCBAN_SCRYPT_N)', async () => {
    // the module reads the variable once, when loaded: load a fresh copy without it
    vi.stubEnv('TRUCBAN_SCRYPT_N', undefined);
    vi.resetModules();
    try {
      const production = await import('../../src-main/users/password');
      const hash = await production.hashPassword('mật khẩu dài đủ');
      expect(hash.split('$').slice(0, 4)).toEqual(['scrypt', String(2 ** 15), '8', '1']);
      expect(await production.verifyPassword('mật khẩu dài đủ', hash)).toBe(true);
      // a hash made at the tests' lower cost still verifies: the parameters travel with it
      expect(await production.verifyPassword('mật khẩu dài đủ', await hashPassword('mật khẩu dài đủ'))).toBe(true);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
    expect((await hashPassword('x')).split('$')[1]).toBe(process.env.TRUCBAN_SCRYPT_N);
  });
});
