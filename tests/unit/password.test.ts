import { describe, expect, it } from 'vitest';
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
    const src = await import('node:fs').then((fs) => fs.readFileSync(new URL('../../src-main/users/password.ts', import.meta.url), 'utf8'));
    expect(src).toMatch(/TRUCBAN_SCRYPT_N \?\? 1 << 15/);
  });
});
