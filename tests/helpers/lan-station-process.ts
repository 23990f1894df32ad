// The LAN station stand-in (./lan-station-child.ts) as a child process a test can SIGKILL and
// start again on the same port (same database, certificate and paired devices).
import path from 'node:path';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

const CHILD = path.join(import.meta.dirname, 'lan-station-child.ts');

export interface StationChild {
  child: ChildProcess;
  port: number;
  line(prefix: string): Promise<string>;
  send(line: string): void;
}

export function startStationProcess(dir: string, port: number): Promise<StationChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(port)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let buf = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, nl));
      buf = buf.slice(nl + 1);
      for (const w of waiters.splice(0)) w();
    }
  });
  const line = async (prefix: string) => {
    const end = Date.now() + 30_000;
    for (;;) {
      const i = lines.findIndex((l) => l.startsWith(prefix));
      if (i >= 0) return lines.splice(i, 1)[0]!.slice(prefix.length);
      if (Date.now() > end || child.exitCode !== null) throw new Error(`station child: no "${prefix}" line (${stderr.slice(-500)})`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
  };
  return line('ready ').then((rest) => ({ child, port: Number(rest.split(' ')[0]), line, send: (l) => child.stdin!.write(`${l}\n`) }));
}

