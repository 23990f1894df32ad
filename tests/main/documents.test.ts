/**
 * Printed logbook (Phụ lục I) as PDF and DOCX: render a realistic three-shift logbook, then read
 * the files back with the tools a person would use (poppler's pdftotext/pdfinfo, unzip) and
 * check what is on the page. Set TRUCBAN_DOCS_OUT=/some/dir to keep the files for a look.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogbookExportData, LogbookExportRow } from '../../src-shared/domain/logbook';
import { Document, Packer } from 'docx';
import {
  DOCX_STYLES,
  MARGINS_MM,
  docxAdminHeader,
  docxParagraph,
  docxRecipientsAndSignature,
  docxSection,
  docxTitle,
  mmToPt,
  mmToTwip,
  pageGeometry,
  pdfAdminHeader,
  pdfDocumentBase,
  pdfRecipientsAndSignature,
  pdfTitle,
  placeDateLine,
  recipientLines,
  renderPdfBuffer,
  shiftDateDisplay,
} from '../../src-main/documents/admin-format';
import type { AdminHeaderSpec, RecipientsSpec, SignatureSpec } from '../../src-main/documents/admin-format';
import { resolveFontsDir } from '../../src-main/documents/fonts';
import {
  CONTINUATION_MARK,
  EMPTY_RANGE_TEXT,
  LOGBOOK_COLUMNS,
  logbookSubtitle,
  renderLogbookDocx,
  renderLogbookPdf,
} from '../../src-main/documents/logbook';

// ---------------------------------------------------------------------------------------------
// Fixture: three shifts at a Hà Nội HQ duty room, 25 entries.

const TEAMS: Record<string, string[]> = {
  '05/01/2026': [
    'Đ/c Nguyễn Văn Hùng - Phó Cục trưởng, Lãnh đạo ca trực',
    'Đ/c Trần Thị Thu Hằng - Lãnh đạo trực ban cấp Ban',
    'Đ/c Lê Quốc Việt - Văn phòng Cục',
    'Đ/c Phạm Minh Đức - Giám sát trực tuyến',
  ],
  '06/01/2026': [
    'Đ/c Đỗ Thị Ngọc Ánh - Phó Cục trưởng, Lãnh đạo ca trực',
    'Đ/c Vũ Đình Khải - Lãnh đạo trực ban cấp Ban',
    'Đ/c Hoàng Yến Nhi - Văn phòng Cục',
    'Đ/c Bùi Xuân Trường - Giám sát trực tuyến',
  ],
  '07/01/2026': [
    'Đ/c Ngô Quang Huy - Phó Cục trưởng, Lãnh đạo ca trực',
    'Đ/c Đặng Thùy Dương - Lãnh đạo trực ban cấp Ban',
    'Đ/c Lý Thị Mỹ Linh - Văn phòng Cục',
    'Đ/c Tạ Hữu Phước - Giám sát trực tuyến',
  ],
};

const SITES = [
  'Chi cục Hải quan cửa khẩu Hữu Nghị (Lạng Sơn)',
  'Chi cục Hải quan cửa khẩu cảng Cát Lái',
  'Chi cục Hải quan cửa khẩu sân bay quốc tế Nội Bài',
  'Chi cục Hải quan cửa khẩu Móng Cái',
  'Chi cục Hải quan cửa khẩu quốc tế Lao Bảo',
];

/** A key per row that must survive extraction: a container or declaration number. */
interface FixtureRow extends LogbookExportRow {
  key: string;
}

