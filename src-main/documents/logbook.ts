/**
 * The duty logbook on the official form (Quyết định 888, Phụ lục I — NHẬT KÝ TRỰC BAN), as
 * DOCX and PDF.
 *
 * Layout choices:
 * - A4 **landscape**. The form has 8 columns; on portrait A4 the text width is 165 mm, which
 *   leaves the four content columns ~25 mm each — 3–4 words a line at a legible size, and rows
 *   several pages long. Landscape gives 252 mm, so the content columns get 38–47 mm.
 * - Table text **11 pt**, everything else 13 pt. Nghị định 30 asks 13–14 pt for body text, but
 *   at 13 pt an 8-column table wraps almost every word; 11 pt (the decree's size for "Nơi nhận"
 *   entries) keeps it readable and is the usual practice for tabular annexes.
 * - The header row repeats on every page (PDF: headerRows; DOCX: w:tblHeader).
 * - Rows are kept whole on a page when they fit on one. A row taller than a page is cut into
 *   continuation rows at paragraph (or, for very long paragraphs, at line-group) boundaries,
 *   each no taller than a page, and marked "(tiếp)" — see `planRows`.
 * - Page numbers at the top centre from page 2 on (Nghị định 30).
 * - The form's "Ghi chú:" instructions (1–4) close the document in 10 pt.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeightRule,
  Packer,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { Paragraph } from 'docx';
import type { Content, ContentStack, CustomTableLayout, TableCell as PdfCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { LogbookExportData, LogbookExportRow } from '../../src-shared/domain/logbook';
import { xmlSafeDeep } from '../../src-shared/text/xml-safe';
import {
  DOCX_NO_BORDERS,
  DOCX_STYLES,
  docxAdminHeader,
  docxColumnWidthsTwip,
  docxContentWidthTwip,
  docxParagraph,
  docxSection,
  docxTitle,
  pageGeometry,
  pdfAdminHeader,
  pdfDocumentBase,
  pdfTitle,
  ptToTwip,
  renderPdfBuffer,
  shiftDateDisplay,
  wrapText,
} from './admin-format';
import type { AdminHeaderSpec, PageGeometry } from './admin-format';

export const LOGBOOK_TITLE = 'NHẬT KÝ TRỰC BAN';
export const EMPTY_RANGE_TEXT = 'Không có nội dung trong khoảng thời gian này.';
/** Marks a continuation row (the rest of an entry too tall for one page). */
export const CONTINUATION_MARK = '(tiếp)';
/** Table text size (see the header comment for why not 13). */
export const TABLE_FONT_PT = 11;
/** The form's closing "Ghi chú:" instructions, in small type. */
export const NOTES_FONT_PT = 10;

export interface LogbookColumn {
  key: keyof LogbookExportRow;
  title: string;
  /** Share of the 252 mm landscape text width. */
  widthMm: number;
  align: 'center' | 'left';
}

/** The 8 columns of Phụ lục I. STT and Ngày narrow, the content columns wide. */
export const LOGBOOK_COLUMNS: readonly LogbookColumn[] = [
  { key: 'stt', title: 'STT', widthMm: 10, align: 'center' },
  { key: 'date', title: 'Ngày', widthMm: 21, align: 'center' },
  { key: 'dutyTeam', title: 'Thành phần trực ban', widthMm: 35, align: 'left' },
  { key: 'work', title: 'Nội dung thực hiện', widthMm: 40, align: 'left' },
  { key: 'incident', title: 'Vụ việc phát sinh', widthMm: 47, align: 'left' },
  { key: 'direction', title: 'Nội dung chỉ đạo', widthMm: 40, align: 'left' },
  { key: 'result', title: 'Kết quả thực hiện', widthMm: 38, align: 'left' },
  { key: 'note', title: 'Ghi chú', widthMm: 21, align: 'left' },
];

