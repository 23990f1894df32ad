import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../helpers';
import { devicePath, readDeviceFile, readSealedDeviceFile, sealDevice, writeDeviceFile } from '../../src-main/client/device';
import type { CredentialSealer, DeviceRecord } from '../../src-main/client/device';
import { backoffDelay, BACKOFF_CAP_MS } from '../../src-main/client/link';
import { pairConfirm, pairProof, parsePairCode } from '../../src-main/client/pair';
import { AppError } from '../../src-shared/errors';

const rec: DeviceRecord = {
  v: 1,
  stationUrl: 'https://127.0.0.2:8443',
  fingerprint: Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0').toUpperCase()).join(':'),
  deviceId: '0192f0c8-0000-7000-8000-000000000001',
  credential: `0192f0c8-0000-7000-8000-000000000001.${'A'.repeat(43)}`,
  role: 'wall',
  name: 'Màn hình tường 1',
  station: { code: 'KV06', name: 'Chi cục Hải quan khu vực VI' },
  pairedAt: 1,
};

/** safeStorage as far as the device file uses it: a reversible transform the test can see. */
const fakeSealer = (available = true): CredentialSealer & { sealed: string[] } => {
  const sealed: string[] = [];
  return {
    sealed,
    isEncryptionAvailable: () => available,
    encryptString: (s) => {
      sealed.push(s);
      return Buffer.from(`sealed:${Buffer.from(s).toString('hex')}`);
    },
    decryptString: (b) => {
      const text = b.toString();
      if (!text.startsWith('sealed:')) throw new Error('not sealed by this machine');
      return Buffer.from(text.slice(7), 'hex').toString();
    },
  };
};

const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
};

describe('device.json', () => {
  it('round-trips, 0600, and refuses a file that does not fit (never half-read)', () => {
    const t = tmpDir();
    try {
      expect(readDeviceFile(t.dir)).toBeNull();
      writeDeviceFile(t.dir, rec);
      expect(readDeviceFile(t.dir)).toEqual(rec);
      expect(fs.statSync(devicePath(t.dir)).mode & 0o777).toBe(0o600);
      for (const bad of ['{', '[]', JSON.stringify({ ...rec, stationUrl: 'http://x:1' }), JSON.stringify({ ...rec, fingerprint: 'AB' }), JSON.stringify({ ...rec, extra: 1 })]) {
        fs.writeFileSync(devicePath(t.dir), bad);
        expect(codeOf(() => readDeviceFile(t.dir))).toBe('device_file_invalid');
      }
    } finally {
      t.cleanup();
    }
  });

  it('Electron: the credential is sealed by safeStorage and never written in clear', () => {
    const t = tmpDir();
    try {
      const s = fakeSealer();
      writeDeviceFile(t.dir, sealDevice(rec, s));
      const text = fs.readFileSync(path.join(t.dir, 'device.json'), 'utf8');
      expect(text).not.toContain(rec.credential.split('.')[1]);
      expect(s.sealed).toEqual([rec.credential]);
      expect(readSealedDeviceFile(t.dir, s)).toEqual(rec);
      // another machine's (or user's) keys cannot open it; no protection available → refused, no clear fallback
      const other: CredentialSealer = { ...fakeSealer(), decryptString: () => { throw new Error('wrong key'); } };
      expect(codeOf(() => readSealedDeviceFile(t.dir, other))).toBe('device_file_invalid');
      expect(codeOf(() => sealDevice(rec, fakeSealer(false)))).toBe('device_file_invalid');
    } finally {
      t.cleanup();
    }
  });
});

describe('pairing code, proof and backoff', () => {
  it('splits the code into its public id and its secret; HMACs are keyed by the secret', () => {
    expect(parsePairCode(' abcd-efgh-jkmn ')).toEqual({ codeId: 'ABCD', secret: 'EFGHJKMN' });
    expect(parsePairCode('abcd-efgh-jkLo')).toEqual({ codeId: 'ABCD', secret: 'EFGHJK10' }); // Crockford: L → 1, O → 0
    for (const bad of ['ABCD-EFGH', 'ABCD-EFGH-JKM', 'ABCDEFGHJKMN', 'ABCD-EFGH-JKMU', 'ABCD-EFGH-JKM!']) expect(codeOf(() => parsePairCode(bad))).toBe('pair_code_format');
    expect(pairProof('EFGHJKMN', rec.fingerprint)).not.toBe(pairProof('EFGHJKMP', rec.fingerprint));
    expect(pairProof('EFGHJKMN', rec.fingerprint)).not.toBe(pairConfirm('EFGHJKMN', rec.fingerprint, rec.deviceId));
    expect(pairProof('EFGHJKMN', rec.fingerprint)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('backs off exponentially with full jitter, capped at 30 s', () => {
    expect(backoffDelay(0, () => 0.999)).toBeLessThan(500);
    expect(backoffDelay(3, () => 0.999)).toBe(Math.floor(0.999 * 4000));
    expect(backoffDelay(50, () => 0.999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(backoffDelay(50, () => 0)).toBe(0);
    const many = Array.from({ length: 200 }, () => backoffDelay(10));
    expect(new Set(many).size).toBeGreaterThan(100); // spread, not a fixed delay
  });
});
