/**
 * The HLC node id per installation (src-main/journal/node-id.ts, clock.ts): generated at
 * set-up, persisted, used by the journal; a database written before node ids gets one on its
 * first open and keeps its old `-local` stamps; a restored backup gets a new one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openCore } from '../../src-main/app/core';
import { Hlc, parseHlc } from '../../src-main/journal/clock';
import { Journal } from '../../src-main/journal/journal';
import { NODE_ID_RE, generateNodeId, nodeHistory, storedNodeId } from '../../src-main/journal/node-id';
import { backupDatabase, restoreDatabase } from '../../src-main/store/backup';
import { openDatabase } from '../../src-main/store/db';
import { FakeClock, stationCore, tmpDir } from '../helpers';
import { trucban } from '../helpers/cli';

let t: ReturnType<typeof tmpDir>;
beforeEach(() => {
  t = tmpDir('trucban-node-');
});
afterEach(() => t.cleanup());

const hlcs = (file: string): string[] => {
  const db = openDatabase(file, { readonly: true, create: false });
  try {
    return db.prepare('SELECT hlc FROM events ORDER BY seq').pluck().all() as string[];
  } finally {
    db.close();
  }
};
const nodeOf = (file: string): string | null => {
  const db = openDatabase(file, { readonly: true, create: false });
  try {
    return storedNodeId(db);
  } finally {
    db.close();
  }
};

describe('HLC format', () => {
  it('parses both the old -local stamps and node ids, and refuses anything else', () => {
    expect(parseHlc('001795330800000-00028-local')).toEqual({ wall: 1795330800000, counter: 28, node: 'local' });
    expect(parseHlc('001795330800000-00000-R05yVg8X')).toEqual({ wall: 1795330800000, counter: 0, node: 'R05yVg8X' });
    for (const bad of ['1795330800000-00028-local', '001795330800000-0028-local', '001795330800000-00028-', '001795330800000-00028-a b', '001795330800000-00028-a/b']) {
      expect(parseHlc(bad), bad).toBeNull();
    }
  });

  it('continues after the last stamp whatever node wrote it, sorts by time, and refuses a node id that is not URL-safe', () => {
    const clock = new FakeClock(1_000);
    const h = new Hlc(clock, 'abc_DEF-1');
    h.seed('000000000005000-00007-local');
    const a = h.next(); // the wall clock is behind the seed: the counter moves on
    expect(a).toBe('000000000005000-00008-abc_DEF-1');
    clock.advance(10_000);
    const b = h.next();
    expect(b).toBe('000000000011000-00000-abc_DEF-1');
    expect([b, a].sort()).toEqual([a, b]);
    expect(() => new Hlc(clock, 'a b')).toThrow(/invalid HLC node id/);
    expect(() => new Hlc(clock, '')).toThrow(/invalid HLC node id/);
    expect(() => new Hlc(clock, 'x'.repeat(17))).toThrow(/invalid HLC node id/);
  });

  it('generates short, URL-safe, random node ids', () => {
    const ids = new Set(Array.from({ length: 200 }, generateNodeId));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(NODE_ID_RE);
      expect(id).toHaveLength(8);
    }
  });
});

describe('node id per installation', () => {
  it('is generated at set-up, persisted, and stamps every event; a reopen keeps it', async () => {
    const file = path.join(t.dir, 's.sqlite');
    const core = await stationCore(file);
    const node = storedNodeId(core.db)!;
    expect(node).toMatch(NODE_ID_RE);
    expect(nodeHistory(core.db)).toEqual([expect.objectContaining({ node, reason: 'setup', previous: null })]);
    core.close();
    const again = openCore({ dbPath: file, create: false });
    again.logbook.add({ kind: 'work', text: 'Sau khi mở lại' }, 'officer');
    again.close();
    expect(nodeOf(file)).toBe(node);
    const stamps = hlcs(file);
    expect(stamps.length).toBeGreaterThan(3);
    for (const s of stamps) expect(parseHlc(s)?.node).toBe(node);
  });

  it('a database written before node ids gets one on its first open; its old events keep -local', () => {
    const file = path.join(t.dir, 'old.sqlite');
    const db = openDatabase(file);
    const j = new Journal(db, new FakeClock()); // as older builds: node 'local'
    j.append({ type: 'test.note', actor: 'x', payload: {} });
    db.close();
    expect(nodeOf(file)).toBeNull();
    const core = openCore({ dbPath: file, create: false, checkProjections: false });
    const node = storedNodeId(core.db)!;
    expect(node).toMatch(NODE_ID_RE);
    expect(nodeHistory(core.db)).toEqual([expect.objectContaining({ node, reason: 'first_open' })]);
    core.journal.append({ type: 'alert.dismissed', actor: 'x', payload: { alertId: 'a' } });
    expect(core.verify().ok).toBe(true);
    core.close();
    const [old, fresh] = hlcs(file).map((s) => parseHlc(s)!);
    expect(old!.node).toBe('local');
    expect(fresh!.node).toBe(node);
  });

  it('a read-only open never writes one', () => {
    const file = path.join(t.dir, 'ro.sqlite');
    const db = openDatabase(file);
    new Journal(db, new FakeClock()).append({ type: 'test.note', actor: 'x', payload: {} });
    db.close();
    const before = fs.readFileSync(file);
    openCore({ dbPath: file, readonly: true, create: false, checkProjections: false }).close();
    expect(nodeOf(file)).toBeNull();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('a backup restored into a new place gets a new node id; the backup keeps its own and the history names both', async () => {
    const file = path.join(t.dir, 'station.sqlite');
    const core = await stationCore(file);
    const original = storedNodeId(core.db)!;
    const backup = path.join(t.dir, 'backup.sqlite');
    await backupDatabase(core.db, backup);
    core.close();
    expect(nodeOf(backup)).toBe(original);

    const restored = path.join(t.dir, 'restored', 'station.sqlite');
    const r = restoreDatabase(backup, restored);
    expect(r.node).toMatchObject({ reason: 'restore', previous: original });
    expect(r.node.node).not.toBe(original);
    expect(nodeOf(restored)).toBe(r.node.node);
    expect(fs.existsSync(`${restored}-wal`)).toBe(false);
    const back = openCore({ dbPath: restored, create: false });
    try {
      expect(nodeHistory(back.db).map((c) => [c.reason, c.node])).toEqual([
        ['setup', original],
        ['restore', r.node.node],
      ]);
      back.logbook.add({ kind: 'work', text: 'Ghi tại nơi khôi phục' }, 'officer');
      expect(back.verify().ok).toBe(true);
    } finally {
      back.close();
    }
    const stamps = hlcs(restored).map((s) => parseHlc(s)!.node);
    expect(stamps.at(-1)).toBe(r.node.node);
    expect(stamps.slice(0, -1).every((n) => n === original)).toBe(true);
    expect(nodeOf(file)).toBe(original);

    // the CLI restore says which node the copy got
    const cli = trucban('--db', path.join(t.dir, 'cli', 'station.sqlite'), 'restore', '--from', backup);
    expect(cli.code, cli.err).toBe(0);
    const m = /new HLC node id (\S+) \(the backup's was (\S+)\)/.exec(cli.out);
    expect(m?.[2]).toBe(original);
    expect(m?.[1]).not.toBe(original);
    expect(m?.[1]).not.toBe(r.node.node);
  });
});
