import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../helpers';
import { trucban } from '../helpers/cli';

let t: ReturnType<typeof tmpDir>;
beforeAll(() => {
  t = tmpDir('trucban-cli-restore-');
});
afterAll(() => t.cleanup());

describe('trucban backup and restore', () => {
  it('backs up with the attachments, refuses to restore over a database, restores into a new one that verifies', () => {
    const db = path.join(t.dir, 'st.sqlite');
    expect(trucban('--db', db, 'init', '--station-code', '01B1', '--station-name', 'Hải quan Nội Bài').code).toBe(0);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('ảnh chụp')]);
    const put = trucban('--db', db, 'call', 'attachments:put', JSON.stringify({ name: 'anh.png', mime: 'image/png', base64: png.toString('base64') }), '--as', 'admin');
    expect(put.code, put.err).toBe(0);
    const { sha256 } = JSON.parse(put.out) as { sha256: string };
    const out = path.join(t.dir, 'backups', 'st-2026-11-22.sqlite');
    const b = trucban('--db', db, 'backup', '--out', out, '--json');
    expect(b.code, b.err).toBe(0);
    expect(JSON.parse(b.out)).toMatchObject({ attachments: 1, missing: [] });
    expect(fs.existsSync(path.join(`${out}.attachments`, sha256.slice(0, 2), sha256))).toBe(true);

    const over = trucban('--db', db, 'restore', '--from', out);
    expect(over.code).toBe(2);
    expect(over.err).toMatch(/Đã có cơ sở dữ liệu tại vị trí khôi phục/u);

    const fresh = path.join(t.dir, 'restored.sqlite');
    const r = trucban('--db', fresh, 'restore', '--from', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/1 attachments/u);
    expect(trucban('--db', fresh, 'logbook', 'verify').code).toBe(0);
    expect(fs.readFileSync(path.join(`${fresh}.attachments`, sha256.slice(0, 2), sha256)).equals(png)).toBe(true);

    const missing = trucban('--db', path.join(t.dir, 'x.sqlite'), 'restore', '--from', path.join(t.dir, 'nope.sqlite'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Bản sao lưu không hợp lệ/u);
  });
});
