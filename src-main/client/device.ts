/**
 * What a paired client keeps about its station: `device.json` in the client's data dir (0600,
 * in a 0700 folder), written once by `trucban client pair` and read, zod-checked, at every
 * start. A file that does not parse or fit is refused with `device_file_invalid` (never
 * half-read). In Electron the credential is sealed with the OS's protection (safeStorage) before
 * it is written: `sealDevice` / `unsealDevice` take that object, so they are tested with a fake.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../src-shared/errors';

export const DEVICE_FILE = 'device.json';

/** Uppercase hex pairs joined by ':' (Node's fingerprint256). */
export const FINGERPRINT = /^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/;
/** `<deviceId>.<43 chars of base64url>` (lan protocol). */
export const CREDENTIAL = /^[0-9a-fA-F-]{36}\.[A-Za-z0-9_-]{43}$/;

const base = {
  v: z.literal(1),
  stationUrl: z.string().url().max(300).refine((u) => u.startsWith('https://'), 'the station is reached over https only'),
  fingerprint: z.string().regex(FINGERPRINT),
  deviceId: z.string().uuid(),
  role: z.enum(['workstation', 'wall']),
  name: z.string().min(1).max(200),
  station: z.object({ code: z.string().min(1).max(50), name: z.string().min(1).max(300) }),
  pairedAt: z.number().int().nonnegative(),
};

/** The record with the credential in clear (browser mode / kiosk: the file's 0600 is its protection). */
export const deviceRecord = z.object({ ...base, credential: z.string().regex(CREDENTIAL) }).strict();
/** The record as Electron writes it: the credential sealed by safeStorage, base64. */
export const sealedDeviceRecord = z.object({ ...base, sealedCredential: z.string().min(1).max(4096) }).strict();

export type DeviceRecord = z.infer<typeof deviceRecord>;
export type SealedDeviceRecord = z.infer<typeof sealedDeviceRecord>;

export const devicePath = (dir: string) => path.join(dir, DEVICE_FILE);

/** Writes a record atomically (temp file, fsync, rename), 0600 in a 0700 folder. */
export function writeDeviceFile(dir: string, rec: DeviceRecord | SealedDeviceRecord): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = devicePath(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, JSON.stringify(rec, null, 2) + '\n');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

function readJson(dir: string): unknown | null {
  const file = devicePath(dir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('device_file_invalid', `cannot read ${file}`, { params: { path: file } });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError('device_file_invalid', `${file} is not JSON`, { params: { path: file } });
  }
}

/** The clear record, or null when the machine is not paired; `device_file_invalid` when the file is bad. */
export function readDeviceFile(dir: string): DeviceRecord | null {
  const v = readJson(dir);
  if (v === null) return null;
  const r = deviceRecord.safeParse(v);
  if (!r.success) throw new AppError('device_file_invalid', `${devicePath(dir)} does not fit: ${r.error.issues[0]?.message ?? ''}`, { params: { path: devicePath(dir) } });
  return r.data;
}

/** Electron's safeStorage, as far as the device file needs it. */
export interface CredentialSealer {
  isEncryptionAvailable(): boolean;
  encryptString(text: string): Buffer;
  decryptString(sealed: Buffer): string;
}

/** The record with its credential sealed; refuses when the OS offers no protection (never a clear fallback). */
export function sealDevice(rec: DeviceRecord, sealer: CredentialSealer): SealedDeviceRecord {
  if (!sealer.isEncryptionAvailable()) throw new AppError('device_file_invalid', 'the system offers no protected storage for the credential', { params: { path: 'safeStorage' } });
  const { credential, ...rest } = rec;
  return { ...rest, sealedCredential: sealer.encryptString(credential).toString('base64') };
}

export function unsealDevice(rec: SealedDeviceRecord, sealer: CredentialSealer): DeviceRecord {
  const { sealedCredential, ...rest } = rec;
  let credential: string;
  try {
    credential = sealer.decryptString(Buffer.from(sealedCredential, 'base64'));
  } catch {
    throw new AppError('device_file_invalid', 'the sealed credential cannot be opened on this machine', { params: { path: 'safeStorage' } });
  }
  const r = deviceRecord.safeParse({ ...rest, credential });
  if (!r.success) throw new AppError('device_file_invalid', 'the sealed credential is not a device credential', { params: { path: 'safeStorage' } });
  return r.data;
}

/** Electron: the sealed file (null when not paired). */
export function readSealedDeviceFile(dir: string, sealer: CredentialSealer): DeviceRecord | null {
  const v = readJson(dir);
  if (v === null) return null;
  const r = sealedDeviceRecord.safeParse(v);
  if (!r.success) throw new AppError('device_file_invalid', `${devicePath(dir)} does not fit`, { params: { path: devicePath(dir) } });
  return unsealDevice(r.data, sealer);
}
