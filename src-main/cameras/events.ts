/** Journal events of the camera registry. Credentials never appear in them (camera_secrets). */
import { z } from 'zod';
import { defineEvent, ev } from '../journal/events';
import { SITE_TYPES } from '../../src-shared/domain/cameras';

const fields = {
  number: z.number().int(),
  name: z.string(),
  siteType: z.enum(SITE_TYPES),
  siteName: z.string(),
  zone: z.string(),
  unitCode: z.string(),
  mainUrl: z.string(),
  subUrl: z.string().nullable(),
  mapNote: z.string(),
  neighbours: z.array(z.number()),
  recognition: z.boolean(),
};

/**
 * The camera's definition. Builds before the secrets hardening also wrote `username` (never a
 * password); it passes through and is not projected.
 */
export const CAMERA_REGISTERED_EVENT = defineEvent('camera.registered', ev.obj({ cameraId: z.string(), ...fields }));

const changes = ev.obj({
  number: fields.number.optional(),
  name: fields.name.optional(),
  siteType: fields.siteType.optional(),
  siteName: fields.siteName.optional(),
  zone: fields.zone.optional(),
  unitCode: fields.unitCode.optional(),
  mainUrl: fields.mainUrl.optional(),
  subUrl: fields.subUrl.optional(),
  mapNote: fields.mapNote.optional(),
  neighbours: fields.neighbours.optional(),
  recognition: fields.recognition.optional(),
  active: z.boolean().optional(),
});

export const CAMERA_UPDATED_EVENT = defineEvent('camera.updated', ev.obj({ cameraId: z.string(), changes, credentialsChanged: z.boolean().optional() }));

export const CAMERA_DEACTIVATED_EVENT = defineEvent('camera.deactivated', ev.obj({ cameraId: z.string(), number: z.number().optional(), reason: z.string().optional() }));

export const CAMERAS_EVENTS = [CAMERA_REGISTERED_EVENT, CAMERA_UPDATED_EVENT, CAMERA_DEACTIVATED_EVENT];