/** "Ghi chú:" of the form (seed 004, Phụ lục I), verbatim but for punctuation. */
export const LOGBOOK_NOTES: ReadonlyArray<{ head: string; items: readonly string[] }> = [
  { head: '1. Nội dung thực hiện: ghi rõ nội dung, phạm vi thực hiện kiểm tra, giám sát trong ca trực.', items: [] },
  {
    head: '2. Vụ việc phát sinh.',
    items: ['Thời gian phát sinh, tiếp nhận.', 'Địa điểm/địa bàn xảy ra.', 'Thông tin liên quan (tờ khai, số container,...).', 'Nội dung vụ việc.'],
  },
  {
    head: '3. Nội dung chỉ đạo.',
    items: ['Thời gian xử lý.', 'Hình thức xử lý (điện thoại/fax/văn bản...).', 'Nội dung xử lý.', 'Đầu mối tiếp nhận thực hiện.'],
  },
  {
    head: '4. Theo dõi kết quả thực hiện.',
    items: ['Kết quả thực hiện, xử lý.', 'Thời gian báo cáo.', 'Đơn vị báo cáo.'],
  },
];

/** "Ca trực ngày 05/01/2026" for one shift, else "Từ ca ngày 05/01/2026 đến ca ngày 06/01/2026". */
export function logbookSubtitle(fromShift: string, toShift: string): string {
  const from = shiftDateDisplay(fromShift);
  const to = shiftDateDisplay(toShift);
  return fromShift === toShift ? `Ca trực ngày ${from}` : `Từ ca ngày ${from} đến ca ngày ${to}`;
}

// ---------------------------------------------------------------------------------------------
// Table geometry (shared by PDF and DOCX)

const PAD_X = 3;
const PAD_Y = 2;
const LINE_PT = 0.5;
/** Space between paragraphs in a cell. */
const PARA_GAP = 2;
/** Line height of Liberation Serif / Times New Roman: (ascent + descent + gap) / em. */
const LINE_HEIGHT_EM = 1.149;
/** Paragraphs longer than this many (estimated) lines are measured in pieces … */
const LONG_PARAGRAPH_LINES = 10;
/** … of this many lines, so a page break can fall inside them. */
const PIECE_LINES = 5;
/** Slack kept at the bottom of each page when planning breaks (points). */
const SAFETY_PT = 4;
/** An entry starts on a fresh page unless at least this share of a page is left. */
const MIN_FILL_SHARE = 0.25;
const NBSP = '\u00A0';

function geometry(): PageGeometry {
  return pageGeometry('landscape');
}

/** Outer widths (pt) of the columns, scaled to the text width exactly. */
function columnOuterWidthsPt(contentWidthPt: number): number[] {
  const totalMm = LOGBOOK_COLUMNS.reduce((s, c) => s + c.widthMm, 0);
  return LOGBOOK_COLUMNS.map((c) => (contentWidthPt * c.widthMm) / totalMm);
}

/**
 * Inner (text) widths for pdfmake, whose `widths` exclude cell padding and rules: the table is
 * Σ inner + n·2·PAD_X + (n+1)·LINE_PT wide, which we make equal to the text width.
 */
function columnInnerWidthsPt(contentWidthPt: number): number[] {
  const outer = columnOuterWidthsPt(contentWidthPt);
  const inner = outer.map((w) => w - 2 * PAD_X - LINE_PT);
  inner[inner.length - 1] = (inner[inner.length - 1] ?? 0) - LINE_PT;
  return inner;
}

// ---------------------------------------------------------------------------------------------
// Row model

type CellText = string[];

interface LogicalRow {
  /** Paragraphs per column, in LOGBOOK_COLUMNS order (the duty team always filled in). */
  cells: CellText[];
  /** First row of a shift (or of a new duty team): the team is always printed there. */
  firstOfTeam: boolean;
}

/** Index of the "Thành phần trực ban" column. */
const TEAM_COL = LOGBOOK_COLUMNS.findIndex((c) => c.key === 'dutyTeam');

/** Array elements and embedded line breaks become paragraphs (NFC, ends trimmed). */
function splitParagraphs(lines: readonly string[]): string[] {
  return lines
    .flatMap((l) => l.normalize('NFC').split(/\r?\n/u))
    .map((l) => l.trim())
    .map((l) => (l.length === 0 ? NBSP : l));
}

/**
 * Cells of every row. The duty team is the same for every row of a shift, so it is printed on
 * the first row of each shift and, in the PDF, again on the first row of each page (repeating
 * four names on every row would make the table half as long again).
 */
