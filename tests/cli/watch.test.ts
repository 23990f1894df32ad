// `trucban watch`: journal events printed as another process appends them, read-only, filtered
// by type, resumable with --from, and a clean exit (0) on SIGINT and SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tmpDir } from '../helpers';
import { BIN, ROOT, eventCount, trucban } from '../helpers/cli';
import { onJsonLines } from '../helpers/json-lines';
import { startWriterChild } from '../helpers/writer-child';
import { typeFilter } from '../../src-main/cli/watch';

const WRITER = path.resolve(import.meta.dirname, '../fixtures/writer.ts');

let t: ReturnType<typeof tmpDir>;
let db: string;

beforeAll(() => {
  t = tmpDir('trucban-watch-');
  db = path.join(t.dir, 'station.sqlite');
  const r = trucban('--db', db, 'init', '--station-code', 'KV06', '--station-name', 'Chi cục Hải quan khu vực VI');
  expect(r.code, r.err).toBe(0);
  // the writer fixture writes as 'officer'
  const u = trucban('--db', db, 'call', 'users:create', JSON.stringify({ login: 'officer', fullName: 'Phạm Văn Đức', roles: ['surveillance_officer'], password: 'mat-khau-thu-nghiem' }), '--as', 'admin');
  expect(u.code, u.err).toBe(0);
});
afterAll(() => t.cleanup());

/** `trucban watch ARGS` as a child; its JSON lines collected, its text lines kept. */
function watch(args: string[]) {
  const child = spawn(process.execPath, [BIN, '--db', db, 'watch', ...args], { cwd: ROOT, env: { ...process.env, TRUCBAN_LANG: 'vi' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Record<string, unknown>[] = [];
  let text = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  onJsonLines(child.stdout, (e) => events.push(e));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, events, text: () => text, err: () => err, exit };
}

const until = async (cond: () => boolean, what: string, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const seqs = (file: string, from: number): { seq: number; type: string }[] => {
  const d = new Database(file, { readonly: true });
  try {
    return d.prepare('SELECT seq, type FROM events WHERE seq >= ? ORDER BY seq').all(from) as { seq: number; type: string }[];
  } finally {
    d.close();
  }
};

describe('trucban watch', () => {
  it('prints, as JSON lines, every event another process appends, in order, and exits 0 on SIGINT', async () => {
    const start = eventCount(db);
    const w = watch(['--from', '1', '--json']);
    // --from 1: the events already there come first
    await until(() => w.events.length === start, 'the existing events');
    expect(w.events.map((e) => e.seq)).toEqual(Array.from({ length: start }, (_, i) => i + 1));
    expect(w.events[0]).toMatchObject({ seq: 1, type: 'station.set_up', actor: 'admin' });
    expect(typeof (w.events[0]!.payload as { code?: unknown }).code).toBe('string');

    const writer = startWriterChild(WRITER, [db, '25']);
    const done = await writer.done;
    expect(done.acked, done.stderr).toHaveLength(25);
    await until(() => w.events.length === start + 25, 'the appended events');
    const appended = seqs(db, start + 1);
    expect(w.events.slice(start).map((e) => [e.seq, e.type])).toEqual(appended.map((e) => [e.seq, e.type]));
    expect(new Set(w.events.slice(start).map((e) => e.eventId))).toEqual(new Set(done.acked));

    w.child.kill('SIGINT');
    expect(await w.exit).toEqual({ code: 0, signal: null });
    // read-only: nothing was written by the watcher
    expect(eventCount(db)).toBe(start + 25);
  }, 60_000);

  it('from now on by default, filtered by --types (exact or prefix.*), readable lines in Vietnamese; exits 0 on SIGTERM', async () => {
    const w = watch(['--types', 'logbook.*']);
    // it says on stderr once it has read the head (stdout stays for the events)
    await until(() => w.err().includes('Đang theo dõi nhật ký'), 'the watching line');
    const before = eventCount(db);
    const writer = startWriterChild(WRITER, [db, '3']);
    await writer.done;
    await until(() => w.text().trim().split('\n').filter(Boolean).length === 3, 'three lines');
    const lines = w.text().trim().split('\n');
    expect(lines.map((l) => Number(/^#(\d+) /.exec(l)?.[1]))).toEqual([before + 1, before + 2, before + 3]);
    for (const l of lines) expect(l).toMatch(/^#\d+ · lúc \d\d:\d\d \d\d\/\d\d\/\d{4} · logbook\.entry_added · người ghi officer$/);
    w.child.kill('SIGTERM');
    expect(await w.exit).toEqual({ code: 0, signal: null });
    expect(w.err().trim()).toMatch(/^trucban: Đang theo dõi nhật ký \(đầu hiện tại #\d+\); Ctrl\+C để dừng$/);
  }, 60_000);

  it('refuses a bad --from or --types with exit 2, and a missing file', () => {
    expect(trucban('--db', db, 'watch', '--from', 'abc').code).toBe(2);
    expect(trucban('--db', db, 'watch', '--types', 'x;y').code).toBe(2);
    expect(trucban('--db', path.join(t.dir, 'none.sqlite'), 'watch').code).toBe(2);
  });

  it('type filter: exact names and prefixes', () => {
    const f = typeFilter(['incident.*', 'logbook.entry_added']);
    expect(['incident.raised', 'incident.immediate_step', 'logbook.entry_added'].every(f)).toBe(true);
    expect(['logbook.entry_amended', 'incidents.settings_changed', 'camera.health_changed'].some(f)).toBe(false);
    expect(typeFilter(undefined)('anything')).toBe(true);
  });
});
