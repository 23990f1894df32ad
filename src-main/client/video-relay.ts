/**
 * A local screen's /video socket relayed to the station's /video, byte-for-byte (the video
 * protocol may change: docs/architecture.md, "Video"): the same pinned TLS and device credential
 * as the call link, the query passed on as it is except `session`, which becomes the device's
 * station session (the screen's own key means nothing to the station). Messages keep their
 * type (binary or text) in both directions; a close on either side closes the other with its
 * code. A local screen that does not read pauses the station's socket (bounded memory).
 */
import { WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import type { DeviceRecord } from './device';
import type { PinnedAgent } from './tls';

/** Messages handed to the local socket and not yet written, before the station's socket is paused. */
export const RELAY_HIGH_WATER = 64;
const RELAY_LOW_WATER = 16;

/** Close codes a peer may send on (1005/1006/1015 are never sent on the wire). */
const sendable = (code: number) => code === 1000 || (code >= 3000 && code <= 4999);

export function relayVideoSocket(local: WebSocket, req: IncomingMessage, o: { record: DeviceRecord; agent: PinnedAgent; sessionKey: string; log?: (m: string) => void }): void {
  const incoming = new URL(req.url ?? '/', 'http://x');
  const url = new URL('/video', o.record.stationUrl);
  url.protocol = 'wss:';
  for (const [k, v] of incoming.searchParams) if (k !== 'session') url.searchParams.append(k, v);
  url.searchParams.set('session', o.sessionKey);
  // the sub-protocol the page chose (v2: every tile on one socket; v1: one stream) goes on unchanged
  const up = new WebSocket(url, [local.protocol || 'trucban.video.v1'], {
    agent: o.agent,
    headers: { authorization: `Device ${o.record.credential}` },
    handshakeTimeout: 5_000,
    perMessageDeflate: false,
    maxPayload: 16 * 1024 * 1024,
  });
  const early: { data: Buffer; binary: boolean }[] = [];
  let pending = 0;
  let paused = false;
  const rawUp = () => (up as unknown as { _socket?: { pause(): void; resume(): void } })._socket;

  up.on('message', (data, isBinary) => {
    if (local.readyState !== local.OPEN) return;
    pending++;
    local.send(data as Buffer, { binary: isBinary }, () => {
      pending--;
      if (paused && pending <= RELAY_LOW_WATER) {
        paused = false;
        rawUp()?.resume();
      }
    });
    if (!paused && pending >= RELAY_HIGH_WATER) {
      paused = true;
      rawUp()?.pause();
    }
  });
  up.on('open', () => {
    for (const m of early.splice(0)) up.send(m.data, { binary: m.binary });
  });
  local.on('message', (data, isBinary) => {
    if (up.readyState === up.OPEN) up.send(data as Buffer, { binary: isBinary });
    else if (up.readyState === up.CONNECTING && early.length < 64) early.push({ data: data as Buffer, binary: isBinary });
  });
  up.on('close', (code, reason) => {
    if (local.readyState === local.OPEN || local.readyState === local.CONNECTING) local.close(sendable(code) ? code : 1011, reason.toString().slice(0, 120));
  });
  up.on('unexpected-response', (_r, res) => {
    res.resume();
    local.close(4001, `station refused the video socket (${res.statusCode ?? '?'})`);
    up.terminate();
  });
  up.on('error', (e) => {
    o.log?.(`[client] video relay: ${e.message}`);
    if (local.readyState === local.OPEN) local.close(1011, 'station unreachable');
  });
  local.on('close', (code, reason) => {
    if (up.readyState === up.OPEN) up.close(sendable(code) ? code : 1000, reason.toString().slice(0, 120));
    else up.terminate();
  });
  local.on('error', () => up.terminate());
}
