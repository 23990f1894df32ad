/**
 * What a device's role may call, as data (docs/security.md, "The LAN listener"). A wall PC
 * shows the video wall and its presets only: it may read the status, sign in and out, read the
 * camera registry's list, tree and health, use the walls' presets and the video channels, and
 * subscribe to the camera, video, walls and time topics — nothing from the logbook, incidents,
 * documents, users or anything else. A workstation may call every channel (the officer's roles
 * still decide, in the dispatcher).
 */
import type { DeviceInfo, DeviceRole } from '../../src-shared/domain/devices';

export const WALL_CHANNELS: ReadonlySet<string> = new Set([
  'app:status',
  'auth:login',
  'auth:logout',
  'auth:lock',
  'auth:unlock',
  'cameras:list',
  'cameras:tree',
  'video:endpoint',
  'video:health',
  'video:stats',
  'video:snapshot',
  'video:clip',
  'walls:presets',
  'walls:savePreset',
  'walls:deletePreset',
  'push:subscribe',
  'push:unsubscribe',
]);

/** Topics a wall may subscribe to. */
export const WALL_TOPICS: ReadonlySet<string> = new Set(['camera.health', 'cameras', 'walls', 'video.stats', 'time']);

/** May a device of this role call `channel` with `input`? (The input is checked by its schema later.) */
export function deviceMayCall(role: DeviceRole, channel: string, input: unknown): boolean {
  if (role === 'workstation') return true;
  if (!WALL_CHANNELS.has(channel)) return false;
  if (channel === 'push:subscribe' || channel === 'push:unsubscribe') {
    const topics = typeof input === 'object' && input !== null ? (input as { topics?: unknown }).topics : undefined;
    if (topics === undefined) return channel === 'push:unsubscribe';
    return Array.isArray(topics) && topics.every((t) => typeof t === 'string' && WALL_TOPICS.has(t));
  }
  return true;
}

/**
 * A paired wall is its own standing principal for what it shows (docs/security.md, "A wall
 * device's standing principal"): with nobody signed in on it, or its officer's screen locked,
 * these reads still answer for the wall device alone, so the wall loads its cameras and presets
 * and never goes dark. Read-only: every write (a preset saved or deleted, a snapshot, a clip)
 * still needs an officer signed in on the wall. `video:endpoint` is not here: a wall's client
 * answers it itself and relays /video, which the LAN listener authorises by the wall's
 * credential (src-main/server/video.ts).
 */
export const WALL_STANDING_CHANNELS: ReadonlySet<string> = new Set(['app:status', 'cameras:list', 'cameras:tree', 'video:health', 'walls:presets']);

/** Does this call stand on the wall device itself (no officer session needed)? */
export function wallStands(device: DeviceInfo | undefined, channel: string): boolean {
  return device?.role === 'wall' && WALL_STANDING_CHANNELS.has(channel);
}

/** The device a LAN session belongs to: the LAN listener names them `dev:<device id>:<key>` (src-main/server/browser.ts). */
export function deviceIdOfSession(sessionId: string): string | null {
  const m = /^dev:([^:]{1,64}):/.exec(sessionId);
  return m ? m[1]! : null;
}

/** Is this a wall device (whose officer sessions are never idle-locked)? */
export const isWallDevice = (device: DeviceInfo | undefined): boolean => device?.role === 'wall';
