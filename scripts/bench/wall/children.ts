/**
 * Child processes of the wall benches (bench:wall, bench:wall-floor): the app server or the peer
 * relay in its own Node process, so /proc measures it and its ffmpeg children apart.
 */
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onJsonLines } from '../../../tests/helpers/json-lines';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../../..');

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Runs scripts/bench/wall/<script> under tsx with its JSON config as the one argument. */
export function spawnChild(script: string, config: unknown): ChildProcess {
  // TRUCBAN_WALL_CPU_PROF=DIR: V8 CPU profiles of the app/relay child (diagnosis only)
  const prof = process.env.TRUCBAN_WALL_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.TRUCBAN_WALL_CPU_PROF)}`] : [];
  const child = spawn(process.execPath, [...prof, '--import', 'tsx', path.join(HERE, script), JSON.stringify(config)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

/** Resolves with the child's first `{"event":"ready",…}` line on stdout. */
export function readyLine(child: ChildProcess, what: string, ms = 120_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${what} not ready after ${ms / 1000} s: ${err}`)), ms);
    child.stderr!.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    onJsonLines(child.stdout!, (ev) => {
      if (ev.event === 'ready') {
        clearTimeout(timer);
        resolve(ev);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before ready: ${err}`));
    });
  });
}
