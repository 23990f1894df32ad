/**
 * Phụ lục II–V rendered from the fixture incident (form-fixtures.ts), read back with pdftotext
 * and from the DOCX's document.xml, and checked field by field against the annex text of the
 * seed (Quyết định 888/QĐ-TCHQ, seed 004 lines 640–812). The expected strings are written out
 * here from the seed, not taken from the renderer's constants.
 * Set TRUCBAN_DOCS_OUT=/some/dir to keep the files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderFormDocx, renderFormPdf } from '../../../src-main/documents/forms';
import type { FormRenderInput } from '../../../src-main/documents/forms';
import type { AnnexIIFields, AnnexIIIFields, AnnexIVFields, FormData } from '../../../src-shared/domain/forms';
import { FIXTURES, ISSUED_AT, annexII, annexIII, annexIV, annexV, vn } from './form-fixtures';
import { readDocx, readPdf, squash } from './read-back';
import type { PdfRead } from './read-back';

const NATIONAL = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** Every string must appear (whitespace-insensitive), in this order. */
function expectInOrder(read: PdfRead, strings: readonly string[]): void {
  let from = 0;
  for (const s of strings) {
    const at = read.squashed.indexOf(squash(s), from);
    expect(at, `missing or out of order: «${s}»`).toBeGreaterThanOrEqual(0);
    from = at + squash(s).length;
  }
}

function input(form: FormData, number: number | null, issuedAt: number | null, symbol: string): FormRenderInput {
  return { form, number, issuedAt, symbol };
}

const renders = new Map<string, { pdf: PdfRead; docx: { paras: string[]; xml: string } }>();
async function rendered(key: string, inp: FormRenderInput) {
  const got = renders.get(key);
  if (got) return got;
  const [pdf, docx] = await Promise.all([renderFormPdf(inp), renderFormDocx(inp)]);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
  const r = { pdf: readPdf(pdf, `${key}.pdf`), docx: readDocx(docx, `${key}.docx`) };
  renders.set(key, r);
  return r;
}

function expectA4Portrait(read: PdfRead, xml: string): void {
  expect(read.info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/u);
  expect(read.pages).toBe(1);
  expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/u);
}

// ---------------------------------------------------------------------------------------------

