/**
 * The video: channels — live streams, their health and statistics, snapshots and clips — and
 * notifications:, the notices the video engine queues for managing units when a camera fails or
 * recovers.
 */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import * as s from './schemas';
import type { CameraHealth } from '../domain/cameras';

export interface VideoSnapshot {
  sha256: string;
  width: number;
  height: number;
  at: number;
  cameraId: string;
  cameraNumber: number;
  cameraName: string;
  place: string;
}

export interface VideoStreamStats {
  cameraId: string;
  kind: 'main' | 'sub';
  [key: string]: unknown;
}

export interface NotificationItem {
  seq: number;
  createdAt: number;
  unitCode: string | null;
  kind: 'camera_fault' | 'camera_recovered';
  cameraId: string | null;
  text: string;
  status: 'queued' | 'sent';
}

export const videoChannels = {
  'video:endpoint': channel<{ url: string; token: string }>()({
    input: z.object({}),
    access: 'user',
    description: 'The loopback WebSocket that carries live video (fragmented MP4) and its token.',
  }),
  'video:health': channel<Record<string, CameraHealth>>()({
    input: z.object({}),
    access: 'user',
    description: 'Health of every camera whose stream is running, by camera id.',
  }),
  'video:stats': channel<VideoStreamStats[]>()({
    input: z.object({}),
    access: ['admin', 'surveillance_head', 'shift_leader', 'room_leader'],
    description: 'Per stream: viewers, fps, bytes/s, drops, restarts, transcoding and its CPU.',
  }),
  'video:snapshot': channel<VideoSnapshot>()({
    input: z.object({ cameraId: s.id }),
    access: 'user',
    description: 'The current frame of a camera at full resolution, stored as an attachment (Đ14.1.2.b).',
  }),
  'video:clip': channel<{ sha256: string; size: number; seconds: number }>()({
    input: z.object({ cameraId: s.id, seconds: z.number().int().min(1).max(30).default(30) }),
    access: 'user',
    description: 'The last seconds (up to 30) of a camera as an MP4 clip, stored as an attachment.',
  }),
  'notifications:list': channel<NotificationItem[]>()({
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }),
    access: 'user',
    description: 'Notices queued for managing units (camera faults and recoveries).',
  }),
} satisfies Record<string, AnyChannel>;
