/**
 * bench:stall, target "relay": a node process standing in for Electron's main — the relay
 * (src-main/electron/relay.ts) with the core in a child process (src-main/electron/core-entry.ts
 * over node's IPC, as the utility process would run it) — with the loop probe on the relay's loop.
 * The orchestrator plays the windows: `{kind:'call', id, channel, input}` → `{kind:'reply', id, reply}`
 * under one window's session (`ipc:1`), as ipc.ts would forward it.
 *
 *   node --import tsx scripts/bench/stall/relay-child.ts '{"db":FILE,"resolutionMs":N}'   (forked with IPC)
 *
 * Sends `{kind:'ready', loopbackUrl}` once the core is up; `{kind:'stop'}` closes the core and exits.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkNodeCore } from '../../../src-main/electron/node-core';
import { CoreRelay } from '../../../src-main/electron/relay';
import { installLoopProbe } from './loop-probe';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENTRY = path.resolve(HERE, '../../../src-main/electron/core-entry.ts');
const cfg = JSON.parse(process.argv[2] ?? '{}') as { db: string; resolutionMs?: number };
const probe = installLoopProbe(cfg.resolutionMs ?? 5);

const relay = new CoreRelay({
  spawn: () => forkNodeCore(ENTRY, { dbPath: cfg.db, staticDir: path.join(path.dirname(cfg.db), 'no-static-files') }, { execArgv: ['--import', 'tsx'] }),
  log: (m) => process.stderr.write(`[relay] ${m}\n`),
});

process.on('message', (m: { kind?: string; id?: number; channel?: string; input?: unknown }) => {
  if (probe(m)) return;
  if (m.kind === 'call' && typeof m.id === 'number' && typeof m.channel === 'string') {
    const id = m.id;
    void relay.call(m.channel, m.input, { sessionId: 'ipc:1', transport: 'ipc' }).then((reply) => process.send?.({ kind: 'reply', id, reply }));
  } else if (m.kind === 'stop') {
    void relay.close(10_000).then(() => process.exit(0));
  }
});

relay.start().then(
  () => process.send?.({ kind: 'ready', loopbackUrl: relay.loopbackUrl }),
  (e: unknown) => {
    process.stderr.write(`relay-child: the core did not start: ${JSON.stringify(e)}\n`);
    process.exit(1);
  },
);
