/**
 * The installation's role (docs/architecture.md, "Roles of an installation"): `role.json` in the
 * app's data dir, `{ v: 1, role, chosenAt }`, written by the first-run choice (or by
 * `trucban client pair`, which makes the machine a client) and read, zod-checked, at start to
 * decide what runs: the station's core, or the client process in front of a paired station.
 * No file, or a file that does not fit, means "not chosen yet": the first-run screen asks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const ROLE_FILE = 'role.json';
export const INSTALL_ROLES = ['station', 'workstation', 'wall'] as const;
export type InstallRole = (typeof INSTALL_ROLES)[number];

const roleFile = z.object({ v: z.literal(1), role: z.enum(INSTALL_ROLES), chosenAt: z.number().int().nonnegative() });

export function readRole(dir: string): InstallRole | null {
  try {
    const r = roleFile.safeParse(JSON.parse(fs.readFileSync(path.join(dir, ROLE_FILE), 'utf8')));
    return r.success ? r.data.role : null;
  } catch {
    return null;
  }
}

export function writeRole(dir: string, role: InstallRole, now = Date.now()): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, ROLE_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ v: 1, role, chosenAt: now }) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/** What a start does for a role: the station's core, the client process, or the first-run choice. */
export function startupPlan(role: InstallRole | null, paired: boolean): 'station' | 'client' | 'choose' | 'pair' {
  if (role === 'station') return 'station';
  if (role === null) return 'choose';
  return paired ? 'client' : 'pair';
}