function logicalRows(rows: readonly LogbookExportRow[]): LogicalRow[] {
  let prevKey = '';
  return rows.map((row) => {
    const teamKey = `${row.date}\u0000${row.dutyTeam.join('\u0000')}`;
    const firstOfTeam = teamKey !== prevKey;
    prevKey = teamKey;
    return {
      firstOfTeam,
      cells: LOGBOOK_COLUMNS.map((col) => {
        switch (col.key) {
          case 'stt':
            return [row.stt];
          case 'date':
            return [row.date];
          default:
            return splitParagraphs(row[col.key]);
        }
      }),
    };
  });
}

/**
 * A piece of a paragraph. `paraStart` marks the first piece of each paragraph; `sep` is the
 * whitespace that stood before a later piece, so the paragraph can be put back exactly.
 */
interface Piece {
  text: string;
  sep: string;
  paraStart: boolean;
}

/**
 * Paragraphs of a cell, with very long ones cut at word boundaries into groups of about
 * PIECE_LINES lines — only so that a page break can fall inside them; the pieces of one
 * paragraph are joined again unless a page break separates them.
 */
function piecesOf(cell: CellText, innerWidthPt: number): Piece[] {
  const out: Piece[] = [];
  const lineCount = (t: string) => wrapText(t, innerWidthPt, 'normal', TABLE_FONT_PT).length;
  for (const para of cell) {
    if (lineCount(para) <= LONG_PARAGRAPH_LINES) {
      out.push({ text: para, sep: '', paraStart: true });
      continue;
    }
    const tokens = para.split(/(\s+)/u); // word, space, word, space, …, word
    let cur = '';
    let curSep = '';
    let first = true;
    const flush = () => {
      if (cur) out.push({ text: cur, sep: curSep, paraStart: first });
      if (cur) first = false;
      cur = '';
    };
    for (let i = 0; i < tokens.length; i += 2) {
      const sep = i === 0 ? '' : (tokens[i - 1] ?? ' ');
      const word = tokens[i] ?? '';
      if (word === '') continue;
      if (lineCount(word) > PIECE_LINES) {
        // One "word" longer than a piece (a pasted hash, URL, …): cut it by characters, as
        // pdfmake and Word do when they wrap it.
        flush();
        const lines = wrapText(word, innerWidthPt, 'normal', TABLE_FONT_PT);
        for (let j = 0; j < lines.length; j += PIECE_LINES) {
          out.push({ text: lines.slice(j, j + PIECE_LINES).join(''), sep: j === 0 ? sep : '', paraStart: first });
          first = false;
        }
        continue;
      }
      if (cur === '') {
        cur = word;
        curSep = sep;
        continue;
      }
      const candidate = `${cur}${sep}${word}`;
      if (lineCount(candidate) > PIECE_LINES) {
        flush();
        cur = word;
        curSep = sep;
      } else {
        cur = candidate;
      }
    }
    flush();
  }
  return out;
}

