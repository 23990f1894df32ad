/**
 * Video: the stream engine (ffmpeg per camera stream), camera health journaled once per fault
 * and recovery — a logbook line (Điều 14.1.1.d) and a notice to the managing unit — snapshots
 * and clips.
 */
import { defineModule } from '../modules/types';
import type { OutputOf } from '../../src-shared/contract';
import { VideoService, cameraHealthProjector } from './service';
import { VideoCaptures } from './captures';
import { CAMERA_HEALTH_CHANGED, cameraHealthLine } from './health';
import m006 from '../store/migrations/006_camera_health';
import { VIDEO_EVENTS } from './events';
import { videoSource } from './topics';

declare module '../modules/types' {
  interface Services {
    video: VideoService;
    captures: VideoCaptures;
  }
}

export const videoModule = defineModule({
  name: 'video',
  events: VIDEO_EVENTS,
  topics: [videoSource],
  needs: ['cameras', 'attachments', 'logbookLines'],
  provides: ['video', 'captures'],
  migrations: [{ version: 6, name: 'camera_health', sql: m006 }],
  projections: ['camera_health'],
  // the notification queue keeps its delivery status across a rebuild (rows keyed by the event's seq)
  localTables: ['notifications'],
  services: ({ db, journal, clock, env, cameras, attachments, logbookLines }) => {
    logbookLines.register(CAMERA_HEALTH_CHANGED, cameraHealthLine);
    const video = new VideoService(db, journal, cameras, { engine: env.video, log: env.log });
    return { video, captures: new VideoCaptures(cameras, video, attachments, clock) };
  },
  projectors: ({ db }) => [cameraHealthProjector(db)],
  handlers: {
    'video:endpoint': (_i, _c, s) => s.endpoint.video(),
    'video:health': (_i, _c, s) => s.video.healthAll(),
    'video:stats': (_i, _c, s) => s.video.stats() as unknown as OutputOf<'video:stats'>,
    'video:snapshot': (i, _c, s) => s.captures.snapshot(i.cameraId),
    'video:clip': (i, _c, s) => s.captures.clip(i.cameraId, i.seconds),
    'notifications:list': (i, _c, s) => s.video.notifications(i.limit),
  },
  close: (s) => s.video.close(),
});
