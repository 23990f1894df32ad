/**
 * The typed contract: every operation the renderer (or the CLI, or a script) can ask of main.
 * Channel names are `domain:verb`. Both transports (Electron IPC, loopback WebSocket) carry the
 * same channels; handlers in src-main/api validate `input` with these schemas.
 *
 * Each domain declares its channels (and the types and schemas only it uses) in its own file,
 * ./<domain>.ts, and its error codes with their Vietnamese and English messages in
 * ./<domain>.errors.ts (merged in ../errors.ts). This file merges the domains, in the order
 * below — the order `trucban call --list` shows and ./channels.ts lists them in; channels.ts is
 * generated from this file (`npm run gen:channels`) for the zod-free preload. See
 * docs/architecture.md, “The contract and its two transports”.
 */
import type { z } from 'zod';
import type { AppErrorData } from '../errors';
import type { AnyChannel, ChannelDef } from './define';
import { appChannels } from './app';
import { usersChannels } from './users';
import { orgChannels } from './org';
import { shiftsChannels } from './shifts';
import { logbookChannels } from './logbook';
import { jobsChannels } from './jobs';
import { attachmentsChannels } from './attachments';
import { videoChannels } from './video';
import { incidentsChannels } from './incidents';
import { wallsChannels } from './walls';
import { journalChannels } from './journal';
import { camerasChannels } from './cameras';
import { documentsChannels } from './documents';
import { clientChannels } from './client';
import { pushChannels } from './push';
import { devicesChannels } from './devices';

export type { AppStatus } from './app';
export type { ClientStatus, OutboxItem, RefusedItem } from './client';
export type { ExportResult } from './logbook';
export type { NotificationItem, VideoSnapshot, VideoStreamStats } from './video';

/** The domains' channel tables, in contract order (a test checks `contract` is exactly their union). */
export const CONTRACT_DOMAINS = {
  app: appChannels,
  users: usersChannels,
  org: orgChannels,
  shifts: shiftsChannels,
  logbook: logbookChannels,
  jobs: jobsChannels,
  attachments: attachmentsChannels,
  video: videoChannels,
  incidents: incidentsChannels,
  walls: wallsChannels,
  journal: journalChannels,
  cameras: camerasChannels,
  documents: documentsChannels,
  client: clientChannels,
  push: pushChannels,
  devices: devicesChannels,
} as const;

export const contract = {
  ...appChannels,
  ...usersChannels,
  ...orgChannels,
  ...shiftsChannels,
  ...logbookChannels,
  ...jobsChannels,
  ...attachmentsChannels,
  ...videoChannels,
  ...incidentsChannels,
  ...wallsChannels,
  ...journalChannels,
  ...camerasChannels,
  ...documentsChannels,
  ...clientChannels,
  ...pushChannels,
  ...devicesChannels,
} satisfies Record<string, AnyChannel>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type InputOf<K extends Channel> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends Channel> = z.output<Contract[K]['input']>;
export type OutputOf<K extends Channel> = Contract[K] extends ChannelDef<z.ZodType, infer O> ? O : never;
export const CHANNELS = Object.keys(contract) as Channel[];

export type Reply<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** A transport: what the renderer and tests call. */
export type Invoke = <K extends Channel>(ch: K, input: InputOf<K>) => Promise<OutputOf<K>>;