function fixtureRows(): FixtureRow[] {
  const rows: FixtureRow[] = [];
  const dates = Object.keys(TEAMS);
  let n = 0;
  dates.forEach((date, shift) => {
    const perShift = shift === 2 ? 9 : 8;
    for (let i = 0; i < perShift; i++) {
      n++;
      const stt = String(i + 1).padStart(2, '0');
      const container = `TCLU${String(1_234_500 + n).padStart(7, '0')}`;
      const declaration = `10784563${String(2100 + n)}`;
      const site = SITES[n % SITES.length] as string;
      const row: FixtureRow = {
        key: n % 2 === 0 ? container : declaration,
        stt,
        date,
        dutyTeam: TEAMS[date] as string[],
        work: [`Giám sát trực tuyến camera và dữ liệu thông quan tại ${site}.`],
        incident: [],
        direction: [],
        result: [],
        note: [],
      };
      if (i % 2 === 0) {
        row.incident = [
          `${String(8 + i).padStart(2, '0')}h${String(5 * i).padStart(2, '0')}: tiếp nhận thông tin từ ${site}.`,
          `Tờ khai số ${declaration}, container ${container}.`,
          'Hàng khai báo là linh kiện điện tử; hình ảnh soi chiếu có dấu hiệu nghi vấn.',
        ];
        row.direction = [
          `${String(9 + i).padStart(2, '0')}h15, điện thoại: đề nghị dừng đưa hàng qua khu vực giám sát, kiểm tra thực tế.`,
          'Đầu mối: Đội trưởng Đội thủ tục hàng hóa xuất nhập khẩu.',
        ];
        row.result = [`Đã kiểm tra, hàng phù hợp khai báo; báo cáo lúc ${String(11 + i).padStart(2, '0')}h30.`];
      } else {
        row.work.push(`Rà soát tờ khai luồng đỏ số ${declaration} (container ${container}).`);
        row.result = ['Không phát hiện bất thường.'];
      }
      if (i === 3) row.note = ['Sửa đổi: bổ sung số container theo báo cáo của đơn vị.'];
      rows.push(row);
    }
  });

  // Shift 2, row 05: a long incident (many paragraphs and one very long one) that cannot fit on
  // one page and must continue on the next.
  const long = rows[12] as FixtureRow;
  long.key = 'MSKU7654321';
  long.incident = [
    '07h40: Đội Kiểm soát Hải quan cửa khẩu Móng Cái báo cáo phát hiện đoàn xe tải biển số 14C-123.45 và 14C-678.90 chở hàng đông lạnh đi vào bãi kiểm tra ngoài giờ.',
    'Tờ khai số 107999888777, container MSKU7654321 (nhiệt độ khai báo −18 °C).',
    ...Array.from({ length: 12 }, (_, k) =>
      `Diễn biến ${String(k + 1).padStart(2, '0')}: lực lượng tại chỗ ghi nhận, đối chiếu hình ảnh camera số ${k + 1} với dữ liệu định vị; ghi chép đầy đủ vào biên bản.`,
    ),
    `Tổng hợp: ${'đoàn xe di chuyển qua nhiều điểm trung chuyển, thay đổi lộ trình nhiều lần, có dấu hiệu chuyển tải hàng hóa ngoài khu vực giám sát hải quan; '.repeat(8)}đề nghị tiếp tục theo dõi.`,
  ];
  long.direction = ['08h10, điện thoại rồi điện fax khẩn: yêu cầu dừng đưa hàng ra khỏi khu vực giám sát.', 'Đầu mối: đ/c Võ Thanh Tùng - Đội trưởng.'];
  long.result = ['15h20: đã kiểm tra, lập biên bản vi phạm; báo cáo bằng văn bản.'];
  return rows;
}

const ISSUED_AT = Date.UTC(2026, 0, 7, 2, 0); // 07/01/2026 09:00 in Vietnam

