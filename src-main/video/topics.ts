/**
 * The video engine's push topics from the journal (docs/architecture.md, "Push"): a camera's
 * journaled health change and the notice queued for its managing unit. Live health and stream
 * statistics are published by src-main/push/sources.ts. Declared in src-main/video/module.ts.
 */
import type { Derived } from '../push/hub';
import { lazy, str } from '../push/sources';
import type { TopicSource } from '../push/sources';
import { CAMERA_HEALTH_CHANGED } from './health';

export const videoSource: TopicSource = (db) => {
  const notice = lazy(db, 'SELECT kind, camera_id FROM notifications WHERE seq = ?');
  return (ev, p) => {
    if (ev.type !== CAMERA_HEALTH_CHANGED) return [];
    const cameraId = str(p, 'cameraId');
    const out: Derived[] = [];
    if (cameraId) out.push({ topic: 'camera.health', data: { cameraId, state: str(p, 'to') } });
    const n = notice().get(ev.seq) as { kind: string; camera_id: string | null } | undefined;
    if (n) out.push({ topic: 'notifications', data: { cameraId: n.camera_id, kind: n.kind } });
    return out;
  };
};
