/**
 * Pages written per logbook append, by b-tree: what one `logbook.add` (its own transaction)
 * puts in the WAL. Works on a copy of a station database left by `bench:logbook --keep`.
 *
 *   npx tsx scripts/bench/logbook-pages.ts DB [--appends N]
 *
 * Method (docs/performance.md, "What one append writes"): copy DB into a temp dir, open it as
 * the app does (migrating it), make 20 untimed appends, checkpoint and truncate the WAL, make
 * N appends of generated entries (scripts/bench/logbook-gen.ts) with the automatic checkpoint
 * off, then read the page number of every WAL frame and name the b-tree that owns the page
 * (SQLite's dbstat). A page written by several appends counts once per append.
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
const N = nAt >= 0 ? Number(args[nAt + 1]) : 300;
if (!src || !fs.existsSync(src) || !Number.isInteger(N) || N < 1) {
  console.error('usage: logbook-pages.ts DB [--appends N]   (DB: a station file, e.g. from bench:logbook --keep)');
  process.exit(2);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trucban-pages-'));
const dbPath = path.join(dir, 'copy.sqlite');
try {
  fs.copyFileSync(src, dbPath);
  if (fs.existsSync(`${src}-wal`)) fs.copyFileSync(`${src}-wal`, `${dbPath}-wal`);
  const core = openCore({ dbPath, create: false });
  const people: People = { officers: [['duc.pv', 'thao.nt'], ['hoa.dt', 'khanh.bq']], leaders: ['lan.tt', 'nga.vt'], office: 'minh.lq' };
  const stream = new EntryStream(4242, 20_000, people);
  const add = () => {
    const e = stream.next();
    core.logbook.add({ kind: e.kind, text: e.text, details: e.details, identifiers: e.identifiers, linkedEntryId: null }, e.actor);
  };
  core.db.pragma('wal_autocheckpoint = 0');
  for (let i = 0; i < 20; i++) add();
  core.db.pragma('wal_checkpoint(TRUNCATE)');
  for (let i = 0; i < N; i++) add();
  const wal = fs.readFileSync(`${dbPath}-wal`);
  core.close(); // checkpoints: the copy's pages are now where dbstat sees them
  const pageSize = wal.readUInt32BE(8);
  const pages: number[] = [];
  for (let off = 32; off + 24 + pageSize <= wal.length; off += 24 + pageSize) pages.push(wal.readUInt32BE(off));
  const ro = new Database(dbPath, { readonly: true });
  const owner = new Map<number, string>();
  for (const r of ro.prepare('SELECT name, pageno, pagetype FROM dbstat').all() as { name: string; pageno: number; pagetype: string }[]) {
    owner.set(r.pageno, r.name + (r.pagetype === 'internal' ? ' (interior)' : r.pagetype === 'overflow' ? ' (overflow)' : ''));
  }
  ro.close();
  const count = new Map<string, number>();
  for (const p of pages) {
    const name = p === 1 ? 'page 1 (header, sqlite_schema)' : (owner.get(p) ?? '(freed since)');
    count.set(name, (count.get(name) ?? 0) + 1);
  }
  console.log(`${N} appends: ${(pages.length / N).toFixed(2)} WAL frames (pages of ${pageSize} bytes) per append`);
  for (const [name, c] of [...count].sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(44)} ${(c / N).toFixed(2)}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
