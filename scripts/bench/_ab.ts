import fs from 'node:fs';
import Database from 'better-sqlite3';
import { openCore } from '../../src-main/app/core';
import { EntryStream } from './logbook-gen';
const variant = process.argv[2] ?? 'none';
const N = Number(process.argv[3] ?? 1500);
const mk = (name: string) => {
  const f = `/tmp/pgexp/${name}.sqlite`;
  for (const s of ['', '-wal', '-shm']) try { fs.unlinkSync(f + s); } catch {}
  fs.copyFileSync('/tmp/lb100k/logbook-bench.db', f);
  return openCore({ dbPath: f, create: false });
};
const A = mk('A'), B = mk('B');
const people = { officers: [['duc.pv', 'thao.nt'], ['hoa.dt', 'khanh.bq']], leaders: ['lan.tt', 'nga.vt'], office: 'minh.lq' } as any;
const sa = new EntryStream(4242, 20_000, people), sb = new EntryStream(4242, 20_000, people);
if (variant === 'nohead') (B.journal as any).setHead = { run() {} };
if (variant === 'nounit') B.db.exec('DROP INDEX logbook_entries_unit');
if (variant === 'noshift') B.db.exec('DROP INDEX logbook_entries_shift');
if (variant === 'noident') B.db.exec('DELETE FROM logbook_identifiers WHERE 0'), ((B as any).x = 1), B.db.exec("CREATE TRIGGER _noident BEFORE INSERT ON logbook_identifiers BEGIN SELECT RAISE(IGNORE); END");
if (variant === 'noversions') B.db.exec("CREATE TRIGGER _nov BEFORE INSERT ON logbook_versions BEGIN SELECT RAISE(IGNORE); END");
const raw = new Database('/tmp/pgexp/raw.db'); raw.pragma('journal_mode=WAL'); raw.pragma('synchronous=FULL');
raw.exec('CREATE TABLE IF NOT EXISTS r (seq INTEGER PRIMARY KEY, p TEXT)'); const ins = raw.prepare('INSERT INTO r (p) VALUES (?)');
const add = (c: any, s: EntryStream) => { const e = s.next(); c.logbook.add({ kind: e.kind, text: e.text, details: e.details, identifiers: e.identifiers, linkedEntryId: null }, e.actor); };
const ta: number[] = [], tb: number[] = [], tp: number[] = [];
const time = (f: () => void, out: number[]) => { const t = process.hrtime.bigint(); f(); out.push(Number(process.hrtime.bigint() - t) / 1e6); };
for (let i = 0; i < 50; i++) { add(A, sa); add(B, sb); ins.run('x'.repeat(700)); }
for (let i = 0; i < N; i++) {
  if (i % 2) { time(() => add(A, sa), ta); time(() => add(B, sb), tb); } else { time(() => add(B, sb), tb); time(() => add(A, sa), ta); }
  time(() => ins.run('x'.repeat(700)), tp);
}
const st = (x: number[]) => { const s = [...x].sort((a, b) => a - b); return `mean ${(s.reduce((a, b) => a + b, 0) / s.length).toFixed(3)} p50 ${s[s.length >> 1]!.toFixed(3)}`; };
console.log(variant, '| A', st(ta), '| B', st(tb), '| plain', st(tp));
A.close(); B.close(); raw.close();
