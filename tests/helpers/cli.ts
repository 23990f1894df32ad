// The real `trucban` command as a child process, for the CLI tier.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'bin/trucban.js');

export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

export interface CliOptions {
  /** Message language (TRUCBAN_LANG); Vietnamese by default, as for an officer. */
  lang?: 'vi' | 'en';
  /** Standard input (a password for --admin-password-stdin, JSON for `call CHANNEL -`). */
  input?: string;
}

/** Runs `node bin/trucban.js ARGS` from the repository root and waits for it (60 s at most). */
export function runCli(args: string[], opts: CliOptions = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TRUCBAN_LANG: opts.lang ?? 'vi' },
    timeout: 60_000,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `trucban(...args)`: runCli with the defaults. */
export const trucban = (...args: string[]): CliResult => runCli(args);

/** Events in a station's journal, read beside any running process (a refused command wrote none). */
export function eventCount(db: string): number {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  } finally {
    d.close();
  }
}
