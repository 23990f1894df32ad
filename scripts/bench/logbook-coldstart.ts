/**
 * Child process of bench:logbook: opens an existing station database the way the app does
 * (openCore) and loads the first logbook page (100 newest entries), then prints one JSON line.
 *   node --import tsx scripts/bench/logbook-coldstart.ts DB_PATH
 * `coldStartMs` = openCore + list; module loading (tsx transpiling src-main) is reported apart
 * as `importMs` because the packaged app loads a pre-built bundle instead.
 */
import { performance } from 'node:perf_hooks';

const dbPath = process.argv[2];
if (!dbPath) {
  console.error('usage: logbook-coldstart.ts DB_PATH');
  process.exit(2);
}
const t0 = performance.now();
const { openCore } = await import('../../src-main/app/core');
const t1 = performance.now();
const core = openCore({ dbPath, create: false });
const t2 = performance.now();
const page = core.logbook.list({}, 100);
const t3 = performance.now();
core.close();
console.log(
  JSON.stringify({
    importMs: t1 - t0,
    openMs: t2 - t1,
    listMs: t3 - t2,
    coldStartMs: t3 - t1,
    rows: page.entries.length,
    newestSeq: page.entries[0]?.seq ?? null,
    sinceProcessStartMs: performance.now(),
  }),
);