/** Pieces back to paragraphs (pieces of one paragraph are joined again, exactly). */
function paragraphsOf(pieces: readonly Piece[]): string[] {
  const out: string[] = [];
  for (const p of pieces) {
    if (p.paraStart || out.length === 0) out.push(p.text);
    else out[out.length - 1] = `${out[out.length - 1]}${p.sep}${p.text}`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// PDF building blocks

const tableLayout: CustomTableLayout = {
  hLineWidth: () => LINE_PT,
  vLineWidth: () => LINE_PT,
  hLineColor: () => '#000000',
  vLineColor: () => '#000000',
  paddingLeft: () => PAD_X,
  paddingRight: () => PAD_X,
  paddingTop: () => PAD_Y,
  paddingBottom: () => PAD_Y,
};

function headerSpec(data: LogbookExportData): AdminHeaderSpec {
  return { parentBody: data.parentBody, issuingUnit: data.issuingUnit, place: data.place, issuedAt: data.issuedAt };
}

/** Top margins that centre each header title vertically in the header row. */
function headerTitleOffsetsPt(innerWidths: readonly number[]): number[] {
  const lines = LOGBOOK_COLUMNS.map((c, i) => wrapText(c.title, innerWidths[i] ?? 0, 'bold', TABLE_FONT_PT).length);
  const max = Math.max(...lines);
  const lineH = TABLE_FONT_PT * LINE_HEIGHT_EM;
  return lines.map((n) => ((max - n) * lineH) / 2);
}

function pdfHeaderRow(innerWidths: readonly number[], probe: boolean): PdfCell[] {
  const offsets = headerTitleOffsetsPt(innerWidths);
  return LOGBOOK_COLUMNS.map((c, i): PdfCell => {
    const stack: Content[] = [{ text: c.title, bold: true, alignment: 'center', margin: [0, offsets[i] ?? 0, 0, 0], ...(probe ? { id: `h:${i}` } : {}) }];
    if (probe) stack.push({ text: NBSP, id: `he:${i}` });
    return { stack };
  });
}

function pdfCell(pieces: readonly Piece[], col: number, opts: { probe: false } | { probe: true; row: number }): PdfCell {
  const align = LOGBOOK_COLUMNS[col]?.align ?? 'left';
  const stack: Content[] = [];
  if (opts.probe) {
    // Measuring pass: one node per piece, ids to read positions back, an end marker.
    pieces.forEach((p, i) => {
      stack.push({ text: p.text, margin: [0, i > 0 && p.paraStart ? PARA_GAP : 0, 0, 0], id: `p:${opts.row}:${col}:${i}` });
    });
    stack.push({ text: NBSP, id: `e:${opts.row}:${col}` });
  } else {
    paragraphsOf(pieces).forEach((text, i) => {
      stack.push({ text, margin: [0, i > 0 ? PARA_GAP : 0, 0, 0] });
    });
  }
  const cell: ContentStack = { stack, alignment: align };
  return cell;
}

/** STT cell of a continuation row: the entry's number and "(tiếp)". */
function continuationCell(stt: string): PdfCell {
  return {
    stack: [{ text: stt }, { text: CONTINUATION_MARK, italics: true, fontSize: 9 }],
    alignment: 'center',
  };
}

function pdfNotes(contentWidthPt: number): Content {
  const colW = contentWidthPt / LOGBOOK_NOTES.length;
  return {
    stack: [
      { text: 'Ghi chú:', bold: true, italics: true, fontSize: NOTES_FONT_PT + 1, margin: [0, 0, 0, 2] },
      {
        columns: LOGBOOK_NOTES.map((n) => ({
          width: colW,
          stack: [
            { text: n.head, fontSize: NOTES_FONT_PT },
            ...n.items.map((it): Content => ({ text: `- ${it}`, fontSize: NOTES_FONT_PT, margin: [8, 0, 0, 0] })),
          ],
        })),
        columnGap: 8,
      },
    ],
    margin: [0, 10, 0, 0],
    unbreakable: true,
  };
}

function pdfEmptyRow(): PdfCell[] {
  return LOGBOOK_COLUMNS.map((): PdfCell => ({ text: NBSP }));
}

// ---------------------------------------------------------------------------------------------
// Measuring pass and row planning

interface Measurement {
  /** Height of the header row including its rules (pt). */
  headerRowPt: number;
  /** From the top of the text area to the top of the table on page 1 (pt). */
  offsetBeforeTablePt: number;
  /** Per logical row, per column: height of the cell's text (pt), padding excluded. */
  cellContentPt: number[][];
  /** Per logical row, per column: height of each piece, gaps excluded (pt). */
  pieceHeightsPt: number[][][];
}

/** Cell padding and bottom rule of a body row (pt). */
const ROW_OVERHEAD_PT = 2 * PAD_Y + LINE_PT;

/** Height of a logical row (pt), with or without the duty-team cell. */
function rowHeightPt(m: Measurement, r: number, withTeam: boolean): number {
  const cells = m.cellContentPt[r] ?? [];
  return Math.max(0, ...cells.filter((_, c) => withTeam || c !== TEAM_COL)) + ROW_OVERHEAD_PT;
}

/**
 * Lay the whole document out once on an endless page (pdfmake `height: 'auto'`) and read the
 * position of every piece back through `pageBreakBefore`, which pdfmake calls with each node's
 * start position after layout. This measures with pdfmake's own line breaking and kerning.
 */
async function measure(data: LogbookExportData, pieces: readonly Piece[][][]): Promise<Measurement> {
  const g = geometry();
  const inner = columnInnerWidthsPt(g.contentWidthPt);
  const tops = new Map<string, number>();
  const body: PdfCell[][] = [pdfHeaderRow(inner, true)];
  pieces.forEach((rowPieces, r) => body.push(rowPieces.map((p, c) => pdfCell(p, c, { probe: true, row: r }))));

  const base = pdfDocumentBase(g, { title: LOGBOOK_TITLE, author: data.issuingUnit });
  const definition: TDocumentDefinitions = {
    ...base,
    header: undefined,
    pageOrientation: undefined,
    pageSize: { width: g.widthPt, height: 'auto' },
    content: [
      pdfAdminHeader(headerSpec(data), g.contentWidthPt),
      pdfTitle(LOGBOOK_TITLE, logbookSubtitle(data.fromShift, data.toShift)),
      { table: { headerRows: 1, widths: inner, body }, layout: tableLayout, fontSize: TABLE_FONT_PT },
    ],
    // One declared parameter: pdfmake then skips building the following/previous node lists.
    pageBreakBefore: (node) => {
      if (node.id) tops.set(node.id, node.startPosition.top);
      return false;
    },
  };
  await renderPdfBuffer(definition);

  const top = (id: string): number => {
    const v = tops.get(id);
    if (v === undefined) throw new Error(`logbook layout: no position for ${id}`);
    return v;
  };
  const offsets = headerTitleOffsetsPt(inner);
  const headerContent = Math.max(...LOGBOOK_COLUMNS.map((_, c) => top(`he:${c}`) - top(`h:${c}`) + (offsets[c] ?? 0)));
  const tableTop = top('h:0') - (offsets[0] ?? 0) - PAD_Y - LINE_PT;

  const pieceHeightsPt: number[][][] = [];
  const cellContentPt: number[][] = [];
  pieces.forEach((rowPieces, r) => {
    const contents: number[] = [];
    const perCol = rowPieces.map((colPieces, c) => {
      const end = top(`e:${r}:${c}`);
      const starts = colPieces.map((_, i) => top(`p:${r}:${c}:${i}`));
      contents.push(starts.length > 0 ? end - (starts[0] ?? end) : 0);
      return starts.map((s, i) => {
        const next = i + 1 < starts.length ? (starts[i + 1] ?? end) : end;
        const gapAfter = i + 1 < colPieces.length && colPieces[i + 1]?.paraStart ? PARA_GAP : 0;
        return next - s - gapAfter;
      });
    });
    pieceHeightsPt.push(perCol);
    cellContentPt.push(contents);
  });
  return {
    headerRowPt: headerContent + 2 * PAD_Y + 2 * LINE_PT,
    offsetBeforeTablePt: tableTop - g.margins.top,
    cellContentPt,
    pieceHeightsPt,
  };
}

interface PhysicalRow {
  /** Index of the logical row. */
  logical: number;
  cells: Piece[][];
  continuation: boolean;
}

interface RowPlan {
  rows: PhysicalRow[];
  /** false only if some piece is taller than a page (then pdfmake splits rows itself). */
  keepRowsWhole: boolean;
}

/** Cut one column's pieces into chunks no taller than the limits; null if a piece never fits. */
function chunkColumn(
  pieces: readonly Piece[],
  heights: readonly number[],
  firstLimit: number,
  nextLimit: number,
): { chunks: Piece[][]; lastUsed: number } | null {
  const chunks: Piece[][] = [[]];
  let used = 0;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i] as Piece;
    const h = heights[i] ?? 0;
    for (;;) {
      const cur = chunks[chunks.length - 1] as Piece[];
      const limit = chunks.length === 1 ? firstLimit : nextLimit;
      const gap = cur.length > 0 && p.paraStart ? PARA_GAP : 0;
      if (used + gap + h <= limit) {
        cur.push(p);
        used += gap + h;
        break;
      }
      if (cur.length === 0 && chunks.length > 1) return null;
      chunks.push([]);
      used = 0;
    }
  }
  return { chunks, lastUsed: used };
}

