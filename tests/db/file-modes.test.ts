// Database files, -wal, -shm and attachments are readable by their owner only (0600 files,
// 0700 folders we create), whatever the umask (0022 and 0000, in a child process: the umask is
// per process); files left wider by an older version are tightened when the station opens.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../src-main/app/core';
import { mkdirOwnerOnly, openOwnerOnly, ownerOnly } from '../../src-main/store/file-modes';
import { tmpDir } from '../helpers';

const CHILD = path.resolve(import.meta.dirname, '../fixtures/file-modes-child.ts');
const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8).padStart(3, '0');

describe.skipIf(process.platform === 'win32')('owner-only file modes', () => {
  for (const umask of ['022', '000']) {
    it(`a new station under umask ${umask}: database, -wal, -shm and attachments 0600, its folders 0700`, () => {
      const t = tmpDir();
      try {
        const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, umask, t.dir], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { umask: string; modes: Record<string, { mode: string; dir: boolean }> };
        expect(out.umask).toBe(String(Number(umask)));
        const files = Object.entries(out.modes);
        const names = files.map(([p]) => p);
        for (const want of ['new/deeper/station.sqlite', 'new/deeper/station.sqlite-wal', 'new/deeper/station.sqlite-shm', 'new/deeper/station.sqlite.attachments']) {
          expect(names).toContain(want);
        }
        expect(files.filter(([p]) => p.startsWith('new/deeper/station.sqlite.attachments/')).length).toBe(2); // ab/ and the blob
        for (const [p, m] of files) expect(m.mode, p).toBe(m.dir ? '700' : '600');
      } finally {
        t.cleanup();
      }
    });
  }

  it('tightens a database, its WAL/SHM and an attachments folder left world-readable; leaves the parent folder alone', () => {
    const t = tmpDir();
    try {
      fs.chmodSync(t.dir, 0o755);
      const file = path.join(t.dir, 'old.sqlite');
      const old = new Database(file);
      old.pragma('journal_mode = WAL');
      old.exec('CREATE TABLE x (a)');
      old.close();
      fs.chmodSync(file, 0o644);
      fs.mkdirSync(`${file}.attachments/ab`, { recursive: true, mode: 0o755 });
      fs.chmodSync(`${file}.attachments`, 0o755);
      const core = openCore({ dbPath: file });
      try {
        const ref = core.attachments.put(Buffer.from('%PDF-1.7 biên bản'), 'a.pdf', 'application/pdf');
        expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual(['600', '600', '600']);
        expect(mode(`${file}.attachments`)).toBe('700');
        expect(mode(core.attachments.pathOf(ref.sha256))).toBe('600');
        expect(mode(path.dirname(core.attachments.pathOf(ref.sha256)))).toBe('700');
        expect(mode(t.dir)).toBe('755'); // the user's folder is theirs
      } finally {
        core.close();
      }
    } finally {
      t.cleanup();
    }
  });

  it('exports helpers for other writers (backups): ownerOnly, mkdirOwnerOnly, openOwnerOnly', () => {
    const t = tmpDir();
    try {
      const dir = path.join(t.dir, 'backups', '2026');
      mkdirOwnerOnly(dir);
      expect([mode(path.join(t.dir, 'backups')), mode(dir)]).toEqual(['700', '700']);
      const f = path.join(dir, 'st.sqlite');
      fs.writeFileSync(f, 'x', { mode: 0o644 });
      fs.chmodSync(f, 0o644);
      ownerOnly(f);
      expect(mode(f)).toBe('600');
      const fd = openOwnerOnly(path.join(dir, 'new.tmp'));
      fs.closeSync(fd);
      expect(mode(path.join(dir, 'new.tmp'))).toBe('600');
      expect(() => openOwnerOnly(path.join(dir, 'new.tmp'))).toThrow(/EEXIST/);
    } finally {
      t.cleanup();
    }
  });
});
