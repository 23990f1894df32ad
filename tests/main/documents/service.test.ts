/**
 * Official forms through the real stack: the dispatcher (contract, roles), DocumentService,
 * the journal on a real SQLite file, the attachment store, pdfmake/docx and pdftotext.
 *
 * Numbering: unique and gap-free per station and year — across many issues, across the year
 * boundary (Asia/Ho_Chi_Minh), when a render fails, with two sessions issuing at once, and
 * when another writer takes the number while a form is being rendered.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/app/core';
import { DocumentService, canonicalJson, documentsProjector } from '../../../src-main/documents/service';
import type { FormRenderer, IssuedPayload } from '../../../src-main/documents/service';
import { renderForm } from '../../../src-main/documents/forms';
import type { AnnexIVFields, DocumentRecord, DocumentRevision, FormData } from '../../../src-shared/domain/forms';
import type { Role } from '../../../src-shared/domain/roles';
import { translateError } from '../../../src-shared/i18n/errors';
import type { AppErrorData } from '../../../src-shared/errors';
import { FakeClock, PASSWORD, callAs, stationCore, tmpDir } from '../../helpers';
import { FIXTURES, annexII, annexIV, vn } from './form-fixtures';
import { readPdf } from './read-back';

let t: ReturnType<typeof tmpDir>;
let core: Core;
let clock: FakeClock;

beforeEach(async () => {
  t = tmpDir();
  clock = new FakeClock(vn(2026, 1, 5, 14, 30));
  core = await stationCore(path.join(t.dir, 'st.sqlite'), clock);
  await core.users.create({ login: 'office', fullName: 'Lê Quốc Việt', roles: ['office_officer'], password: PASSWORD }, 'admin');
  await core.users.create({ login: 'head', fullName: 'Bùi Xuân Trường', roles: ['surveillance_head'], password: PASSWORD }, 'admin');
  await core.users.create({ login: 'dg', fullName: 'Nguyễn Văn Cẩn', roles: ['director_general'], password: PASSWORD }, 'admin');
});
afterEach(() => {
  core.close();
  t.cleanup();
});

type Reply = { ok: true; value: unknown } | { ok: false; error: AppErrorData };

async function ok<T>(p: Promise<Reply>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
async function fails(p: Promise<Reply>): Promise<AppErrorData> {
  const r = await p;
  if (r.ok) throw new Error('expected an error reply');
  return r.error;
}

const draft = (login: string, form: FormData, extra: Record<string, unknown> = {}) =>
  ok<DocumentRecord>(callAs(core, login, 'documents:saveDraft', { ...form, ...extra }));
const issue = (login: string, id: string) => ok<DocumentRecord>(callAs(core, login, 'documents:issue', { id }));

function documentEvents(): { seq: number; type: string; payload: IssuedPayload }[] {
  return [...core.journal.iterate()]
    .filter((e) => e.type.startsWith('document.'))
    .map((e) => ({ seq: e.seq, type: e.type, payload: JSON.parse(e.payload) as IssuedPayload }));
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

// ---------------------------------------------------------------------------------------------

describe('drafts', () => {
  it('creates and edits a draft, keeping every save, and refuses a stale edit', async () => {
    const d1 = await draft('officer', FIXTURES.II, { links: { incidentId: 'inc-1' } });
    expect(d1).toMatchObject({ annex: 'II', status: 'draft', revision: 1, number: null, numberText: null, incidentId: 'inc-1' });
    const edited = { ...FIXTURES.II, fields: { ...FIXTURES.II.fields, subject: 'phối hợp kiểm tra xe 12C-123.45' } } as FormData;
    const d2 = await draft('room', edited, { id: d1.id, expectedRevision: 1 });
    expect(d2.revision).toBe(2);
    expect(d2.incidentId).toBe('inc-1'); // kept when not given
    expect(d2.title).toBe('phối hợp kiểm tra xe 12C-123.45');

    const stale = await fails(callAs(core, 'officer', 'documents:saveDraft', { ...FIXTURES.II, id: d1.id, expectedRevision: 1 }));
    expect(stale.code).toBe('conflict');

    const got = await ok<{ document: DocumentRecord; history: DocumentRevision[] }>(callAs(core, 'dg', 'documents:get', { id: d1.id }));
    expect(got.history.map((h) => [h.revision, h.kind, h.actor])).toEqual([
      [1, 'draft_saved', 'officer'],
      [2, 'draft_saved', 'room'],
    ]);
    expect((got.history[0]?.fields as unknown as { subject: string }).subject).toBe(annexII.subject);

    const wrongAnnex = await fails(callAs(core, 'officer', 'documents:saveDraft', { ...FIXTURES.III, id: d1.id }));
    expect(wrongAnnex).toMatchObject({ code: 'invalid_input', field: 'annex' });
  });

  it('stores text as NFC and previews a draft as PDF marked "DỰ THẢO" without a number', async () => {
    const nfd = { ...FIXTURES.II, fields: { ...FIXTURES.II.fields, subject: 'kiểm tra hàng tại Đồng Đăng'.normalize('NFD') } };
    const d = await draft('office', nfd as FormData);
    expect((d.fields as { subject: string }).subject).toBe('kiểm tra hàng tại Đồng Đăng'.normalize('NFC'));
    const r = await ok<{ base64: string; mime: string; fileName: string; status: string }>(callAs(core, 'officer', 'documents:render', { id: d.id, format: 'pdf' }));
    expect(r).toMatchObject({ mime: 'application/pdf', status: 'draft' });
    const text = readPdf(Buffer.from(r.base64, 'base64'), 'draft-preview.pdf');
    expect(text.layout).toContain('DỰ THẢO');
    expect(text.layout).toContain('Fax số: ...../TB-TrB');
    expect(text.layout).toContain('Về việc kiểm tra hàng tại Đồng Đăng');
    expect(core.documents.numbers(2026)).toEqual([]);
  });
});

describe('issue', () => {
  it('numbers the document, freezes its PDF and DOCX as attachments and journals their hashes', async () => {
    const d = await draft('officer', FIXTURES.II);
    const issued = await issue('room', d.id);
    expect(issued).toMatchObject({ id: d.id, status: 'issued', number: 1, year: 2026, symbol: 'TB-TrB', numberText: '01/TB-TrB', version: 1, issuedBy: 'room' });
    expect(issued.issuedAt).toBe(clock.now());

    const ev = documentEvents().find((e) => e.type === 'document.issued');
    expect(ev).toBeDefined();
    const p = ev!.payload;
    expect(p).toMatchObject({ documentId: d.id, number: 1, year: 2026, stationCode: 'KV06', numberText: '01/TB-TrB' });
    // the journal's hashes are those of the stored files (read straight from disk) and of the fields
    for (const f of [p.pdf, p.docx]) {
      const onDisk = fs.readFileSync(core.attachments.pathOf(f.sha256));
      expect(sha(onDisk)).toBe(f.sha256);
      expect(onDisk.length).toBe(f.size);
    }
    expect(p.pdf.sha256).toBe(issued.pdf?.sha256);
    expect(p.docx.sha256).toBe(issued.docx?.sha256);
    expect(p.fieldsSha256).toBe(sha(canonicalJson(issued.fields)));
    expect(p.fieldsSha256).toBe(issued.fieldsSha256);
    expect(core.verify().ok).toBe(true);

    // the stored PDF is what documents:render returns, byte for byte, and it carries the number
    const r = await ok<{ base64: string; status: string; fileName: string }>(callAs(core, 'officer', 'documents:render', { id: d.id, format: 'pdf' }));
    const pdf = Buffer.from(r.base64, 'base64');
    expect(sha(pdf)).toBe(p.pdf.sha256);
    expect(r.fileName).toBe('phu-luc-II_2026-01.pdf');
    const text = readPdf(pdf, 'issued.pdf');
    expect(text.layout).toMatch(/Fax số: 01\/TB-TrB/u);
    expect(text.layout).toContain('14 giờ 30 phút, ngày 05/01/2026');
    expect(text.layout).not.toContain('DỰ THẢO');
    const docx = await ok<{ base64: string; mime: string }>(callAs(core, 'officer', 'documents:render', { id: d.id, format: 'docx' }));
    expect(sha(Buffer.from(docx.base64, 'base64'))).toBe(p.docx.sha256);
  });

  it('refuses to edit or re-issue an issued document, with a translated message', async () => {
    const d = await draft('officer', FIXTURES.II);
    await issue('lead', d.id);
    const e = await fails(callAs(core, 'officer', 'documents:saveDraft', { ...FIXTURES.II, id: d.id }));
    expect(e.code).toBe('document_issued');
    expect(translateError('vi', e)).toBe(
      'Văn bản số 01/TB-TrB đã ban hành nên không thể sửa; muốn thay đổi, hãy ban hành lại thành văn bản mới có số mới',
    );
    expect(translateError('en', e)).toContain('has been issued and cannot be edited');
    expect((await fails(callAs(core, 'lead', 'documents:issue', { id: d.id }))).code).toBe('document_issued');
    expect(core.documents.numbers(2026)).toEqual([1]);
  });

  it('will not issue an incomplete form (a late report needs its cause and the officer responsible)', async () => {
    const late: AnnexIVFields = { ...annexIV, lateCause: '', lateResponsible: '' };
    const d = await draft('office', { annex: 'IV', fields: late });
    const e = await fails(callAs(core, 'room', 'documents:issue', { id: d.id }));
    expect(e).toMatchObject({ code: 'document_incomplete', field: 'fields.lateCause', params: { count: 2 } });
    expect(translateError('vi', e)).toBe('Văn bản chưa đủ nội dung để ban hành (còn 2 mục chưa điền) (trường: Nguyên nhân chậm)');
    // in time: no cause needed
    const onTime = await draft('office', { annex: 'IV', fields: { ...late, finishedAt: vn(2026, 1, 5, 15, 0) } });
    expect((await issue('room', onTime.id)).number).toBe(1);
  });

  it('reissue: a new number and version that supersedes the old, which keeps its number and files', async () => {
    const d = await draft('officer', FIXTURES.II);
    const v1 = await issue('lead', d.id);
    clock.advance(20 * 60_000);
    const corrected = { ...FIXTURES.II, fields: { ...FIXTURES.II.fields, addressee: 'Hải quan cửa khẩu Hữu Nghị' } };
    const v2 = await ok<DocumentRecord>(callAs(core, 'room', 'documents:reissue', { id: v1.id, reason: 'Sửa nơi nhận', form: corrected }));
    expect(v2).toMatchObject({ status: 'issued', number: 2, numberText: '02/TB-TrB', version: 2, supersedes: v1.id, reissueReason: 'Sửa nơi nhận' });
    expect(v2.id).not.toBe(v1.id);
    const old = core.documents.get(v1.id);
    expect(old).toMatchObject({ status: 'superseded', supersededBy: v2.id, number: 1, pdf: v1.pdf, fieldsSha256: v1.fieldsSha256 });
    const text = readPdf(core.attachments.read(v2.pdf!.sha256), 'reissued.pdf');
    expect(text.layout).toContain('Fax số: 02/TB-TrB');
    expect(text.layout).toContain('14 giờ 50 phút, ngày 05/01/2026');
    expect(text.flat).toContain('Kính gửi: Hải quan cửa khẩu Hữu Nghị.');

    const again = await fails(callAs(core, 'lead', 'documents:reissue', { id: v1.id, reason: 'lần nữa' }));
    expect(again).toMatchObject({ code: 'document_superseded', params: { number: '01/TB-TrB', by: '02/TB-TrB' } });
    expect((await fails(callAs(core, 'lead', 'documents:saveDraft', { ...FIXTURES.II, id: v1.id }))).code).toBe('document_superseded');
    const wrongAnnex = await fails(callAs(core, 'lead', 'documents:reissue', { id: v2.id, reason: 'x', form: FIXTURES.V }));
    expect(wrongAnnex.code).toBe('invalid_input');
    const draftOnly = await draft('officer', FIXTURES.V);
    expect((await fails(callAs(core, 'lead', 'documents:reissue', { id: draftOnly.id, reason: 'x' }))).code).toBe('document_not_issued');

    const events = documentEvents().filter((e) => e.type !== 'document.draft_saved');
    expect(events.map((e) => [e.type, e.payload.number, e.payload.supersedes])).toEqual([
      ['document.issued', 1, null],
      ['document.reissued', 2, v1.id],
    ]);
  });
});

describe('numbering', () => {
  it('is one gap-free series per station and year, shared by the four annexes', async () => {
    const annexes = ['II', 'III', 'IV', 'V', 'II', 'IV', 'III', 'V', 'II'] as const;
    const got: string[] = [];
    for (const a of annexes) {
      const d = await draft('office', FIXTURES[a]);
      clock.advance(60_000);
      got.push((await issue('lead', d.id)).numberText ?? '');
    }
    expect(got).toEqual(['01/TB-TrB', '02/ĐX-TrB', '03/BC-HQHN', '04/TB-ĐTCBL', '05/TB-TrB', '06/BC-HQHN', '07/ĐX-TrB', '08/TB-ĐTCBL', '09/TB-TrB']);
    expect(core.documents.numbers(2026)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('starts again at 01 on 1 January, Vietnam time (17:00 UTC on 31 December)', async () => {
    clock.t = Date.UTC(2026, 11, 31, 16, 59, 0); // 31/12/2026 23:59 in Vietnam
    const a = await issue('lead', (await draft('office', FIXTURES.II)).id);
    const b = await issue('lead', (await draft('office', FIXTURES.II)).id);
    clock.t = Date.UTC(2026, 11, 31, 17, 0, 0); // 01/01/2027 00:00 in Vietnam
    const c = await issue('lead', (await draft('office', FIXTURES.III)).id);
    clock.advance(3600_000);
    const d = await issue('lead', (await draft('office', FIXTURES.II)).id);
    expect([a, b, c, d].map((x) => [x.year, x.number])).toEqual([
      [2026, 1],
      [2026, 2],
      [2027, 1],
      [2027, 2],
    ]);
    expect(readPdf(core.attachments.read(c.pdf!.sha256), 'new-year.pdf').layout).toMatch(/Số: 01\/ĐX-TrB +Hà Nội, ngày 01 tháng 01 năm 2027/u);
    expect(readPdf(core.attachments.read(b.pdf!.sha256), 'old-year.pdf').layout).toContain('23 giờ 59 phút, ngày 31/12/2026');
  });

  it('does not use a number when the render fails', async () => {
    const first = await issue('lead', (await draft('office', FIXTURES.II)).id);
    let calls = 0;
    const failing: FormRenderer = async () => {
      calls++;
      throw new Error('pdfmake: font not found');
    };
    const broken = new DocumentService(core.db, core.journal, core.attachments, () => core.station.get(), { render: failing });
    const d = await draft('office', FIXTURES.III);
    const head = core.journal.head.seq;
    const lead = core.users.byLogin('lead')!;
    await expect(broken.issue({ id: d.id }, lead)).rejects.toMatchObject({ code: 'document_render_failed' });
    expect(calls).toBe(1);
    expect(core.journal.head.seq).toBe(head); // nothing journaled
    expect(core.documents.get(d.id).status).toBe('draft');
    const next = await issue('lead', d.id);
    expect([first.number, next.number]).toEqual([1, 2]);
    expect(core.documents.numbers(2026)).toEqual([1, 2]);
  });

  it('gives two sessions issuing at once unique, consecutive numbers (through the dispatcher)', async () => {
    const drafts = await Promise.all(['II', 'III', 'IV', 'V', 'II', 'IV'].map((a) => draft('office', FIXTURES[a as 'II'])));
    const leaders = ['lead', 'room', 'lead', 'room', 'room', 'lead'];
    // the room-level leader may not sign Phụ lục III: give that one to the shift leader
    const who = drafts.map((d, i) => (d.annex === 'III' ? 'lead' : (leaders[i] as string)));
    const issued = await Promise.all(drafts.map((d, i) => issue(who[i] as string, d.id)));
    const numbers = issued.map((d) => d.number ?? 0).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    // each file carries its own number
    for (const d of issued) {
      const label = d.annex === 'II' || d.annex === 'V' ? 'Fax số' : 'Số';
      expect(readPdf(core.attachments.read(d.pdf!.sha256), `race-${d.number}.pdf`).layout).toContain(`${label}: ${d.numberText}`);
    }
    // the same draft issued from two windows at once: one number, one refusal
    const one = await draft('office', FIXTURES.V);
    const both = await Promise.all([callAs(core, 'lead', 'documents:issue', { id: one.id }), callAs(core, 'room', 'documents:issue', { id: one.id })]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    expect(both.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(['document_issued']);
    expect(core.documents.numbers(2026)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('renders again with the next number when another writer took it during the render', async () => {
    const lead = core.users.byLogin('lead')!;
    const x = await draft('office', FIXTURES.II);
    const y = await draft('office', FIXTURES.V);
    const seen: (number | null)[] = [];
    // a second service (its own queue, like another writer) issues Y while X is being rendered
    const racing: FormRenderer = async (input) => {
      seen.push(input.number);
      if (seen.length === 1) await core.documents.issue({ id: y.id }, lead);
      return renderForm(input);
    };
    const other = new DocumentService(core.db, core.journal, core.attachments, () => core.station.get(), { render: racing });
    const gotX = await other.issue({ id: x.id }, lead);
    expect(seen).toEqual([1, 2]);
    expect(core.documents.get(y.id).number).toBe(1);
    expect(gotX.number).toBe(2);
    expect(readPdf(core.attachments.read(gotX.pdf!.sha256), 'retried.pdf').layout).toContain('Fax số: 02/TB-TrB');
    expect(core.documents.numbers(2026)).toEqual([1, 2]);
  });

  it('has a unique index behind the allocation: the same number twice in one station and year is refused', async () => {
    const issued = await issue('lead', (await draft('office', FIXTURES.II)).id);
    const row = core.db.prepare('SELECT * FROM documents WHERE doc_id = ?').get(issued.id) as Record<string, unknown>;
    /** Inserts a copy of the issued row with `changes`, then undoes it: 'inserted' or SQLite's refusal. */
    const attempt = (changes: Record<string, unknown>): string => {
      const r = { ...row, doc_id: 'copy', ...changes };
      const cols = Object.keys(r);
      core.db.exec('SAVEPOINT attempt');
      try {
        core.db.prepare(`INSERT INTO documents (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...Object.values(r));
        return 'inserted';
      } catch (e) {
        return (e as Error).message;
      } finally {
        core.db.exec('ROLLBACK TO attempt; RELEASE attempt');
      }
    };
    expect(attempt({})).toBe('UNIQUE constraint failed: documents.station_code, documents.year, documents.number');
    expect(attempt({ number: issued.number! + 1 })).toBe('inserted');
    expect(attempt({ year: issued.year! + 1 })).toBe('inserted');
    expect(attempt({ station_code: 'ZZ9' })).toBe('inserted');
    // drafts have no number yet: any number of them
    expect(attempt({ status: 'draft', number: null, year: null })).toBe('inserted');
    expect(core.documents.numbers(issued.year!)).toEqual([issued.number]);
  });

  it('replays its events idempotently (a projection rebuilt from the journal is the same)', async () => {
    const d = await draft('office', FIXTURES.II);
    const v1 = await issue('lead', d.id);
    await ok(callAs(core, 'lead', 'documents:reissue', { id: v1.id, reason: 'Sửa' }));
    const before = core.db.prepare('SELECT * FROM documents ORDER BY doc_id').all();
    const revs = core.db.prepare('SELECT * FROM document_revisions ORDER BY seq').all();
    const project = documentsProjector(core.db);
    const evs = [...core.journal.iterate()].filter((e) => e.type.startsWith('document.'));
    expect(evs.map((e) => e.type)).toEqual(['document.draft_saved', 'document.issued', 'document.reissued']);
    core.journal.tx(() => {
      for (const ev of evs) project(ev);
    });
    expect(core.db.prepare('SELECT * FROM documents ORDER BY doc_id').all()).toEqual(before);
    expect(core.db.prepare('SELECT * FROM document_revisions ORDER BY seq').all()).toEqual(revs);
    // and from empty tables
    core.journal.tx(() => {
      core.db.prepare('DELETE FROM documents').run();
      core.db.prepare('DELETE FROM document_revisions').run();
      for (const ev of evs) project(ev);
    });
    expect(core.db.prepare('SELECT * FROM documents ORDER BY doc_id').all()).toEqual(before);
  });
});

describe('access per role', () => {
  const ROLE_USERS: Record<Role, string> = {
    shift_leader: 'lead',
    room_leader: 'room',
    office_officer: 'office',
    surveillance_officer: 'officer',
    surveillance_head: 'head',
    director_general: 'dg',
    admin: 'admin',
  };

  it('drafting: the logbook keepers; not the Director General or the IT administrator', async () => {
    for (const [role, login] of Object.entries(ROLE_USERS)) {
      const r = await callAs(core, login, 'documents:saveDraft', FIXTURES.II);
      const allowed = ['shift_leader', 'room_leader', 'office_officer', 'surveillance_officer', 'surveillance_head'].includes(role);
      expect(r.ok, role).toBe(allowed);
      if (!r.ok) expect(r.error.code, role).toBe('forbidden');
    }
    expect((await callAs(core, null, 'documents:saveDraft', FIXTURES.II)).ok).toBe(false);
  });

  it('issuing: II, IV, V by the shift or room-level leader; III by the shift leader only', async () => {
    const cases: [string, 'II' | 'III' | 'IV' | 'V', boolean][] = [];
    for (const login of Object.values(ROLE_USERS)) {
      for (const a of ['II', 'III', 'IV', 'V'] as const) {
        const allowed = login === 'lead' || (login === 'room' && a !== 'III');
        cases.push([login, a, allowed]);
      }
    }
    let n = 0;
    for (const [login, a, allowed] of cases) {
      const d = await draft('office', FIXTURES[a]);
      const r = await callAs(core, login, 'documents:issue', { id: d.id });
      expect(r.ok, `${login} ${a}`).toBe(allowed);
      if (r.ok) n++;
      else expect(r.error.code, `${login} ${a}`).toBe('forbidden');
      // reissue follows the same rule
      if (r.ok) {
        const re = await callAs(core, login, 'documents:reissue', { id: d.id, reason: 'Đính chính' });
        expect(re.ok, `reissue ${login} ${a}`).toBe(true);
        n++;
      }
    }
    expect(n).toBe(14);
    // a refused issue used no number
    expect(core.documents.numbers(2026)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
  });

  it('reading: any signed-in user gets, lists and renders; filters by incident', async () => {
    const a = await draft('officer', FIXTURES.II, { links: { incidentId: 'inc-7', directionId: 'dir-1' } });
    await draft('officer', FIXTURES.III, { links: { incidentId: 'inc-7' } });
    await draft('officer', FIXTURES.IV, { links: { requestId: 'req-3' } });
    await issue('lead', a.id);
    for (const login of Object.values(ROLE_USERS)) {
      const list = await ok<DocumentRecord[]>(callAs(core, login, 'documents:list', { incidentId: 'inc-7' }));
      expect(list.map((d) => d.annex).sort()).toEqual(['II', 'III']);
      expect((await callAs(core, login, 'documents:get', { id: a.id })).ok).toBe(true);
    }
    expect((await ok<DocumentRecord[]>(callAs(core, 'dg', 'documents:list', { requestId: 'req-3' }))).map((d) => d.annex)).toEqual(['IV']);
    expect((await ok<DocumentRecord[]>(callAs(core, 'dg', 'documents:list', { status: 'issued' }))).map((d) => d.id)).toEqual([a.id]);
    expect((await ok<DocumentRecord[]>(callAs(core, 'dg', 'documents:list', { directionId: 'dir-1', year: 2026 }))).map((d) => d.id)).toEqual([a.id]);
    expect((await callAs(core, null, 'documents:list', {})).ok).toBe(false);
    expect((await fails(callAs(core, 'dg', 'documents:get', { id: 'nope' }))).code).toBe('not_found');
  });
});
