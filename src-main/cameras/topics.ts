/**
 * The cameras' push topic (docs/architecture.md, "Push"): the registry changed (the list and the
 * tree). Declared in src-main/cameras/module.ts.
 */
import { str } from '../push/sources';
import type { TopicSource } from '../push/sources';
import { CAMERA_DEACTIVATED, CAMERA_REGISTERED, CAMERA_UPDATED } from './service';
import { ORG_IMPORTED } from '../org/catalog';

const CHANGES = new Set<string>([CAMERA_REGISTERED, CAMERA_UPDATED, CAMERA_DEACTIVATED, ORG_IMPORTED]);

export const camerasSource: TopicSource = () => (ev, p) => (CHANGES.has(ev.type) ? [{ topic: 'cameras', data: { cameraId: str(p, 'cameraId'), type: ev.type } }] : []);