/**
 * Decide the physical table rows of the PDF by simulating pdfmake's pagination with the
 * measured heights:
 * - a row that fits in what is left of the page goes there; one that fits on a page but not in
 *   the rest of this one starts the next page (pdfmake `dontBreakRows`);
 * - the duty team is shown on the first row of its shift and on the first row of every page;
 * - a row taller than a page fills the rest of the current page (when at least a quarter of a
 *   page is left) and continues in "(tiếp)" rows of at most one page each.
 * Every physical row is at most a page tall, so `dontBreakRows` can never clip text even if the
 * simulation is off by a little; the worst case is a row moved to the next page.
 */
function planRows(rows: readonly LogicalRow[], pieces: readonly Piece[][][], m: Measurement): RowPlan {
  const g = geometry();
  const fullPage = g.contentHeightPt - m.headerRowPt - SAFETY_PT;
  let remaining = g.contentHeightPt - m.offsetBeforeTablePt - m.headerRowPt - SAFETY_PT;
  let atPageTop = true;
  const out: PhysicalRow[] = [];
  const withoutTeam = (cells: Piece[][]): Piece[][] => cells.map((c, i) => (i === TEAM_COL ? [] : c));

  for (let r = 0; r < rows.length; r++) {
    const first = rows[r]?.firstOfTeam ?? true;
    const all = pieces[r] as Piece[][];
    const hTeam = rowHeightPt(m, r, true);
    const hBare = rowHeightPt(m, r, false);

    // 1. Fits on this page (with the team if it is the shift's first row or the page's first).
    const showHere = first || atPageTop;
    const hHere = showHere ? hTeam : hBare;
    if (hHere <= remaining) {
      out.push({ logical: r, cells: showHere ? all : withoutTeam(all), continuation: false });
      remaining -= hHere;
      atPageTop = false;
      continue;
    }
    // 2. Fits on a fresh page, where it is the first row: show the team if that still fits.
    if (hBare <= fullPage) {
      const show = hTeam <= fullPage;
      out.push({ logical: r, cells: show ? all : withoutTeam(all), continuation: false });
      remaining = fullPage - (show ? hTeam : hBare);
      atPageTop = false;
      continue;
    }
    // 3. Taller than a page: fill the rest of this page, continue on the next ones.
    if (remaining < fullPage * MIN_FILL_SHARE) {
      remaining = fullPage;
      atPageTop = true;
    }
    const cells = first || atPageTop ? all : withoutTeam(all);
    const cols = cells.map((colPieces, c) =>
      chunkColumn(colPieces, m.pieceHeightsPt[r]?.[c] ?? [], remaining - ROW_OVERHEAD_PT, fullPage - ROW_OVERHEAD_PT),
    );
    if (cols.some((c) => c === null)) {
      return { rows: pieces.map((p, i) => ({ logical: i, cells: p, continuation: false })), keepRowsWhole: false };
    }
    const chunked = cols as { chunks: Piece[][]; lastUsed: number }[];
    const n = Math.max(...chunked.map((c) => c.chunks.length));
    for (let j = 0; j < n; j++) {
      out.push({ logical: r, cells: chunked.map((c) => c.chunks[j] ?? []), continuation: j > 0 });
    }
    const lastUsed = Math.max(...chunked.map((c) => (c.chunks.length === n ? c.lastUsed : 0)));
    remaining = (n === 1 ? remaining : fullPage) - lastUsed - ROW_OVERHEAD_PT;
    atPageTop = false;
  }
  return { rows: out, keepRowsWhole: true };
}

