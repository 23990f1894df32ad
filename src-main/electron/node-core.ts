/**
 * The core process started with node's child_process.fork instead of Electron's utilityProcess:
 * the same entry (core-entry.ts) and the same protocol over node's IPC channel. Tests use it to
 * run the core for real, and the stall benchmark to stand in for Electron's main.
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { CoreInit, CoreProcess, ToCore } from './core-protocol';

export interface NodeCoreOptions {
  /** Extra node flags, e.g. ['--import', 'tsx'] to run core-entry.ts from source. */
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  /** Where the child's stderr goes; default: inherited. */
  stderr?: (chunk: string) => void;
  /** The child process, for tests that kill it from outside. */
  onChild?: (child: ChildProcess) => void;
}

export function forkNodeCore(entry: string, init: CoreInit, opts: NodeCoreOptions = {}): CoreProcess {
  const child = fork(entry, [], {
    execArgv: opts.execArgv ?? [],
    env: opts.env ?? process.env,
    serialization: 'advanced', // structured clone, as a MessagePort would
    stdio: ['ignore', 'inherit', opts.stderr ? 'pipe' : 'inherit', 'ipc'],
  });
  if (opts.stderr) {
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => opts.stderr?.(d));
  }
  opts.onChild?.(child);
  let exited = false;
  const exitListeners: Array<(code: number | null) => void> = [];
  child.once('exit', (code) => {
    exited = true;
    for (const fn of exitListeners) fn(code);
  });
  child.on('error', () => {}); // reported through exit
  const first: ToCore = { kind: 'init', init };
  child.send(first);
  return {
    post: (msg) => {
      if (child.connected) child.send(msg);
      else throw new Error('core process disconnected');
    },
    onMessage: (fn) => void child.on('message', fn),
    onExit: (fn) => {
      if (exited) fn(null);
      else exitListeners.push(fn);
    },
    kill: () => void child.kill('SIGKILL'),
  };
}
