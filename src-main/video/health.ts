/**
 * Camera health as the journal records it, and the logbook line of a fault or a recovery
 * (Điều 14.1.1.d: a camera fault, and its recovery, is written into the logbook). Registered
 * with the logbook by the video module (src-main/video/module.ts).
 */
import { dispatcher, on } from '../journal/events';
import type { PayloadOf } from '../journal/events';
import type { EntryAddedPayload } from '../logbook/projector';
import { CAMERA_HEALTH_EVENT } from './events';
import { formatDateTime } from '../../src-shared/time/shift';
import { emptyIdentifiers } from '../../src-shared/domain/logbook';

export const CAMERA_HEALTH_CHANGED = CAMERA_HEALTH_EVENT.type;

/** A camera's health as the journal records it (per camera: the worst of its streams). */
export type CameraHealthPayload = PayloadOf<typeof CAMERA_HEALTH_EVENT>;

const HEALTH_VI: Record<string, string> = {
  online: 'đã có tín hiệu trở lại',
  unstable: 'tín hiệu không ổn định',
  no_signal: 'mất tín hiệu',
  offline: 'mất kết nối',
  unauthorised: 'từ chối đăng nhập (sai tài khoản hoặc mật khẩu)',
};

/** "Camera 12 (Cổng A) mất tín hiệu lúc 14:03 22/11/2026 (no frames for 4 s)" */
export function cameraHealthText(h: CameraHealthPayload, at: number): string {
  const what = HEALTH_VI[h.to] ?? h.to;
  return `Camera ${h.cameraNumber} (${h.cameraName}) ${what} lúc ${formatDateTime(at)}${h.reason && h.to !== 'online' ? ` (${h.reason})` : ''}`;
}

/** The logbook line of a camera.health_changed event: a note at the camera's site and unit. */
export const cameraHealthLine = dispatcher<EntryAddedPayload>(
  on(CAMERA_HEALTH_EVENT, (h, ev) => ({
    kind: 'note',
    text: cameraHealthText(h, ev.occurredAt),
    details: { ...(h.unitCode ? { unitCode: h.unitCode } : {}), ...(h.siteName ? { place: h.siteName } : {}) },
    identifiers: emptyIdentifiers(),
    linkedEntryId: null,
    attachments: [],
  })),
);