describe('Phụ lục II — urgent fax requesting coordination', () => {
  const f = annexII;
  let r: Awaited<ReturnType<typeof rendered>>;
  beforeAll(async () => {
    r = await rendered('phu-luc-2', input(FIXTURES.II, 7, ISSUED_AT.II, 'TB-TrB'));
  });

  it('has the fax header block: issuing body, "ĐIỆN FAX ĐI (Khẩn)", "Fax số:" and the time line', () => {
    expect(r.pdf.layout).toMatch(/CỤC HẢI QUAN +ĐIỆN FAX ĐI/u);
    expect(r.pdf.layout).toMatch(/TRỰC BAN +\(Khẩn\)/u);
    expect(r.pdf.layout).toMatch(/^ *Fax số: 07\/TB-TrB *$/mu);
    // 14:30 in Vietnam on 05/01/2026 (07:30 UTC)
    expect(r.pdf.layout).toMatch(/^ *14 giờ 30 phút, ngày 05\/01\/2026 *$/mu);
    // a fax carries no national name or motto in the annex
    expect(r.pdf.layout).not.toContain(NATIONAL);
    expect(r.pdf.layout).not.toContain('DỰ THẢO');
  });

  it('has every field and the fixed sentences of the annex, in the annex order', () => {
    expectA4Portrait(r.pdf, r.docx.xml);
    expectInOrder(r.pdf, [
      'THÔNG BÁO',
      `Về việc ${f.subject}`,
      `Kính gửi: ${f.addressee}.`,
      'Thực hiện quy chế làm việc Tổng cục Hải quan ban hành tại quyết định số 3333/QĐ-TCHQ ngày 06/10/2016 của Tổng cục trưởng Tổng cục Hải quan. Trực ban cơ quan Tổng cục Hải quan yêu cầu đơn vị phối hợp thực hiện nội dung sau:',
      `- Nội dung yêu cầu phối hợp thực hiện: ${f.requestedContent.split('\n')[0]}`,
      f.requestedContent.split('\n')[1] ?? '',
      `- Yêu cầu về thời gian xử lý, hồi báo: ${f.timeRequirement}`,
      `- Hình thức hồi báo: ${f.replyForm}`,
      `- Đầu mối phối hợp thực hiện: ${f.focalPoint}`,
      'Nơi nhận:',
      '- Văn phòng Tổng cục;',
      '- Cục nghiệp vụ (để theo dõi);',
      '- Lưu: Trực ban.',
    ]);
    expect(r.pdf.layout).toMatch(/Nơi nhận: +PHỤ TRÁCH TRỰC BAN/u);
    expect(r.pdf.layout).toMatch(/- Văn phòng Tổng cục; +PHÓ CỤC TRƯỞNG/u);
    expect(r.pdf.layout).toMatch(/^ {30,}Nguyễn Văn Hùng *$/mu);
  });

  it('writes the same text into the DOCX', () => {
    const p = r.docx.paras;
    for (const line of [
      'CỤC HẢI QUAN',
      'TRỰC BAN',
      'Fax số: 07/TB-TrB',
      '14 giờ 30 phút, ngày 05/01/2026',
      'ĐIỆN FAX ĐI',
      '(Khẩn)',
      'THÔNG BÁO',
      `Về việc ${f.subject}`,
      `Kính gửi: ${f.addressee}.`,
      `- Nội dung yêu cầu phối hợp thực hiện: ${f.requestedContent.split('\n')[0]}`,
      f.requestedContent.split('\n')[1] ?? '',
      `- Yêu cầu về thời gian xử lý, hồi báo: ${f.timeRequirement}`,
      `- Hình thức hồi báo: ${f.replyForm}`,
      `- Đầu mối phối hợp thực hiện: ${f.focalPoint}`,
      'Nơi nhận:',
      '- Văn phòng Tổng cục;',
      '- Lưu: Trực ban.',
      'PHỤ TRÁCH TRỰC BAN',
      'PHÓ CỤC TRƯỞNG',
      'Nguyễn Văn Hùng',
    ]) {
      expect(p, line).toContain(line);
    }
    expect(r.docx.xml).toContain('w:ascii="Times New Roman"');
  });

  it('renders a draft with "DỰ THẢO", dots for the number and time, and the signing instruction', async () => {
    const blank: AnnexIIFields = { ...f, signer: { title: 'PHỤ TRÁCH TRỰC BAN', position: '', name: '' }, replyForm: '' };
    const d = await rendered('phu-luc-2-du-thao', input({ annex: 'II', fields: blank }, null, null, 'TB-TrB'));
    expect(d.pdf.layout).toContain('DỰ THẢO');
    expect(d.pdf.layout).toContain('Fax số: ...../TB-TrB');
    expect(d.pdf.layout).toContain('..... giờ ..... phút, ngày ..../..../.....');
    expect(d.pdf.squashed).toContain(squash('- Hình thức hồi báo: …………'));
    expectInOrder(d.pdf, ['PHỤ TRÁCH TRỰC BAN', '(Lãnh đạo Cục thực hiện trực ban', 'ký, ghi rõ họ tên, chức vụ và đóng dấu của đơn vị)']);
    expect(d.pdf.layout).not.toContain('Nguyễn Văn Hùng');
    expect(d.docx.paras).toContain('DỰ THẢO');
  });
});

