/** Journal events of the video engine: a camera's health, once per fault and once on recovery. */
import { z } from 'zod';
import { defineEvent, ev } from '../journal/events';

export const CAMERA_HEALTH_EVENT = defineEvent(
  'camera.health_changed',
  ev.obj({
    cameraId: z.string(),
    cameraNumber: z.number(),
    cameraName: z.string(),
    siteName: z.string().nullable(),
    unitCode: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    reason: z.string().nullable(),
  }),
);

export const VIDEO_EVENTS = [CAMERA_HEALTH_EVENT];