interface Prepared {
  logical: LogicalRow[];
  pieces: Piece[][][];
  measurement: Measurement | null;
}

async function prepare(data: LogbookExportData): Promise<Prepared> {
  const inner = columnInnerWidthsPt(geometry().contentWidthPt);
  const logical = logicalRows(data.rows);
  const pieces = logical.map((row) => row.cells.map((cell, c) => piecesOf(cell, inner[c] ?? 0)));
  const measurement = logical.length > 0 ? await measure(data, pieces) : null;
  return { logical, pieces, measurement };
}

// ---------------------------------------------------------------------------------------------
// PDF

/** The logbook (Phụ lục I) as a PDF with Liberation Serif embedded. */
export async function renderLogbookPdf(input: LogbookExportData): Promise<Buffer> {
  const data = xmlSafeDeep(input);
  const g = geometry();
  const inner = columnInnerWidthsPt(g.contentWidthPt);
  const { logical, pieces, measurement } = await prepare(data);
  const plan: RowPlan = measurement ? planRows(logical, pieces, measurement) : { rows: [], keepRowsWhole: true };

  const body: PdfCell[][] = [pdfHeaderRow(inner, false)];
  for (const row of plan.rows) {
    body.push(
      row.cells.map((cellPieces, c) =>
        row.continuation && c === 0
          ? continuationCell(data.rows[row.logical]?.stt ?? '')
          : row.continuation && c === 1
            ? { text: data.rows[row.logical]?.date ?? '', alignment: 'center' }
            : pdfCell(cellPieces, c, { probe: false }),
      ),
    );
  }
  const empty = plan.rows.length === 0;
  if (empty) body.push(pdfEmptyRow());

  const content: Content[] = [
    pdfAdminHeader(headerSpec(data), g.contentWidthPt),
    pdfTitle(LOGBOOK_TITLE, logbookSubtitle(data.fromShift, data.toShift)),
    {
      table: {
        headerRows: 1,
        // Both only when every row is at most a page tall: pdfmake drops what does not fit
        // in an unbreakable block.
        ...(plan.keepRowsWhole ? { keepWithHeaderRows: 1, dontBreakRows: true } : {}),
        widths: inner,
        heights: (i: number) => (empty && i === 1 ? 24 : 'auto'),
        body,
      },
      layout: tableLayout,
      fontSize: TABLE_FONT_PT,
    },
  ];
  if (empty) content.push({ text: EMPTY_RANGE_TEXT, italics: true, margin: [0, 8, 0, 0] });
  content.push(pdfNotes(g.contentWidthPt));

  return renderPdfBuffer({
    ...pdfDocumentBase(g, { title: LOGBOOK_TITLE, author: data.issuingUnit }),
    content,
  });
}

