/**
 * bench:stall, target "serve": browser mode as `trucban serve` runs it (serveForever: the core,
 * its loopback server, watchers and job workers in this one process), with the loop probe.
 *
 *   node --import tsx scripts/bench/stall/serve-child.ts '{"db":FILE,"resolutionMs":N}'   (forked with IPC)
 *
 * Sends `{kind:'ready', url, token}` once it listens; SIGTERM stops it.
 */
import { serveForever } from '../../../src-main/server/serve';
import { installLoopProbe } from './loop-probe';

const cfg = JSON.parse(process.argv[2] ?? '{}') as { db: string; resolutionMs?: number };
const probe = installLoopProbe(cfg.resolutionMs ?? 5);
process.on('message', (m) => void probe(m));
void serveForever(
  { db: cfg.db, port: '0', open: false },
  {
    out: (line) => {
      // "Trực ban (browser mode): http://127.0.0.1:PORT/#token=TOKEN"
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)/.exec(line);
      if (m) process.send?.({ kind: 'ready', url: m[1], token: m[2] });
    },
    err: (line) => process.stderr.write(`${line}\n`),
  },
).catch((e: unknown) => {
  process.stderr.write(`serve-child: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