describe('Phụ lục III — proposal for handling, with the Director General’s opinion', () => {
  const f = annexIII;
  let r: Awaited<ReturnType<typeof rendered>>;
  beforeAll(async () => {
    r = await rendered('phu-luc-3', input(FIXTURES.III, 8, ISSUED_AT.III, 'ĐX-TrB'));
  });

  it('has the administrative header, "Số:", national name, motto and the place–date line', () => {
    expectA4Portrait(r.pdf, r.docx.xml);
    expect(r.pdf.layout).toMatch(/CỤC HẢI QUAN +CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/u);
    expect(r.pdf.layout).toMatch(/TRỰC BAN +Độc lập - Tự do - Hạnh phúc/u);
    expect(r.pdf.layout).toMatch(/Số: 08\/ĐX-TrB +Hà Nội, ngày 05 tháng 01 năm 2026/u);
  });

  it('has every field under the annex’s headings, then the opinion block with the recorded decision', () => {
    expectInOrder(r.pdf, [
      'ĐỀ XUẤT XỬ LÝ THÔNG TIN PHÁT SINH',
      'Thực hiện quy chế làm việc Tổng cục Hải quan ban hành tại quyết định số 3333/QĐ-TCHQ ngày 06/10/2016 của Tổng cục trưởng Tổng cục Hải quan. Trực ban cơ quan Tổng cục Hải quan báo cáo, đề xuất xử lý thông tin phát sinh sau:',
      '1. Nội dung thông tin phát sinh',
      '- Thời gian phát sinh, tiếp nhận thông tin: phát sinh lúc 14 giờ 03 phút, ngày 05/01/2026; tiếp nhận lúc 14 giờ 10 phút, ngày 05/01/2026.',
      `- Địa điểm/địa bàn xảy ra: ${f.place}.`,
      `- Đơn vị/cá nhân có liên quan: ${f.involved}.`,
      `- Nội dung vụ việc: ${f.content}`,
      '2. Đề xuất',
      `- Phân tích, nhận định: ${f.analysis}`,
      `- Nội dung đề xuất xử lý: ${f.proposal}`,
      'Nơi nhận:',
      '- Tổng cục trưởng;',
      '- Lưu: Trực ban.',
      'Nguyễn Văn Hùng',
      'Ý kiến của lãnh đạo Tổng cục',
      '(Tổng cục trưởng hoặc người được ủy quyền)',
      f.dgOpinion?.text ?? '',
      'Cục trưởng: Nguyễn Văn Cẩn',
      '(Quyết định lúc 15 giờ 20 phút, ngày 05/01/2026)',
    ]);
    expect(r.pdf.layout).toMatch(/Nơi nhận: +PHỤ TRÁCH TRỰC BAN/u);
  });

  it('leaves the opinion block blank for the Director General when no decision is recorded', async () => {
    const blank: AnnexIIIFields = { ...f, dgOpinion: null };
    const d = await rendered('phu-luc-3-trong', input({ annex: 'III', fields: blank }, 9, ISSUED_AT.III, 'ĐX-TrB'));
    expectInOrder(d.pdf, ['Ý kiến của lãnh đạo Tổng cục', '(Tổng cục trưởng hoặc người được ủy quyền)', '.'.repeat(60)]);
    expect(d.pdf.layout).not.toContain('Quyết định lúc');
    expect(d.pdf.layout).toContain('Số: 09/ĐX-TrB');
  });

  it('writes the same text into the DOCX', () => {
    for (const line of [
      NATIONAL,
      MOTTO,
      'Số: 08/ĐX-TrB',
      'Hà Nội, ngày 05 tháng 01 năm 2026',
      'ĐỀ XUẤT XỬ LÝ THÔNG TIN PHÁT SINH',
      '1. Nội dung thông tin phát sinh',
      `- Địa điểm/địa bàn xảy ra: ${f.place}.`,
      '2. Đề xuất',
      `- Nội dung đề xuất xử lý: ${f.proposal}`,
      '- Tổng cục trưởng;',
      'Ý kiến của lãnh đạo Tổng cục',
      f.dgOpinion?.text ?? '',
    ]) {
      expect(r.docx.paras, line).toContain(line);
    }
  });
});