// ---------------------------------------------------------------------------------------------
// DOCX

const DOCX_CELL_BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const DOCX_CELL_BORDERS = { top: DOCX_CELL_BORDER, bottom: DOCX_CELL_BORDER, left: DOCX_CELL_BORDER, right: DOCX_CELL_BORDER };

function docxCell(paragraphs: readonly string[], col: number, widthTwip: number, header = false): TableCell {
  const align = header || LOGBOOK_COLUMNS[col]?.align === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT;
  const children = paragraphs.length > 0
    ? paragraphs.map((p, i) => docxParagraph(p, { sizePt: TABLE_FONT_PT, bold: header, align, before: i > 0 ? PARA_GAP : 0 }))
    : [docxParagraph('', { sizePt: TABLE_FONT_PT })];
  return new TableCell({
    children,
    width: { size: widthTwip, type: WidthType.DXA },
    margins: { top: ptToTwip(PAD_Y), bottom: ptToTwip(PAD_Y), left: ptToTwip(PAD_X), right: ptToTwip(PAD_X) },
    verticalAlign: header ? VerticalAlign.CENTER : VerticalAlign.TOP,
    borders: DOCX_CELL_BORDERS,
  });
}

function docxNotes(g: PageGeometry): (Paragraph | Table)[] {
  const colTwip = Math.floor(docxContentWidthTwip(g) / LOGBOOK_NOTES.length);
  const cells = LOGBOOK_NOTES.map(
    (n) =>
      new TableCell({
        children: [
          docxParagraph(n.head, { sizePt: NOTES_FONT_PT }),
          ...n.items.map((it) => docxParagraph(`- ${it}`, { sizePt: NOTES_FONT_PT, indentLeftPt: 8 })),
        ],
        width: { size: colTwip, type: WidthType.DXA },
        margins: { top: 0, bottom: 0, left: 0, right: ptToTwip(8) },
        borders: DOCX_NO_BORDERS,
      }),
  );
  return [
    docxParagraph('Ghi chú:', { sizePt: NOTES_FONT_PT + 1, bold: true, italics: true, before: 10, after: 2, keepNext: true }),
    new Table({
      rows: [new TableRow({ children: cells, cantSplit: true })],
      width: { size: colTwip * LOGBOOK_NOTES.length, type: WidthType.DXA },
      columnWidths: LOGBOOK_NOTES.map(() => colTwip),
      layout: TableLayoutType.FIXED,
      borders: DOCX_NO_BORDERS,
    }),
  ];
}

