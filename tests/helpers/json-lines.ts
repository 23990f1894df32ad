import type { Readable } from 'node:stream';

/** Calls `fn` with each JSON object a child writes one per line (other lines are skipped). */
export function onJsonLines(stream: Readable, fn: (ev: Record<string, unknown>) => void): void {
  let buf = '';
  stream.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line) continue;
      let ev: unknown;
      try {
        ev = JSON.parse(line);
      } catch {
        continue;
      }
      if (ev && typeof ev === 'object') fn(ev as Record<string, unknown>);
    }
  });
}