function fixture(): { data: LogbookExportData; rows: FixtureRow[] } {
  const rows = fixtureRows();
  return {
    rows,
    data: {
      parentBody: 'Cục Hải quan',
      issuingUnit: 'Trực ban',
      place: 'Hà Nội',
      issuedAt: ISSUED_AT,
      fromShift: '2026-01-05',
      toShift: '2026-01-07',
      rows: rows.map(({ key: _key, ...row }) => row),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading the files back

let dir = '';
const keep = process.env.TRUCBAN_DOCS_OUT;

function tool(cmd: string, args: string[]): string {
  return execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** pdftotext -layout with runs of spaces collapsed (a table puts columns side by side). */
function pdfText(file: string): { layout: string; flat: string } {
  const layout = tool('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
  const raw = tool('pdftotext', ['-enc', 'UTF-8', file, '-']);
  return { layout, flat: raw.replace(/\s+/gu, ' ') };
}

/**
 * Text of each table column, read from word boxes (pdftotext -bbox): words are assigned to a
 * column by their x position, ordered page by page, line by line, and joined with single
 * spaces; the page numbers and repeated column headings are left out. A cell's paragraphs then read contiguously,
 * even across a page break, which the side-by-side -layout output cannot show.
 */
function pdfColumnTexts(file: string): string[] {
  const html = tool('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']);
  const decode = (t: string) => t.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&amp;/gu, '&');
  const left = mmToPt(MARGINS_MM.left);
  const totalMm = LOGBOOK_COLUMNS.reduce((a, c) => a + c.widthMm, 0);
  const textWidth = mmToPt(297 - MARGINS_MM.left - MARGINS_MM.right);
  const bounds: number[] = [];
  let acc = left;
  for (const c of LOGBOOK_COLUMNS) {
    acc += (textWidth * c.widthMm) / totalMm;
    bounds.push(acc);
  }
  const words: { page: number; y: number; x: number; col: number; text: string }[] = [];
  html.split('<page ').slice(1).forEach((page, p) => {
    for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/gu)) {
      const x = (Number(m[1]) + Number(m[3])) / 2;
      const col = bounds.findIndex((b) => x < b);
      // Skip the page number in the top margin and anything outside the table's width.
      if (Number(m[2]) < mmToPt(MARGINS_MM.top) - 1 || x < left || col < 0) continue;
      words.push({ page: p, y: Math.round(Number(m[2]) * 2) / 2, x: Number(m[1]), col, text: decode(m[4] ?? '') });
    }
  });
  words.sort((a, b) => a.page - b.page || a.y - b.y || a.x - b.x);
  return LOGBOOK_COLUMNS.map((c, i) =>
    words
      .filter((w) => w.col === i)
      .map((w) => w.text)
      .join(' ')
      .split(c.title)
      .join(' ')
      .replace(/\s+/gu, ' '),
  );
}

function pdfPages(file: string): number {
  const m = /^Pages:\s+(\d+)/mu.exec(tool('pdfinfo', [file]));
  return Number(m?.[1] ?? 0);
}

function docxXml(file: string): string {
  return tool('unzip', ['-p', file, 'word/document.xml']);
}

/** Text of each w:p, runs joined, entities decoded. */
function docxParagraphs(xml: string): string[] {
  const decode = (s: string) =>
    s.replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&quot;/gu, '"').replace(/&apos;/gu, "'").replace(/&amp;/gu, '&');
  return (xml.match(/<w:p[ >][\s\S]*?<\/w:p>/gu) ?? []).map((p) =>
    decode((p.match(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu) ?? []).map((t) => t.replace(/<[^>]+>/gu, '')).join('')),
  );
}

beforeAll(() => {
  if (keep) mkdirSync(keep, { recursive: true });
  dir = keep ?? mkdtempSync(join(tmpdir(), 'trucban-docs-'));
});