describe('Phụ lục IV — report of the result', () => {
  const f = annexIV;
  let r: Awaited<ReturnType<typeof rendered>>;
  beforeAll(async () => {
    r = await rendered('phu-luc-4', input(FIXTURES.IV, 9, ISSUED_AT.IV, 'BC-HQHN'));
  });

  it('has the unit header (ĐƠN VỊ CHỦ QUẢN / ĐƠN VỊ), motto, number, subject and place–date line', () => {
    expectA4Portrait(r.pdf, r.docx.xml);
    expect(r.pdf.layout).toMatch(/CHI CỤC HẢI QUAN KHU VỰC VI +CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/u);
    expect(r.pdf.layout).toMatch(/HẢI QUAN CỬA KHẨU +Độc lập - Tự do - Hạnh phúc/u);
    expect(r.pdf.layout).toMatch(/HỮU NGHỊ/u);
    // the unit's name takes two lines here, so the number comes one line below the date
    expect(r.pdf.layout).toMatch(/^ *HỮU NGHỊ\n +Lạng Sơn, ngày 05 tháng 01 năm 2026\n+ *Số: 09\/BC-HQHN\n/mu);
    expect(r.pdf.squashed).toContain(squash('V/v báo cáo kết quả xử lý yêu cầu phối hợp của trực ban'));
  });

  it('has the reference, the timeline, the result and — late — the cause and the officer responsible', () => {
    expectInOrder(r.pdf, [
      'Kính gửi: Văn phòng Tổng cục (Phòng Tổng hợp – bộ phận trực ban).',
      'Thực hiện yêu cầu phối hợp tại điện fax số 07/TB-TrB, ngày 05 tháng 01 năm 2026 của Trực ban cơ quan Tổng cục Hải quan. Hải quan cửa khẩu Hữu Nghị báo cáo kết quả xử lý, cụ thể như sau:',
      `- Nội dung yêu cầu phối hợp thực hiện: ${f.requestedContent}`,
      '- Tiến trình xử lý:',
      `+ 14 giờ 45 phút, ngày 05/01/2026: ${f.timeline[0]?.text}.`,
      `+ 15 giờ 10 phút, ngày 05/01/2026: ${f.timeline[1]?.text}.`,
      `+ 16 giờ 40 phút, ngày 05/01/2026: ${f.timeline[2]?.text}.`,
      `- Kết quả xử lý: ${f.result}`,
      '- Xử lý chậm hơn thời gian yêu cầu (hạn 16 giờ 00 phút, ngày 05/01/2026; hoàn thành 16 giờ 40 phút, ngày 05/01/2026).',
      `Nguyên nhân: ${f.lateCause}.`,
      `Trách nhiệm công chức liên quan: ${f.lateResponsible}.`,
      `- Đề xuất (nếu có): ${f.proposals}`,
      `- Đầu mối phối hợp trao đổi thông tin: ${f.focalPoint}`,
      'Nơi nhận:',
      '- Văn phòng Tổng cục;',
      '- Lưu: VT.',
      'Vũ Thị Hoa',
    ]);
    expect(r.pdf.layout).toMatch(/Nơi nhận: +LÃNH ĐẠO ĐƠN VỊ/u);
    // justified lines stretch the spaces between words, never the inside of "Đ/c" or "12C-123.45"
    expect(r.pdf.flat).toContain('Đ/c Hoàng Minh Tuấn, điện thoại 0912.345.678.');
    expect(r.pdf.flat).toContain('12C-123.45');
    expect(r.pdf.layout).toMatch(/- Văn phòng Tổng cục; +ĐỘI TRƯỞNG/u);
  });

  it('says the handling was in time when it was, with no cause or responsibility', async () => {
    const onTime: AnnexIVFields = { ...f, finishedAt: vn(2026, 1, 5, 15, 55), lateCause: '', lateResponsible: '', proposals: '' };
    const d = await rendered('phu-luc-4-dung-han', input({ annex: 'IV', fields: onTime }, 10, ISSUED_AT.IV, 'BC-HQHN'));
    expect(d.pdf.squashed).toContain(squash('- Xử lý trong thời gian yêu cầu (hạn 16 giờ 00 phút, ngày 05/01/2026; hoàn thành 15 giờ 55 phút, ngày 05/01/2026).'));
    expect(d.pdf.layout).not.toContain('Nguyên nhân');
    expect(d.pdf.squashed).toContain(squash('- Đề xuất (nếu có): Không.'));
  });

  it('writes the same text into the DOCX', () => {
    for (const line of [
      'CHI CỤC HẢI QUAN KHU VỰC VI',
      'Số: 09/BC-HQHN',
      'V/v báo cáo kết quả xử lý yêu cầu phối hợp của trực ban',
      'Lạng Sơn, ngày 05 tháng 01 năm 2026',
      'Kính gửi: Văn phòng Tổng cục (Phòng Tổng hợp – bộ phận trực ban).',
      '- Tiến trình xử lý:',
      `+ 15 giờ 10 phút, ngày 05/01/2026: ${f.timeline[1]?.text}.`,
      `- Kết quả xử lý: ${f.result}`,
      'LÃNH ĐẠO ĐƠN VỊ',
      'Vũ Thị Hoa',
    ]) {
      expect(r.docx.paras, line).toContain(line);
    }
    expect(r.docx.paras.join('\n')).toContain('HẢI QUAN CỬA KHẨU');
  });
});

