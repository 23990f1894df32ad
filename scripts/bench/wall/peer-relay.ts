/**
 * bench:wall, phase "peer": what a Node developer reaches for first (rtsp-relay,
 * node-rtsp-stream). One ffmpeg per stream transcodes the camera's H.264 to MPEG-1 in MPEG-TS
 * and the bytes of its stdout are relayed as they come to every WebSocket client of that
 * stream; jsmpeg decodes them in the page. Like rtsp-relay, the ffmpeg starts with the first
 * client and is shared by later ones. Its own process, so /proc measures it and its ffmpeg
 * children apart from the bench and the browser.
 *
 *   node --import tsx scripts/bench/wall/peer-relay.ts <config json>
 *   config: { staticDir, ffmpeg, urls: { "<n>-<sub|main>": "rtsp://…" }, args?: string[] }
 *
 * Serves staticDir over HTTP and ws://…/stream/<n>-<sub|main>; prints {"event":"ready", port}.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { PEER_OUTPUT_ARGS } from './peer-relay-args';

interface Config {
  staticDir: string;
  ffmpeg: string;
  urls: Record<string, string>;
  /** Output arguments after `-i URL` (default: PEER_OUTPUT_ARGS). */
  args?: string[];
}


const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

function main(): void {
  const cfg = JSON.parse(process.argv[2] ?? '{}') as Config;
  const root = path.resolve(cfg.staticDir);
  const streams = new Map<string, { child: ChildProcess; clients: Set<WebSocket> }>();

  const server = http.createServer((req, res) => {
    const rel = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(root, rel);
    if (!file.startsWith(root + path.sep)) return void res.writeHead(404).end();
    fs.readFile(file, (err, data) => {
      if (err) return void res.writeHead(404).end('not found');
      res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(data);
    });
  });

  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on('connection', (ws, req) => {
    const n = /^\/stream\/(\d+-(?:sub|main))$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1];
    const url = n ? cfg.urls[n] : undefined;
    if (!n || !url) return void ws.close(4004, 'no such stream');
    let s = streams.get(n);
    if (!s) {
      const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-rtsp_transport', 'tcp', '-i', url, ...(cfg.args ?? PEER_OUTPUT_ARGS)];
      const child = spawn(cfg.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const entry = { child, clients: new Set<WebSocket>() };
      s = entry;
      streams.set(n, entry);
      child.stdout!.on('data', (chunk: Buffer) => {
        for (const c of entry.clients) if (c.readyState === c.OPEN) c.send(chunk, { binary: true });
      });
      child.stderr!.on('data', (d: Buffer) => process.stderr.write(`[ffmpeg ${n}] ${d.toString()}`));
      child.on('exit', (code) => {
        process.stderr.write(`[ffmpeg ${n}] exited ${code}\n`);
        if (streams.get(n) === entry) streams.delete(n);
        for (const c of entry.clients) c.close(1011, 'source ended');
      });
    }
    s.clients.add(ws);
    ws.on('close', () => s.clients.delete(ws));
    ws.on('error', () => {});
  });

  server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    process.stdout.write(`${JSON.stringify({ event: 'ready', port })}\n`);
  });

  const stop = () => {
    for (const s of streams.values()) s.child.kill('SIGKILL');
    wss.close();
    server.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main();
