/**
 * Any message on /ws gets a typed answer (or the socket is closed with a reason), and the
 * server process, its other connections and their sessions carry on. The server runs as a
 * child process (`trucban serve`), so a message that ends the process is seen as such.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import net from 'node:net';
import path from 'node:path';
import fc from 'fast-check';
import type WebSocket from 'ws';
import { ERROR_CODES } from '../../src-shared/errors';
import { PASSWORD, stationCore, tmpDir } from '../helpers';
import { call, nextReply, openWs, startServeChild } from './serve-child';
import type { Reply, ServeChild } from './serve-child';

let t: ReturnType<typeof tmpDir>;
let srv: ServeChild;
let witness: WebSocket;

const KEY = 'witness-session-key-0001';

beforeAll(async () => {
  t = tmpDir();
  const db = path.join(t.dir, 'h.sqlite');
  (await stationCore(db)).close();
  srv = await startServeChild(db);
  // a signed-in session on another connection must survive everything below
  witness = await openWs(srv.port, srv.token, `?session=${KEY}`);
  expect((await call(witness, 'auth:login', { login: 'officer', password: PASSWORD })).reply.ok).toBe(true);
}, 90_000);

afterAll(async () => {
  witness?.terminate();
  await srv?.stop();
  t?.cleanup();
});

function expectTypedError(r: Reply): void {
  expect(r).toHaveProperty('reply');
  expect(r.reply.ok).toBe(false);
  expect(ERROR_CODES).toContain(r.reply.error?.code);
  expect(typeof r.reply.error?.message).toBe('string');
}

async function stillServing(): Promise<void> {
  expect(srv.exited(), srv.stderr()).toBeNull();
  const st = await call(witness, 'app:status', {});
  expect(st.reply).toMatchObject({ ok: true, value: { session: { user: { login: 'officer' } } } });
}

/** Valid JSON of every type and shape, including values whose string coercion throws. */
const HOSTILE_TEXT: string[] = [
  'null',
  '0',
  '-1e309',
  '"app:status"',
  'true',
  '[]',
  '[{"channel":"app:status"}]',
  '{}',
  '{"channel":null}',
  '{"channel":{"toString":1}}',
  '{"channel":{"toString":{},"valueOf":{}},"id":1}',
  '{"channel":[1,2],"id":2}',
  '{"channel":"app:status","id":{"toString":1}}',
  '{"channel":"app:status","id":3,"input":[]}',
  '{"channel":"app:status","id":4,"input":"x"}',
  '{"__proto__":{"channel":"app:status"},"id":5}',
  '{"channel":"__proto__","id":6}',
  '{"channel":"constructor","id":7}',
  '{"channel":"toString","id":8}',
  '{"channel":"auth:login","id":9,"input":{"__proto__":{"login":"admin","password":"x"}}}',
  '{"channel":"logbook:add","id":10,"input":{"kind":{"toString":1},"text":{"valueOf":1}}}',
  `{"channel":"${'x'.repeat(100_000)}","id":11}`,
  `{"channel":"app:status","id":12,"input":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
  `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
  '{"channel":"app:status","id":13,"input":{"a":' + '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_001) + '}',
];

describe('hostile messages on /ws', () => {
  it('answers every JSON value and shape with a typed error, and the server keeps serving', async () => {
    const ws = await openWs(srv.port, srv.token);
    for (const text of HOSTILE_TEXT) {
      const p = nextReply(ws);
      ws.send(text);
      const r = await p;
      if (r.reply.ok) {
        // only a well-formed call may succeed, and it must be app:status
        expect(text).toMatch(/"channel":"app:status"/);
      } else expectTypedError(r);
      await stillServing();
    }
    ws.close();
  });

  it('answers binary frames with a typed error', async () => {
    const ws = await openWs(srv.port, srv.token);
    const p = nextReply(ws);
    ws.send(Buffer.from([0, 1, 2, 0xff, 0xfe]), { binary: true });
    expectTypedError(await p);
    const q = nextReply(ws);
    ws.send(Buffer.from(JSON.stringify({ id: 1, channel: 'app:status', input: {} })), { binary: true });
    expectTypedError(await q);
    await stillServing();
    ws.close();
  });

  it('closes a socket that sends invalid UTF-8 with a reason; others carry on', async () => {
    const ws = await openWs(srv.port, srv.token);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), { binary: false }); // "{\xc3(}" as a text frame
    expect(await closed).toBe(1007);
    await stillServing();
  });

  it('a hostile message does not end or disturb another signed-in session', async () => {
    const a = await openWs(srv.port, srv.token);
    a.send('{"channel":{"toString":1},"id":1}');
    a.send('null');
    await stillServing();
    a.terminate();
    await stillServing();
  });
});

