import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { tmpDir } from '../helpers';
import { BIN, eventCount as countEvents, ROOT, runCli } from '../helpers/cli';

const PASSWORD = 'mat-khau-quan-tri';

// a password is never an argument: init reads it from stdin (--admin-password-stdin)
const trucban = (...args: string[]) => runCli(args, { input: `${PASSWORD}\n` });

/** `trucban serve` as a child process; resolves with its URL and token once it listens. */
function serve(db: string): { child: ChildProcess; ready: Promise<{ port: number; token: string }>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, '--db', db, 'serve', '--port', '0', '--no-open'], {
    cwd: ROOT,
    env: { ...process.env, TRUCBAN_LANG: 'vi', DISPLAY: '', WAYLAND_DISPLAY: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<{ port: number; token: string }>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/#token=([\w-]+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), token: m[2]! });
    });
    child.stderr!.on('data', (d) => (err += String(d)));
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { child, ready, exited };
}

function connect(port: number, token: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, ['trucban.v1', `token.${token}`]);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

let nextId = 0;
function rpc(ws: WebSocket, channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }> {
  const id = ++nextId;
  return new Promise((resolve) => {
    const on = (data: WebSocket.RawData) => {
      const m = JSON.parse(data.toString());
      if (m.id === id) {
        ws.off('message', on);
        resolve(m.reply);
      }
    };
    ws.on('message', on);
    ws.send(JSON.stringify({ id, channel, input }));
  });
}

let t: ReturnType<typeof tmpDir>;
let db: string;
let server: ReturnType<typeof serve> | null = null;
const eventCount = () => countEvents(db);

beforeAll(() => {
  t = tmpDir('trucban-cli-lock-');
  db = path.join(t.dir, 'station.sqlite');
  const r = trucban('--db', db, 'init', '--station-code', '01B1', '--station-name', 'Hải quan cửa khẩu sân bay quốc tế Nội Bài', '--admin-password-stdin');
  if (r.code !== 0) throw new Error(r.err);
});
afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  t.cleanup();
});

describe('one writer per station', () => {
  it('a running server holds the station: a second writer is refused (exit 2), the first keeps saving, read-only commands work, and kill -9 frees it', async () => {
    server = serve(db);
    const { port, token } = await server.ready;
    const ws = await connect(port, token);
    expect((await rpc(ws, 'auth:login', { login: 'admin', password: PASSWORD })).ok).toBe(true);
    expect((await rpc(ws, 'logbook:add', { kind: 'note', text: 'Trước khi có tiến trình thứ hai' })).ok).toBe(true);

    // a second server and the CLI's writing commands are refused, with the translated reason
    const before = eventCount();
    const second = trucban('--db', db, 'serve', '--port', '0', '--no-open');
    expect(second.code, second.err).toBe(2);
    expect(second.err).toMatch(/đang được mở bởi một tiến trình khác/);
    expect(second.err).toContain(`PID ${server.child.pid}`);
    const add = trucban('--db', db, 'logbook', 'add', '--kind', 'work', '--text', 'Ghi từ dòng lệnh');
    expect(add.code, add.err).toBe(2);
    expect(add.err).toMatch(/tiến trình khác/);
    expect(trucban('--db', db, 'call', 'logbook:add', '{"kind":"note","text":"x"}', '--as', 'admin').code).toBe(2);
    expect(trucban('--db', db, '--lang', 'en', 'logbook', 'add', '--kind', 'work', '--text', 'x').err).toMatch(/open in another process/);
    expect(eventCount()).toBe(before);

    // the running app was not disturbed: its next saves succeed
    for (let i = 0; i < 3; i++) {
      const r = await rpc(ws, 'logbook:add', { kind: 'work', text: `Sau khi bị từ chối ${i}` });
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
    }

    // read-only commands keep working while it runs
    const verify = trucban('--db', db, 'logbook', 'verify');
    expect(verify.code, verify.err).toBe(0);
    expect(verify.out).toMatch(/^OK/);
    const search = trucban('--db', db, 'logbook', 'search', 'sau khi bi tu choi', '--json');
    expect(search.code, search.err).toBe(0);
    expect(JSON.parse(search.out)).toHaveLength(3);
    const pdf = path.join(t.dir, 'nk.pdf');
    const exp = trucban('--db', db, 'logbook', 'export', '--from', '2020-01-01', '--to', '2020-01-02', '--format', 'pdf', '--out', pdf);
    expect(exp.code, exp.err).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const bak = trucban('--db', db, 'backup', '--out', path.join(t.dir, 'bak.sqlite'), '--json');
    expect(bak.code, bak.err).toBe(0);
    expect(JSON.parse(bak.out).journal.ok).toBe(true);
    expect((await rpc(ws, 'logbook:add', { kind: 'note', text: 'Sau các lệnh chỉ đọc' })).ok).toBe(true);
    ws.close();

    // the OS releases the lock with the process, however it ends
    server.child.kill('SIGKILL');
    await server.exited;
    const after = trucban('--db', db, 'logbook', 'add', '--kind', 'work', '--text', 'Sau khi ứng dụng dừng', '--json');
    expect(after.code, after.err).toBe(0);
    expect(trucban('--db', db, 'logbook', 'verify').code).toBe(0);
  });
});