afterAll(() => {
  if (!keep && dir) rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

describe('administrative format helpers', () => {
  it('writes the place–date line with leading zeros only for days 1–9 and months 1–2, in UTC+7', () => {
    // 2026-01-04 17:30 UTC is already 05/01 in Vietnam.
    expect(placeDateLine('Hà Nội', Date.UTC(2026, 0, 4, 17, 30))).toBe('Hà Nội, ngày 05 tháng 01 năm 2026');
    expect(placeDateLine('Hà Nội', Date.UTC(2026, 0, 4, 16, 59))).toBe('Hà Nội, ngày 04 tháng 01 năm 2026');
    expect(placeDateLine('Lạng Sơn', Date.UTC(2026, 1, 20, 3))).toBe('Lạng Sơn, ngày 20 tháng 02 năm 2026');
    expect(placeDateLine('Quảng Ninh', Date.UTC(2026, 2, 9, 3))).toBe('Quảng Ninh, ngày 09 tháng 3 năm 2026');
    expect(placeDateLine('TP. Hồ Chí Minh', Date.UTC(2025, 11, 31, 17, 0))).toBe('TP. Hồ Chí Minh, ngày 01 tháng 01 năm 2026');
    expect(placeDateLine('TP. Hồ Chí Minh', Date.UTC(2025, 11, 31, 16, 59))).toBe('TP. Hồ Chí Minh, ngày 31 tháng 12 năm 2025');
    expect(placeDateLine('Hà Nội', Date.UTC(2026, 9, 15, 3))).toBe('Hà Nội, ngày 15 tháng 10 năm 2026');
  });

  it('formats shift dates, the period subtitle and the "Nơi nhận" lines', () => {
    expect(shiftDateDisplay('2026-01-05')).toBe('05/01/2026');
    expect(shiftDateDisplay('not a date')).toBe('not a date');
    expect(logbookSubtitle('2026-01-05', '2026-01-06')).toBe('Từ ca ngày 05/01/2026 đến ca ngày 06/01/2026');
    expect(logbookSubtitle('2026-01-05', '2026-01-05')).toBe('Ca trực ngày 05/01/2026');
    expect(recipientLines({ entries: ['Văn phòng Cục;', 'Cục nghiệp vụ (để theo dõi)'], archive: 'VT, TrB' })).toEqual([
      '- Văn phòng Cục;',
      '- Cục nghiệp vụ (để theo dõi);',
      '- Lưu: VT, TrB.',
    ]);
  });

  it('finds the fonts, and honours TRUCBAN_ASSETS_DIR (failing loudly when it is wrong)', () => {
    const found = resolveFontsDir();
    expect(found).toMatch(/assets[\\/]fonts$/u);
    const saved = process.env.TRUCBAN_ASSETS_DIR;
    try {
      process.env.TRUCBAN_ASSETS_DIR = join(found, '..');
      expect(resolveFontsDir()).toBe(found);
      process.env.TRUCBAN_ASSETS_DIR = join(dir, 'nowhere');
      expect(() => resolveFontsDir()).toThrow(/TRUCBAN_ASSETS_DIR/u);
    } finally {
      if (saved === undefined) delete process.env.TRUCBAN_ASSETS_DIR;
      else process.env.TRUCBAN_ASSETS_DIR = saved;
    }
  });
});

describe('shared header, "Nơi nhận" and signature on a portrait page (as Phụ lục II–V will use them)', () => {
  const g = pageGeometry('portrait');
  const header: AdminHeaderSpec = {
    parentBody: 'Cục Hải quan',
    issuingUnit: 'Trực ban',
    number: '12/ĐX-TrB',
    place: 'Hà Nội',
    issuedAt: Date.UTC(2026, 2, 9, 1),
  };
  const recipients: RecipientsSpec = { entries: ['Cục trưởng (để báo cáo)', 'Văn phòng Cục'], archive: 'VT, Trực ban' };
  const signature: SignatureSpec = {
    title: 'Phụ trách trực ban',
    note: '(Ký, ghi rõ họ tên, chức vụ)',
    name: 'Nguyễn Văn Hùng',
  };
  const body = 'Trực ban cơ quan Cục Hải quan báo cáo, đề xuất xử lý thông tin phát sinh sau.';

  it('renders them in a PDF', async () => {
    const file = join(dir, 'portrait-sample.pdf');
    const pdf = await renderPdfBuffer({
      ...pdfDocumentBase(g, { title: 'ĐỀ XUẤT', author: 'Trực ban' }),
      content: [
        pdfAdminHeader(header, g.contentWidthPt),
        pdfTitle('Đề xuất xử lý thông tin phát sinh'),
        { text: body, alignment: 'justify' },
        pdfRecipientsAndSignature(recipients, signature, g.contentWidthPt),
      ],
    });
    writeFileSync(file, pdf);
    const layout = tool('pdftotext', ['-layout', file, '-']);
    expect(tool('pdfinfo', [file])).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/u);
    expect(layout).toMatch(/TRỰC BAN +Độc lập - Tự do - Hạnh phúc/u);
    expect(layout).toMatch(/Số: 12\/ĐX-TrB +Hà Nội, ngày 09 tháng 3 năm 2026/u);
    expect(layout).toContain('ĐỀ XUẤT XỬ LÝ THÔNG TIN PHÁT SINH');
    expect(layout).toMatch(/Nơi nhận: +PHỤ TRÁCH TRỰC BAN/u);
    expect(layout).toContain('- Cục trưởng (để báo cáo);');
    expect(layout).toContain('- Lưu: VT, Trực ban.');
    expect(layout).toContain('Nguyễn Văn Hùng');
  });

  it('renders them in a DOCX', async () => {
    const doc = new Document({
      styles: DOCX_STYLES,
      sections: [
        docxSection(g, [
          docxAdminHeader(header, g.contentWidthPt),
          ...docxTitle('Đề xuất xử lý thông tin phát sinh'),
          docxParagraph(body),
          docxRecipientsAndSignature(recipients, signature, g.contentWidthPt),
        ]),
      ],
    });
    const file = join(dir, 'portrait-sample.docx');
    writeFileSync(file, await Packer.toBuffer(doc));
    const xml = docxXml(file);
    const paras = docxParagraphs(xml);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/u);
    for (const line of ['Số: 12/ĐX-TrB', 'Hà Nội, ngày 09 tháng 3 năm 2026', 'ĐỀ XUẤT XỬ LÝ THÔNG TIN PHÁT SINH', 'Nơi nhận:', '- Văn phòng Cục;', '- Lưu: VT, Trực ban.', 'PHỤ TRÁCH TRỰC BAN', 'Nguyễn Văn Hùng']) {
      expect(paras).toContain(line);
    }
  });
});

