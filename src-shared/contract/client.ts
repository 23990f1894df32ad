/**
 * The client: channels — what a workstation's or wall's own process (src-main/client/) tells its
 * screens about the link to the station: whether the station can be reached and since when, and
 * the outbox of writes kept while it could not (docs/architecture.md, "Clients of a station").
 * A client process answers them itself, never the station; on the station they answer
 * `{ role: 'station' }` (its own screens have no link to lose).
 */
import { z } from 'zod';
import { channel } from './define';
import type { AnyChannel } from './define';
import type { AppErrorData } from '../errors';
import type { DeviceRole } from '../domain/devices';

/** A write kept in the client's outbox: made while the station could not be reached, not sent yet. */
export interface OutboxItem {
  /** The client's id for it (sent as the call's requestId; the station applies it once). */
  requestId: string;
  channel: string;
  /** What the officer submitted (the channel's input). */
  input: unknown;
  /** Who made it (it is sent only under that officer's sign-in). */
  login: string;
  /** When it was made (client clock, ms). */
  madeAt: number;
}

/** A write the station refused when it was finally sent: kept until the officer dismisses it. */
export interface RefusedItem extends OutboxItem {
  refusedAt: number;
  error: AppErrorData;
}

export type ClientStatus =
  | { role: 'station' }
  | {
      role: DeviceRole;
      /** The station's address and name as paired. */
      stationUrl: string;
      stationName: string;
      deviceName: string;
      connected: boolean;
      /** Since when the station cannot be reached (ms), while it cannot. */
      downSince: number | null;
      outbox: OutboxItem[];
      refused: RefusedItem[];
    };

/** What pairing this installation answered: enough to show the officer and to compare the fingerprint. */
export interface PairedDevice {
  deviceName: string;
  role: DeviceRole;
  stationCode: string;
  stationName: string;
  stationUrl: string;
  fingerprint: string;
}

export const clientChannels = {
  'client:status': channel<ClientStatus>()({
    input: z.object({}),
    access: 'public',
    description: 'The link to the station (reachable, or since when not) and the outbox of writes not sent yet or refused; the station itself answers role "station".',
  }),
  'client:pair': channel<PairedDevice>()({
    input: z.object({
      station: z.string().trim().min(1).max(300),
      code: z.string().trim().min(1).max(20),
      name: z.string().trim().min(1).max(200).optional(),
    }),
    access: 'public',
    description: 'First run of a new installation (no station set up here): make it a workstation or wall of the station at this https address with its one-time code; it then starts as a client.',
  }),
  'client:dismissRefused': channel<{ ok: true }>()({
    input: z.object({ requestId: z.string().uuid() }),
    access: 'public',
    description: 'Remove a refused write from the client’s list once the officer has read it.',
  }),
} satisfies Record<string, AnyChannel>;
