import type { Camera, CameraHealthState, CameraTreeItem } from '../../../src-shared/domain/cameras';
import type { HealthInfo } from '../../video/channels';
import type { Messages } from '../../i18n';

/** The colour group of a health state: online green, unstable amber, no signal/offline red, unauthorised purple, else grey. */
export type HealthTone = 'ok' | 'warn' | 'bad' | 'auth' | 'unknown';

export type ShownHealth = CameraHealthState | 'connecting' | 'unknown';

export function toneOf(state: ShownHealth): HealthTone {
  switch (state) {
    case 'online':
      return 'ok';
    case 'unstable':
      return 'warn';
    case 'no_signal':
    case 'offline':
      return 'bad';
    case 'unauthorised':
      return 'auth';
    default:
      return 'unknown';
  }
}

const KNOWN: readonly string[] = ['online', 'unstable', 'no_signal', 'offline', 'unauthorised', 'connecting'];

/** The live health of a camera: `video:health` first, else what the tree carried. */
export function healthOf(cam: Camera | CameraTreeItem, live: Record<string, HealthInfo>): ShownHealth {
  const h = live[cam.id]?.state ?? ('health' in cam ? cam.health?.state : undefined);
  return h && KNOWN.includes(h) ? (h as ShownHealth) : 'unknown';
}

export function healthLabel(m: Messages, state: ShownHealth): string {
  return m.wall.health[state];
}

const ICON: Record<HealthTone, string> = { ok: '●', warn: '◐', bad: '✖', auth: '⚿', unknown: '○' };

export function healthIcon(state: ShownHealth): string {
  return ICON[toneOf(state)];
}