describe('logbook PDF (Phụ lục I)', () => {
  const { data, rows } = fixture();
  let file = '';
  let text = { layout: '', flat: '' };

  beforeAll(async () => {
    const pdf = await renderLogbookPdf(data);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    file = join(dir, 'nhat-ky-truc-ban.pdf');
    writeFileSync(file, pdf);
    text = pdfText(file);
  });

  it('has the administrative header, title, period and place–date line', () => {
    expect(text.layout).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text.layout).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text.layout).toContain('CỤC HẢI QUAN');
    expect(text.layout).toContain('TRỰC BAN');
    expect(text.layout).toContain('NHẬT KÝ TRỰC BAN');
    expect(text.layout).toContain('Từ ca ngày 05/01/2026 đến ca ngày 07/01/2026');
    expect(text.layout).toContain('Hà Nội, ngày 07 tháng 01 năm 2026');
    // Header: left block and right block on the same lines.
    expect(text.layout).toMatch(/CỤC HẢI QUAN +CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/u);
    expect(text.layout).toMatch(/TRỰC BAN +Độc lập - Tự do - Hạnh phúc/u);
  });

  it('has the 8 column headings, repeated on every page', () => {
    for (const col of LOGBOOK_COLUMNS) expect(text.flat).toContain(col.title);
    const pages = text.layout.split('\f').filter((p) => p.trim().length > 0);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page).toMatch(/STT +Ngày/u);
      expect(page).toContain('Vụ việc phát sinh');
      expect(page).toContain('Kết quả thực hiện');
    }
  });

  it('shows every row in its columns, with Vietnamese diacritics intact', () => {
    const cols = pdfColumnTexts(file);
    const col = (key: string) => cols[LOGBOOK_COLUMNS.findIndex((c) => c.key === key)] ?? '';
    for (const row of rows) {
      const where = `row ${row.date} ${row.stt}`;
      expect(text.flat, where).toContain(row.key);
      expect(col('stt'), where).toContain(row.stt);
      expect(col('date'), where).toContain(row.date);
      for (const key of ['work', 'incident', 'direction', 'result', 'note'] as const) {
        for (const line of row[key]) expect(col(key), `${where} ${key}`).toContain(line);
      }
    }
    for (const team of Object.values(TEAMS)) for (const member of team) expect(col('dutyTeam')).toContain(member);
    // The team is printed on its shift's first row and again at the top of later pages.
    expect(col('dutyTeam').split('Đ/c Đỗ Thị Ngọc Ánh').length - 1).toBeGreaterThan(1);
    expect(col('incident')).toContain('Tờ khai số 107999888777, container MSKU7654321 (nhiệt độ khai báo −18 °C).');
    expect(text.flat).toContain('Đ/c Trần Thị Thu Hằng');
    expect(text.flat).toContain('Hữu Nghị (Lạng Sơn)');
  });

  it('runs over several pages, continuing the long entry and numbering pages from 2', () => {
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThan(1);
    expect(text.flat).toContain(CONTINUATION_MARK);
    const pageTexts = text.layout.split('\f');
    // Page 1 carries no number; page 2 starts with "2" centred at the top.
    expect(pageTexts[1]?.trimStart().split('\n')[0]?.trim()).toBe('2');
    expect(pageTexts[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  });

  it('ends with the form\'s "Ghi chú" notes', () => {
    expect(text.flat).toContain('Ghi chú:');
    expect(text.flat).toContain('1. Nội dung thực hiện: ghi rõ nội dung, phạm vi thực hiện kiểm tra, giám sát trong ca trực.');
    expect(text.flat).toContain('Đầu mối tiếp nhận thực hiện.');
    expect(text.flat).toContain('4. Theo dõi kết quả thực hiện.');
  });

  it('is A4 landscape and embeds Liberation Serif', () => {
    const info = tool('pdfinfo', [file]);
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts \(A4\)/u);
    const fonts = tool('pdffonts', [file]);
    expect(fonts).toMatch(/LiberationSerif\b.*yes/u);
    expect(fonts).toMatch(/LiberationSerif-Bold\b.*yes/u);
    expect(fonts).toMatch(/LiberationSerif-Italic\b.*yes/u);
  });
});