/** Estimated text height of a cell (pt): wrapped lines × line height + paragraph gaps. */
function estimateCellPt(paragraphs: readonly string[], col: number, inner: readonly number[], style: 'normal' | 'bold' = 'normal'): number {
  const width = inner[col] ?? 0;
  const lines = paragraphs.reduce((n, p) => n + wrapText(p, width, style, TABLE_FONT_PT).length, 0);
  return lines * TABLE_FONT_PT * LINE_HEIGHT_EM + Math.max(0, paragraphs.length - 1) * PARA_GAP;
}

/**
 * The logbook (Phụ lục I) as a DOCX. Runs name Times New Roman. Rows that fit on a page get
 * "cantSplit" (Word would clip a cantSplit row taller than a page, so those may break).
 */
export async function renderLogbookDocx(input: LogbookExportData): Promise<Buffer> {
  // officers' text may hold characters XML 1.0 forbids; without this Word refuses the file
  const data = xmlSafeDeep(input);
  const g = geometry();
  const widthsTwip = docxColumnWidthsTwip(LOGBOOK_COLUMNS.map((c) => c.widthMm), docxContentWidthTwip(g));
  const inner = columnInnerWidthsPt(g.contentWidthPt);
  const logical = logicalRows(data.rows);
  // Word paginates by itself; an estimate (which never under-counts lines) decides which rows
  // may be kept whole, with 10 % to spare for Word's slightly different line layout.
  const headerRowPt =
    Math.max(...LOGBOOK_COLUMNS.map((c, i) => estimateCellPt([c.title], i, inner, 'bold'))) + 2 * PAD_Y + 2 * LINE_PT;
  const fullPage = (g.contentHeightPt - headerRowPt) * 0.9;

  const rows: TableRow[] = [
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: LOGBOOK_COLUMNS.map((c, i) => docxCell([c.title], i, widthsTwip[i] ?? 0, true)),
    }),
  ];
  for (const row of logical) {
    // Word paginates by itself, so the team is printed on each shift's first row only.
    const height =
      Math.max(...row.cells.map((cell, c) => (c === TEAM_COL && !row.firstOfTeam ? 0 : estimateCellPt(cell, c, inner)))) +
      ROW_OVERHEAD_PT;
    rows.push(
      new TableRow({
        cantSplit: height <= fullPage,
        children: row.cells.map((cell, c) =>
          docxCell(c === TEAM_COL && !row.firstOfTeam ? [] : cell, c, widthsTwip[c] ?? 0),
        ),
      }),
    );
  }
  const empty = logical.length === 0;
  if (empty) {
    rows.push(
      new TableRow({
        height: { value: ptToTwip(24), rule: HeightRule.ATLEAST },
        children: LOGBOOK_COLUMNS.map((_, c) => docxCell([], c, widthsTwip[c] ?? 0)),
      }),
    );
  }

  const table = new Table({
    rows,
    width: { size: widthsTwip.reduce((s, w) => s + w, 0), type: WidthType.DXA },
    columnWidths: widthsTwip,
    layout: TableLayoutType.FIXED,
  });

  const children: (Paragraph | Table)[] = [
    docxAdminHeader(headerSpec(data), g.contentWidthPt),
    ...docxTitle(LOGBOOK_TITLE, logbookSubtitle(data.fromShift, data.toShift)),
    table,
  ];
  if (empty) children.push(docxParagraph(EMPTY_RANGE_TEXT, { italics: true, before: 8 }));
  children.push(...docxNotes(g));

  const doc = new Document({
    creator: 'Trực ban',
    title: LOGBOOK_TITLE,
    description: logbookSubtitle(data.fromShift, data.toShift),
    styles: DOCX_STYLES,
    sections: [docxSection(g, children)],
  });
  return Packer.toBuffer(doc);
}
