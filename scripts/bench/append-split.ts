/**
 * Where one logbook append's time goes, on a copy of a station database left by
 * `bench:logbook --keep`: the same generated adds timed (a) each in its own transaction as the
 * app runs them (synchronous=FULL), next to a plain one-row insert into a scratch file and into
 * the station's own file; (b) split into BEGIN / the add / COMMIT; (c) with synchronous=OFF (no
 * fsync: CPU + page writes); (d) many in one transaction (CPU only). Prints one JSON line each.
 *
 *   npx tsx scripts/bench/append-split.ts DB [--appends N] [--cache-mb M]   (M: SQLite's page cache, default the app's)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openCore } from '../../src-main/app/core';
import { EntryStream } from './logbook-gen';
import type { People } from './logbook-gen';

const args = process.argv.slice(2);
const src = args.find((a) => !a.startsWith('--'));
const nAt = args.indexOf('--appends');
const N = nAt >= 0 ? Number(args[nAt + 1]) : 500;
const cAt = args.indexOf('--cache-mb');
const cacheMb = cAt >= 0 ? Number(args[cAt + 1]) : null;
if (!src || !fs.existsSync(src) || !Number.isInteger(N) || N < 1) {
  console.error('usage: append-split.ts DB [--appends N]');
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-split-'));
const dbPath = path.join(dir, 'copy.sqlite');
const hr = () => process.hrtime.bigint();
const ms = (t0: bigint) => Number(hr() - t0) / 1e6;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { mean: +(s.reduce((a, b) => a + b, 0) / s.length).toFixed(4), p50: +s[Math.floor(s.length / 2)]!.toFixed(4) };
};
try {
  fs.copyFileSync(src, dbPath);
  const core = openCore({ dbPath, create: false });
  if (cacheMb !== null) core.db.pragma(`cache_size = ${-Math.round(cacheMb * 1024)}`);
  const people: People = { officers: [['duc.pv', 'thao.nt'], ['hoa.dt', 'khanh.bq']], leaders: ['lan.tt', 'nga.vt'], office: 'minh.lq' };
  const stream = new EntryStream(4242, 20_000, people);
  const add = () => {
    const e = stream.next();
    core.logbook.add({ kind: e.kind, text: e.text, details: e.details, identifiers: e.identifiers, linkedEntryId: null }, e.actor);
  };
  const raw = new Database(path.join(dir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec('CREATE TABLE r (seq INTEGER PRIMARY KEY, payload TEXT)');
  const ins = raw.prepare('INSERT INTO r (payload) VALUES (?)');
  const payload = 'x'.repeat(700);
  for (let i = 0; i < 50; i++) add();
  const own: number[] = [];
  const plain: number[] = [];
  const same: number[] = [];
  core.db.exec('CREATE TABLE IF NOT EXISTS scratch_r (seq INTEGER PRIMARY KEY, payload TEXT)');
  const insSame = core.db.prepare('INSERT INTO scratch_r (payload) VALUES (?)');
  for (let i = 0; i < N; i++) {
    let t = hr();
    add();
    own.push(ms(t));
    t = hr();
    ins.run(payload);
    plain.push(ms(t));
    t = hr();
    insSame.run(payload);
    same.push(ms(t));
  }
  console.log(JSON.stringify({ sameFile: stats(same) }));
  const parts = { begin: [] as number[], body: [] as number[], commit: [] as number[] };
  for (let i = 0; i < N; i++) {
    const t0 = hr();
    core.db.exec('BEGIN IMMEDIATE');
    const t1 = hr();
    add();
    const t2 = hr();
    core.db.exec('COMMIT');
    const t3 = hr();
    parts.begin.push(Number(t1 - t0) / 1e6);
    parts.body.push(Number(t2 - t1) / 1e6);
    parts.commit.push(Number(t3 - t2) / 1e6);
  }
  console.log(JSON.stringify({ begin: stats(parts.begin), body: stats(parts.body), commit: stats(parts.commit) }));
  core.db.pragma('synchronous = OFF');
  const nosync: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = hr();
    add();
    nosync.push(ms(t));
  }
  core.db.pragma('synchronous = FULL');
  const t = hr();
  core.journal.tx(() => {
    for (let i = 0; i < N; i++) add();
  });
  const batched = ms(t) / N;
  console.log(JSON.stringify({ appends: N, own: stats(own), plain: stats(plain), noSync: stats(nosync), batchedMean: +batched.toFixed(4), ratio: +(stats(own).mean / stats(plain).mean).toFixed(2) }, null, 1));
  core.close();
  raw.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
