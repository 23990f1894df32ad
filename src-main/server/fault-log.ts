/**
 * The fault log of a long-running process (browser-mode `trucban serve`, Electron's main
 * process): one line per fault, `<ISO time> <text>`, appended synchronously (a fault may be
 * the last thing the process does), with secrets masked (src-main/api/faults.ts). The file is
 * kept below MAX_LOG_BYTES by moving it to `<file>.1` when it grows past that.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeFault, redactSecrets } from '../api/faults';

export const MAX_LOG_BYTES = 5 * 1024 * 1024;

export type FaultLog = (msg: string) => void;

/** A logger appending to `file` (created with mode 0600) and echoing to `echo` when given. */
export function createFaultLog(file: string, echo?: (line: string) => void): FaultLog {
  let dirReady = false;
  return (msg: string) => {
    const text = redactSecrets(String(msg));
    try {
      echo?.(text);
    } catch {
      // the echo (stderr) may be gone; the file still gets the line
    }
    try {
      if (!dirReady) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        dirReady = true;
      }
      try {
        if (fs.statSync(file).size > MAX_LOG_BYTES) fs.renameSync(file, `${file}.1`);
      } catch {
        // no file yet
      }
      fs.appendFileSync(file, `${new Date().toISOString()} ${text.replace(/\r?\n/g, '\n    ')}\n`, { mode: 0o600 });
    } catch {
      // a full disk or a read-only folder must not turn a logged fault into a crash
    }
  };
}

let guardLog: FaultLog | null = null;
const onException = (err: unknown) => guardLog?.(`uncaught exception (the process carries on): ${describeFault(err)}`);
const onRejection = (reason: unknown) => guardLog?.(`unhandled rejection (the process carries on): ${describeFault(reason)}`);

/**
 * Process-level guards for a long-running process: an exception or rejection nothing caught
 * is logged (name, message and stack only, redacted) and the process keeps serving. Installed
 * once per process; the latest logger is used.
 */
export function installFaultGuards(log: FaultLog): void {
  const first = guardLog === null;
  guardLog = log;
  if (!first) return;
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
}
