import { AppError } from '../../src-shared/errors';

/** Where the loopback server (browser mode, and video in both modes) listens. */
export interface Endpoint {
  url: string;
  token: string;
  /** Absolute URL streaming a finished job's file, with a capability for it (hand it only to its owner). */
  exportUrl(jobId: string): string;
}

/**
 * The loopback server's endpoint as handlers reach it: set by whoever starts the server
 * (src-main/server/serve.ts), cleared when it stops; null until then.
 */
export class EndpointSlot {
  private current: Endpoint | null = null;

  set(e: Endpoint | null): void {
    this.current = e;
  }

  get(): Endpoint | null {
    return this.current;
  }

  /** The video WebSocket's address and token (`video_unavailable` while the server is not running). */
  video(): { url: string; token: string } {
    const e = this.current;
    if (!e) throw new AppError('video_unavailable', 'the video endpoint is not running');
    return { url: `${e.url.replace(/^http/, 'ws')}/video`, token: e.token };
  }

  /** A finished job's download URL (`download_unavailable` while the server is not running). */
  exportUrl(jobId: string): string {
    const e = this.current;
    if (!e) throw new AppError('download_unavailable', 'the download server is not running');
    return e.exportUrl(jobId);
  }
}