describe('logbook DOCX (Phụ lục I)', () => {
  const { data, rows } = fixture();
  let xml = '';
  let paras: string[] = [];
  let all = '';

  beforeAll(async () => {
    const docx = await renderLogbookDocx(data);
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    const file = join(dir, 'nhat-ky-truc-ban.docx');
    writeFileSync(file, docx);
    xml = docxXml(file);
    paras = docxParagraphs(xml);
    all = paras.join('\n');
  });

  it('has the administrative header, title, period and place–date line', () => {
    expect(paras).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(paras).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(paras).toContain('CỤC HẢI QUAN');
    expect(paras).toContain('TRỰC BAN');
    expect(paras).toContain('NHẬT KÝ TRỰC BAN');
    expect(paras).toContain('Từ ca ngày 05/01/2026 đến ca ngày 07/01/2026');
    expect(paras).toContain('Hà Nội, ngày 07 tháng 01 năm 2026');
  });

  it('has the column headings in a header row that repeats on each page', () => {
    for (const col of LOGBOOK_COLUMNS) expect(paras).toContain(col.title);
    const firstRow = /<w:tbl>[\s\S]*?<w:tbl>[\s\S]*?(<w:tr[ >][\s\S]*?<\/w:tr>)/u.exec(xml)?.[1] ?? '';
    expect(firstRow).toContain('<w:tblHeader/>');
    expect(firstRow).toContain('Thành phần trực ban');
    expect(xml.match(/<w:tblHeader\/>/gu)?.length).toBe(1);
  });

  it('shows every row, with Vietnamese text intact', () => {
    for (const row of rows) expect(all, `row ${row.date} ${row.stt}`).toContain(row.key);
    for (const row of data.rows) for (const line of [...row.incident, ...row.direction, ...row.result, ...row.note]) {
      expect(paras).toContain(line);
    }
    expect(paras).toContain('Đ/c Trần Thị Thu Hằng - Lãnh đạo trực ban cấp Ban');
  });

  it('is A4 landscape with the decree margins, Times New Roman, and rows kept whole where they fit', () => {
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/u);
    expect(xml).toContain(`w:top="${mmToTwip(MARGINS_MM.top)}"`);
    expect(xml).toContain(`w:left="${mmToTwip(MARGINS_MM.left)}"`);
    expect(xml).toContain(`w:right="${mmToTwip(MARGINS_MM.right)}"`);
    expect(xml).toContain('w:ascii="Times New Roman"');
    // Every row that fits on a page is kept whole; the entry taller than a page may break.
    const table = /<w:tbl>[\s\S]*?<\/w:tbl>[\s\S]*?(<w:tbl>[\s\S]*?<\/w:tbl>)/u.exec(xml)?.[1] ?? '';
    const trs = table.match(/<w:tr[ >][\s\S]*?<\/w:tr>/gu) ?? [];
    expect(trs.length).toBe(rows.length + 1);
    const longIndex = rows.findIndex((r) => r.key === 'MSKU7654321');
    trs.slice(1).forEach((tr, i) => {
      expect(tr.includes('<w:cantSplit/>'), `row ${i}`).toBe(i !== longIndex);
    });
    expect(xml).toContain('<w:titlePg/>');
    expect(all).toContain('Ghi chú:');
    expect(all).toContain('4. Theo dõi kết quả thực hiện.');
  });
});

