// A writer in a child process (tests/fixtures/*writer.ts): it prints `ready`, then one
// `ack <id> <detail>` line per acknowledged write. The crash and backup tests kill it midway.
import { spawn } from 'node:child_process';

export interface WriterChild {
  child: ReturnType<typeof spawn>;
  /** Resolves once the child printed `ready`. */
  ready: Promise<void>;
  /** Resolves when the child exits: what it acknowledged, the signal that ended it, its stderr. */
  done: Promise<{ acked: string[]; signal: NodeJS.Signals | null; stderr: string }>;
  /** Field `ackField` of every ack line so far (1: the id, 2: the detail). */
  acked: string[];
}

/** Runs `script` through tsx with `args`, collecting field `ackField` of its ack lines. */
export function startWriterChild(script: string, args: string[], ackField = 1): WriterChild {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: string[] = [];
  let buf = '';
  let stderr = '';
  let ready: () => void;
  const readyP = new Promise<void>((r) => (ready = r));
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line === 'ready') ready();
      else if (line.startsWith('ack ')) acked.push(line.split(' ')[ackField]!);
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ acked: string[]; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (_code, signal) => resolve({ acked, signal, stderr })),
  );
  return { child, ready: readyP, done, acked };
}
