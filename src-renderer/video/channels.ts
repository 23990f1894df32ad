/**
 * The `video:*` channels. The lead adds them to the shared contract; until the contract's
 * types know them, they are called through this loosely typed wrapper. A missing channel
 * (older main) fails with `unknown_channel`, which the wall shows as a translated message.
 */
import type { Channel, InputOf } from '../../src-shared/contract';
import { invoke, accessToken, transportKind } from '../transport';
import { toClientError } from '../transport/errors';
import type { VideoHealthState } from './mux';
import { attachmentCapability, capabilityExpiry } from '../../src-shared/capability';

export interface VideoEndpoint {
  url: string;
  token: string;
}

export interface HealthInfo {
  state: VideoHealthState | 'stopped';
  reason: string | null;
  since: number;
}

export interface SnapshotResult {
  sha256: string;
  width: number;
  height: number;
  at: number;
  cameraNumber: number;
  cameraName: string;
  place: string;
}

export interface VideoChannels {
  'video:endpoint': { input: Record<string, never>; output: VideoEndpoint };
  'video:health': { input: Record<string, never>; output: Record<string, HealthInfo> };
  'video:snapshot': { input: { cameraId: string }; output: SnapshotResult };
  'video:clip': { input: { cameraId: string; seconds: number }; output: { sha256: string; size: number; seconds: number } };
  'video:stats': { input: Record<string, never>; output: { cameraId: string; kind: 'main' | 'sub'; transcoding?: boolean; cpuPercent?: number | null }[] };
}

export type VideoInvoke = <K extends keyof VideoChannels>(ch: K, input: VideoChannels[K]['input']) => Promise<VideoChannels[K]['output']>;

/** Calls a video channel through the app's transport (the bridge or the RPC socket). */
export const videoInvoke: VideoInvoke = async (ch, input) => {
  const loose = invoke as unknown as (c: Channel, i: InputOf<Channel>) => Promise<unknown>;
  return (await loose(ch as unknown as Channel, input as unknown as InputOf<Channel>)) as never;
};

/** True when main does not know the channel (the video server side is not there). */
export function isMissingChannel(e: unknown): boolean {
  return toClientError(e).code === 'unknown_channel';
}

/** Browser mode's default endpoint: the page's own host. */
export function defaultEndpoint(): VideoEndpoint | null {
  const token = accessToken();
  if (transportKind() !== 'browser' || !token) return null;
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return { url: `${scheme}://${window.location.host}/video`, token };
}

let cached: Promise<VideoEndpoint> | null = null;

/** The video socket's address and token (`video:endpoint`, else the page's host). Cached. */
export function videoEndpoint(): Promise<VideoEndpoint> {
  if (!cached) {
    cached = videoInvoke('video:endpoint', {}).catch((e: unknown) => {
      cached = null;
      const fallback = defaultEndpoint();
      if (fallback) return fallback;
      throw e;
    });
  }
  return cached;
}

/**
 * URL of a stored attachment for an <img> (browser mode); null when it cannot be shown. It
 * carries a short-lived capability for this one file (src-shared/capability.ts), never the
 * token: request lines end up in logs and history.
 */
export function attachmentUrl(sha256: string, nowMs: number = Date.now()): string | null {
  const token = accessToken();
  if (!token || !/^[0-9a-f]{64}$/.test(sha256)) return null;
  return `/attachments/${sha256}?cap=${attachmentCapability(token, sha256, capabilityExpiry(nowMs))}`;
}
