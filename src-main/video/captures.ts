import type { CameraRegistry } from '../cameras/service';
import type { AttachmentStore } from '../attachments/store';
import type { Clock } from '../journal/clock';
import type { VideoService } from './service';
import type { OutputOf } from '../../src-shared/contract';
import { cameraPlace } from '../../src-shared/domain/cameras';

/** A snapshot or a clip of a camera, kept as an internal attachment (video:snapshot, video:clip). */
export class VideoCaptures {
  constructor(
    private readonly cameras: Pick<CameraRegistry, 'require'>,
    private readonly video: Pick<VideoService, 'snapshot' | 'clip'>,
    private readonly attachments: Pick<AttachmentStore, 'put'>,
    private readonly clock: Clock,
  ) {}

  async snapshot(cameraId: string): Promise<OutputOf<'video:snapshot'>> {
    const cam = this.cameras.require(cameraId, 'cameraId');
    const shot = await this.video.snapshot(cam.id);
    const ref = this.attachments.put(shot.data, `camera-${cam.number}-${shot.at}.png`, shot.mime, 'internal');
    return {
      sha256: ref.sha256,
      width: shot.width,
      height: shot.height,
      at: shot.at,
      cameraId: cam.id,
      cameraNumber: cam.number,
      cameraName: cam.name,
      place: cameraPlace(cam),
    };
  }

  clip(cameraId: string, seconds: number): OutputOf<'video:clip'> {
    const cam = this.cameras.require(cameraId, 'cameraId');
    const clip = this.video.clip(cam.id, seconds);
    const ref = this.attachments.put(clip.data, `camera-${cam.number}-${this.clock.now()}.mp4`, 'video/mp4', 'internal');
    // the duration the clip really covers (whole GOPs from a keyframe), not the one asked for
    return { sha256: ref.sha256, size: ref.size, seconds: Math.round(clip.seconds * 10) / 10 };
  }
}