describe('property: arbitrary JSON and bytes at the socket', () => {
  it('any JSON value (as the message, or as a call\'s input) gets a well-formed typed reply', async () => {
    const ws = await openWs(srv.port, srv.token);
    const channel = fc.constantFrom('app:status', 'auth:login', 'logbook:add', 'logbook:list', 'nope', '__proto__');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.record({ id: fc.jsonValue({ maxDepth: 1 }), channel, input: fc.jsonValue({ maxDepth: 4 }) })), async (v) => {
        const p = nextReply(ws);
        ws.send(JSON.stringify(v) ?? 'null');
        const r = await p;
        if (!r.reply.ok) expectTypedError(r);
        else expect((v as { channel?: unknown }).channel).toBe('app:status');
      }),
      { numRuns: 200 },
    );
    await stillServing();
    ws.close();
  });

  it('any bytes, as a binary or a text frame, get a typed reply or a close with a reason', async () => {
    let ws = await openWs(srv.port, srv.token);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 256 }), fc.boolean(), async (bytes, binary) => {
        let onClose: (code: number) => void = () => {};
        const closed = new Promise<number>((r) => (onClose = r));
        ws.once('close', onClose);
        const reply = nextReply(ws).catch(() => null);
        ws.send(Buffer.from(bytes), { binary });
        const r = await Promise.race([reply, closed]);
        ws.off('close', onClose);
        if (typeof r === 'number') {
          expect([1007, 1002]).toContain(r); // invalid UTF-8 in a text frame: closed with its reason
          ws = await openWs(srv.port, srv.token);
        } else {
          expect(r).not.toBeNull();
          if (!r!.reply.ok) expectTypedError(r!);
        }
      }),
      { numRuns: 150 },
    );
    await stillServing();
    ws.close();
  });
});

/** Writes raw bytes to the server and returns the status line it answers (or '' if it just closes). */
function raw(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect(srv.port, '127.0.0.1');
    let got = '';
    const t = setTimeout(() => sock.destroy(), 5_000);
    sock.on('data', (d) => (got += d.toString('latin1')));
    sock.on('error', () => {});
    sock.on('close', () => {
      clearTimeout(t);
      resolve(got.split('\r\n')[0] ?? '');
    });
    sock.write(bytes);
    sock.end();
  });
}

describe('hostile requests on /attachments, /video and plain HTTP', () => {
  it('answers each with a refusal status and keeps serving', async () => {
    const host = `Host: 127.0.0.1:${srv.port}\r\n`;
    const sha = 'a'.repeat(64);
    const requests = [
      `GET /attachments/${sha}?cap=999999999999.${'-'.repeat(43)} HTTP/1.1\r\n${host}\r\n`,
      `GET /attachments/${sha}?cap=${'%'.repeat(5000)} HTTP/1.1\r\n${host}\r\n`,
      `GET /attachments/${sha}?token=${srv.token} HTTP/1.1\r\n${host}\r\n`,
      `GET /attachments/${sha} HTTP/1.1\r\n${host}x-trucban-token: ${'x'.repeat(4000)}\r\n\r\n`,
      `GET /attachments/%zz HTTP/1.1\r\n${host}\r\n`,
      `GET /%ff%fe HTTP/1.1\r\n${host}\r\n`,
      `GET /../../../../etc/passwd HTTP/1.1\r\n${host}\r\n`,
      `GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n`,
      `POST /launch HTTP/1.1\r\n${host}x-trucban-launch: ${'A'.repeat(24)}\r\nContent-Length: 3\r\n\r\nabc`,
      `DELETE / HTTP/1.1\r\n${host}\r\n`,
      `GET /video?camera=%00&session=__proto__&stream=[object] HTTP/1.1\r\n${host}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: trucban.video.v1, token.${srv.token}\r\n\r\n`,
      `GET /ws?% HTTP/1.1\r\n${host}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Protocol: ${'trucban.v1,'.repeat(500)} token.${srv.token}\r\n\r\n`,
      `GET /ws HTTP/1.1\r\n${host}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://127.0.0.1:${srv.port + 1}\r\nSec-WebSocket-Protocol: trucban.v1, token.${srv.token}\r\n\r\n`,
      Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0x0d, 0x0a, 0x0d, 0x0a]),
      `GET / HTTP/1.1\r\n${'X-Junk: ' + 'y'.repeat(20_000) + '\r\n'}${host}\r\n`,
    ];
    for (const r of requests) {
      const status = await raw(r);
      // a refusal (4xx), a not-found, a video socket closed for its bad session (101 then close), or a plain close
      expect(status === '' || /^HTTP\/1\.1 (101|4\d\d)/.test(status), `${String(r).slice(0, 80)} → ${status}`).toBe(true);
      await stillServing();
    }
  });
});
