// `trucban call CHANNEL -` reads the JSON from stdin, so a camera password given on the command
// line of our own CLI never sits in its argv (readable by every OS user in /proc/<pid>/cmdline).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers';
import { ROOT, BIN } from '../helpers/cli';

const SECRET = 'Cli-bi-mat-2026';

let t: ReturnType<typeof tmpDir>;
let db: string;
beforeAll(() => {
  t = tmpDir();
  db = path.join(t.dir, 'st.sqlite');
  const r = spawnSync(process.execPath, [BIN, '--db', db, 'init', '--station-code', '01B1', '--station-name', 'Hải quan cửa khẩu sân bay quốc tế Nội Bài'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
});
afterAll(() => t.cleanup());

describe('trucban call CHANNEL -', () => {
  it('takes the JSON from stdin: the password is stored, never in the running CLI argv, the reply or the journal', async () => {
    const child = spawn(process.execPath, [BIN, '--db', db, 'call', 'cameras:save', '-', '--as', 'admin'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const argv = process.platform === 'linux' ? fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0').join(' ') : '';
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdin.end(
      JSON.stringify({ number: 1, name: 'Cổng A', siteType: 'airport', siteName: 'Nội Bài', zone: 'cargo_gates', unitCode: '01B1', mainUrl: `rtsp://10.0.0.5/live?user=op&pwd=${SECRET}` }),
    );
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, err).toBe(0);
    expect(argv).toContain('cameras:save -');
    expect(argv).not.toContain(SECRET);
    expect(JSON.parse(out)).toMatchObject({ mainUrl: 'rtsp://10.0.0.5/live?user=***&pwd=***', hasCredentials: true });
    expect(out + err).not.toContain(SECRET);
    const d = new Database(db, { readonly: true });
    try {
      expect(d.prepare('SELECT password FROM camera_secrets').pluck().all()).toEqual([SECRET]);
      expect((d.prepare('SELECT payload FROM events').pluck().all() as string[]).join('\n')).not.toContain(SECRET);
    } finally {
      d.close();
    }
  }, 60_000);

  it('bad JSON on stdin is bad input (exit 2), nothing written', () => {
    const events = () => {
      const d = new Database(db, { readonly: true });
      const n = d.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
      d.close();
      return n;
    };
    const before = events();
    const r = spawnSync(process.execPath, [BIN, '--db', db, 'call', 'cameras:save', '-', '--as', 'admin'], { cwd: ROOT, encoding: 'utf8', input: '{nope', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/JSON/);
    expect(events()).toBe(before);
  });
});
