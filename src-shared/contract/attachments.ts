/** The attachments: channels — content-addressed files attached to entries, incidents and forms. */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import * as s from './schemas';
import { MAX_ATTACHMENT_BASE64 } from '../limits';

export const attachmentsChannels = {
  'attachments:put': channel<{ sha256: string; size: number }>()({
    input: z.object({
      name: s.nonEmptyText(255),
      mime: z.enum(['image/png', 'image/jpeg', 'image/webp', 'application/pdf']),
      base64: z.string().min(1).max(MAX_ATTACHMENT_BASE64),
    }),
    access: 'user',
    description: 'Store an attachment (content-addressed by sha256).',
  }),
} satisfies Record<string, AnyChannel>;