describe('logbook with an entry taller than a page in one unbroken word', () => {
  it('prints all of it, across pages, with the table header on each page', async () => {
    const token = Array.from({ length: 1500 }, (_, i) => String.fromCharCode(65 + (i % 26))).join('');
    const data: LogbookExportData = {
      parentBody: 'Cục Hải quan',
      issuingUnit: 'Trực ban',
      place: 'Hà Nội',
      issuedAt: Date.UTC(2026, 0, 5, 3),
      fromShift: '2026-01-05',
      toShift: '2026-01-05',
      rows: [
        { stt: '01', date: '05/01/2026', dutyTeam: ['Đ/c Nguyễn Văn Hùng'], work: ['Tiếp nhận dữ liệu'], incident: [`Mã băm: ${token}`, 'Kết thúc dữ liệu dán vào.'], direction: [], result: [], note: [] },
        { stt: '02', date: '05/01/2026', dutyTeam: ['Đ/c Nguyễn Văn Hùng'], work: ['Giám sát camera cảng Hải Phòng'], incident: [], direction: [], result: ['Bình thường'], note: [] },
      ],
    };
    const file = join(dir, 'long-token.pdf');
    writeFileSync(file, await renderLogbookPdf(data));
    const cols = pdfColumnTexts(file);
    const incident = (cols[LOGBOOK_COLUMNS.findIndex((c) => c.key === 'incident')] ?? '').replace(/\s+/gu, '');
    expect(incident).toContain(`Mãbăm:${token}Kếtthúcdữliệudánvào.`);
    expect(cols[LOGBOOK_COLUMNS.findIndex((c) => c.key === 'work')]).toContain('Giám sát camera cảng Hải Phòng');
    const pages = tool('pdftotext', ['-layout', file, '-']).split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages.slice(0, -1)) expect(page).toMatch(/STT +Ngày/u);
  });
});

describe('logbook for an empty range', () => {
  const data: LogbookExportData = {
    parentBody: 'Cục Hải quan',
    issuingUnit: 'Trực ban',
    place: 'Hà Nội',
    issuedAt: Date.UTC(2026, 0, 5, 1),
    fromShift: '2026-01-05',
    toShift: '2026-01-05',
    rows: [],
  };

  it('still produces a one-page PDF with header, title, empty table and the notice', async () => {
    const file = join(dir, 'empty.pdf');
    writeFileSync(file, await renderLogbookPdf(data));
    const { layout, flat } = pdfText(file);
    expect(pdfPages(file)).toBe(1);
    expect(layout).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(layout).toContain('NHẬT KÝ TRỰC BAN');
    expect(layout).toContain('Ca trực ngày 05/01/2026');
    expect(layout).toContain('Hà Nội, ngày 05 tháng 01 năm 2026');
    expect(layout).toMatch(/STT +Ngày/u);
    expect(flat).toContain(EMPTY_RANGE_TEXT);
  });

  it('still produces a DOCX with header, title, an empty row and the notice', async () => {
    const file = join(dir, 'empty.docx');
    writeFileSync(file, await renderLogbookDocx(data));
    const xml = docxXml(file);
    const paras = docxParagraphs(xml);
    expect(paras).toContain('NHẬT KÝ TRỰC BAN');
    expect(paras).toContain('Ca trực ngày 05/01/2026');
    expect(paras).toContain(EMPTY_RANGE_TEXT);
    expect(xml).toContain('<w:tblHeader/>');
    // Logbook table: header row + one empty row.
    const table = /<w:tbl>[\s\S]*?<\/w:tbl>[\s\S]*?(<w:tbl>[\s\S]*?<\/w:tbl>)/u.exec(xml)?.[1] ?? '';
    expect(table.match(/<w:tr[ >]/gu)?.length).toBe(2);
  });
});