describe('Phụ lục V — urgent fax coordinating online surveillance', () => {
  const f = annexV;
  let r: Awaited<ReturnType<typeof rendered>>;
  beforeAll(async () => {
    r = await rendered('phu-luc-5', input(FIXTURES.V, 10, ISSUED_AT.V, 'TB-ĐTCBL'));
  });

  it('is issued by the anti-smuggling department, with the fax header', () => {
    expectA4Portrait(r.pdf, r.docx.xml);
    expect(r.pdf.layout).toMatch(/CỤC HẢI QUAN +ĐIỆN FAX ĐI/u);
    expect(r.pdf.layout).toMatch(/CHI CỤC ĐIỀU TRA +\(Khẩn\)/u);
    expect(r.pdf.layout).toMatch(/^ *CHỐNG BUÔN LẬU *$/mu);
    expect(r.pdf.layout).toMatch(/^ *Fax số: 10\/TB-ĐTCBL *$/mu);
    expect(r.pdf.layout).toMatch(/^ *15 giờ 45 phút, ngày 05\/01\/2026 *$/mu);
  });

  it('has every field, the annex’s sentences and "Trân trọng./."', () => {
    expectInOrder(r.pdf, [
      'THÔNG BÁO',
      'Về việc phối hợp thực hiện giám sát trực tuyến',
      `Kính gửi: ${f.addressee}.`,
      'Thực hiện quy chế thực hiện giám sát trực tuyến của Tổng cục Hải quan ban hành tại quyết định số 888/QĐ-TCHQ ngày 17/3/2017 của Tổng cục trưởng Tổng cục Hải quan. Cục Điều tra chống buôn lậu yêu cầu đơn vị phối hợp thực hiện nội dung sau:',
      `- Nội dung yêu cầu phối hợp thực hiện giám sát trực tuyến: ${f.requestedContent}`,
      `- Yêu cầu về thời gian xử lý, hồi báo: ${f.timeRequirement}`,
      `- Đầu mối phối hợp thực hiện: ${f.focalPoint}`,
      'Trân trọng./.',
      'Nơi nhận:',
      '- Như trên (để thực hiện);',
      '- Lưu: VT.',
      'Đỗ Quang Minh',
    ]);
    expect(r.pdf.layout).not.toContain('Hình thức hồi báo');
    expect(r.pdf.flat).toContain('888/QĐ-TCHQ ngày 17/3/2017');
    expect(r.pdf.layout).toMatch(/Nơi nhận: +PHỤ TRÁCH TRỰC BAN/u);
    expect(r.pdf.layout).toMatch(/PHÓ CHI CỤC TRƯỞNG/u);
  });

  it('writes the same text into the DOCX', () => {
    for (const line of [
      'Fax số: 10/TB-ĐTCBL',
      'THÔNG BÁO',
      'Về việc phối hợp thực hiện giám sát trực tuyến',
      `- Đầu mối phối hợp thực hiện: ${f.focalPoint}`,
      'Trân trọng./.',
      '- Như trên (để thực hiện);',
      'Đỗ Quang Minh',
    ]) {
      expect(r.docx.paras, line).toContain(line);
    }
  });
});

describe('text normalisation', () => {
  it('prints decomposed (NFD) input as NFC', async () => {
    const nfd: AnnexIIFields = { ...annexII, subject: 'kiểm tra lô hàng tại Đồng Đăng'.normalize('NFD') };
    const d = await rendered('nfd', input({ annex: 'II', fields: nfd }, 11, ISSUED_AT.II, 'TB-TrB'));
    expect(d.pdf.layout).toContain('Về việc kiểm tra lô hàng tại Đồng Đăng');
    expect(d.docx.paras).toContain('Về việc kiểm tra lô hàng tại Đồng Đăng');
  });
});
