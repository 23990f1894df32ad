/**
 * What the Electron app starts on this machine (docs/architecture.md, "Clients of a station"):
 * the station's core, or — for a workstation or wall, per role.json in the data dir — the client
 * in front of its paired station. The device credential is the OS's to protect: `device.json`
 * keeps it sealed with safeStorage; a record the first-run form wrote in clear (the core process
 * that paired has no safeStorage) is sealed in place here at the next start. A record that cannot
 * be opened is refused (`device_file_invalid`), never used half-read.
 */
import type { DeviceRecord, CredentialSealer } from '../client/device';
import { deviceRecord, readDeviceFile, readSealedDeviceFile, sealDevice, writeDeviceFile } from '../client/device';
import { readRole, startupPlan } from '../client/role';
import fs from 'node:fs';
import path from 'node:path';

/** The paired device this start runs as, or null for the station (or the first-run choice). */
export function deviceForStart(dataDir: string, sealer: CredentialSealer): DeviceRecord | null {
  const role = readRole(dataDir);
  if (role === null || role === 'station') return null;
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, 'device.json'), 'utf8');
  } catch {
    return null; // chosen but not paired yet: the first-run form pairs it
  }
  let clear = false;
  try {
    clear = deviceRecord.safeParse(JSON.parse(text)).success;
  } catch {
    clear = false;
  }
  if (clear) {
    const rec = readDeviceFile(dataDir)!;
    writeDeviceFile(dataDir, sealDevice(rec, sealer));
    return rec;
  }
  const rec = readSealedDeviceFile(dataDir, sealer);
  return startupPlan(role, rec !== null) === 'client' ? rec : null;
}
