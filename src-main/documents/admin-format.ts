/**
 * Vietnamese administrative document format (Nghị định 30/2020/NĐ-CP, Phụ lục I), shared by
 * every printed form of Quyết định 888 (Phụ lục I–V) in both DOCX and PDF:
 *
 * - page geometry: A4, margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm;
 * - the two-column header: left the parent body (upper-case, regular) over the issuing unit
 *   (upper-case, bold) with a short rule 1/3–1/2 of its length, optionally "Số: …/…"; right the
 *   national name "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (upper-case, bold) over the motto
 *   "Độc lập - Tự do - Hạnh phúc" (bold) with a rule as long as the motto, then the italic
 *   place–date line;
 * - the "Nơi nhận:" block (heading bold italic 12 pt, entries 11 pt "- …;", last "- Lưu: VT, ….")
 *   and the signature block, side by side at the end (Phụ lục II–V);
 * - page numbers centred in the top margin from page 2 on (the decree leaves page 1 unnumbered).
 *
 * All dates are Vietnam time, UTC+7 fixed (Asia/Ho_Chi_Minh has no DST): never the machine's zone
 * (src-shared/time/shift.ts).
 */
import {
  AlignmentType,
  BorderStyle,
  Header,
  LineRuleType,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { ISectionOptions, ITableBordersOptions } from 'docx';
import PdfPrinter from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { formatShiftDate, placeDateLine } from '../../src-shared/time/shift';
import { xmlSafe } from '../../src-shared/text/xml-safe';
import { DOCX_FONT_NAME, PDF_FONT_FAMILY, pdfFontDictionary, textWidthPt } from './fonts';
import type { FontStyle } from './fonts';

// ---------------------------------------------------------------------------------------------
// Units and page geometry

export const PT_PER_MM = 72 / 25.4;
/** Millimetres → PDF points. */
export const mmToPt = (mm: number): number => mm * PT_PER_MM;
/** Points → DOCX twentieths of a point (twips). */
export const ptToTwip = (pt: number): number => Math.round(pt * 20);
/** Millimetres → twips. */
export const mmToTwip = (mm: number): number => ptToTwip(mmToPt(mm));
/** Points → DOCX half-points (run font size). */
export const ptToHalfPt = (pt: number): number => Math.round(pt * 2);

export const A4_MM = { width: 210, height: 297 } as const;
/** Nghị định 30: top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm. We take the minimums. */
export const MARGINS_MM = { top: 20, bottom: 20, left: 30, right: 15 } as const;
/** Distance from the page top to the page number (inside the 20 mm top margin). */
export const PAGE_NUMBER_TOP_MM = 10;

export type Orientation = 'portrait' | 'landscape';

export interface PageGeometry {
  orientation: Orientation;
  widthPt: number;
  heightPt: number;
  margins: { top: number; right: number; bottom: number; left: number };
  contentWidthPt: number;
  contentHeightPt: number;
}

/**
 * A4 geometry. In landscape the margins keep their names as the page is read (left stays the
 * wide 30 mm binding margin), which is how Word applies them to a landscape section.
 */
export function pageGeometry(orientation: Orientation): PageGeometry {
  const w = mmToPt(orientation === 'portrait' ? A4_MM.width : A4_MM.height);
  const h = mmToPt(orientation === 'portrait' ? A4_MM.height : A4_MM.width);
  const margins = {
    top: mmToPt(MARGINS_MM.top),
    right: mmToPt(MARGINS_MM.right),
    bottom: mmToPt(MARGINS_MM.bottom),
    left: mmToPt(MARGINS_MM.left),
  };
  return {
    orientation,
    widthPt: w,
    heightPt: h,
    margins,
    contentWidthPt: w - margins.left - margins.right,
    contentHeightPt: h - margins.top - margins.bottom,
  };
}

/** Type sizes (pt) from Nghị định 30 (ranges given there; we use the usual choice). */
export const FONT_SIZES = {
  /** Body text: 13–14. */
  body: 13,
  /** Parent body, issuing unit, national name: 12–13. */
  headerCaps: 12,
  /** Motto: 13–14. */
  motto: 13,
  /** "Số: …" and place–date line: 13–14. */
  number: 13,
  placeDate: 13,
  /** Document type name (title): 13–14, bold. */
  title: 14,
  /** "Nơi nhận:" 12 bold italic; entries 11. */
  recipientsHeading: 12,
  recipients: 11,
  /** Signatory's authority/title and name: 13–14 bold. */
  signature: 13,
  /** Page number: 13–14. */
  pageNumber: 13,
} as const;

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
/** Rule line thickness, points. */
const RULE_PT = 0.6;

// ---------------------------------------------------------------------------------------------
// Vietnam dates (UTC+7 fixed) — the shared shift calendar does the arithmetic.

/** "Hà Nội, ngày 05 tháng 01 năm 2026" (leading zero for days 1–9 and months 1–2 only). */
export { placeDateLine };

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'; anything else is printed as it is (a print never fails on it). */
export function shiftDateDisplay(shiftDate: string): string {
  try {
    return formatShiftDate(shiftDate);
  } catch {
    return shiftDate;
  }
}

// ---------------------------------------------------------------------------------------------
// What the shared blocks show

export interface AdminHeaderSpec {
  /** Parent body, e.g. "CỤC HẢI QUAN" (printed upper-case, regular). Empty → omitted. */
  parentBody: string;
  /** Issuing unit, e.g. "TRỰC BAN" (printed upper-case, bold); may hold "\n". */
  issuingUnit: string;
  /** Document number after "Số: ", e.g. "12/TB-TrB"; omitted when undefined. */
  number?: string;
  /** Place–date line under the motto, when both are given. */
  place?: string;
  issuedAt?: number;
  /** Label before the number (default "Số"), e.g. "Fax số". */
  numberLabel?: string;
  /** Lines under the number in the left column (e.g. a fax's time line, a letter's "V/v …"). */
  leftLines?: string[];
  /** Text of the place–date line when there is no issue date yet (a draft: "…, ngày … tháng … năm …"). */
  dateLine?: string;
  /** Replaces the national name and motto on the right (e.g. "ĐIỆN FAX ĐI" / "(Khẩn)"), bold, centred. */
  rightLines?: { text: string; sizePt?: number }[];
}

export interface RecipientsSpec {
  /** Addressees, printed "- …;" (trailing ";" or "." in the input is dropped). */
  entries: string[];
  /** What follows "Lưu: " on the last line, e.g. "VT, TrB". Default "VT". */
  archive?: string;
}

export interface SignatureSpec {
  /** Signing authority above the title, e.g. "KT. CỤC TRƯỞNG" (bold upper-case). */
  authority?: string;
  /** Position, e.g. "PHỤ TRÁCH TRỰC BAN" (bold upper-case). */
  title: string;
  /** Italic note under the title, e.g. "(Ký, ghi rõ họ tên, chức vụ)"; lines split on "\n". */
  note?: string;
  /** Signatory's full name (bold), below the space for the signature. */
  name?: string;
}

/** Lines of the "Nơi nhận:" block after its heading. */
export function recipientLines(spec: RecipientsSpec): string[] {
  const clean = (s: string) => s.trim().replace(/[;.]+$/u, '');
  const lines = spec.entries.map((e) => clean(e)).filter((e) => e.length > 0).map((e) => `- ${e};`);
  lines.push(`- Lưu: ${clean(spec.archive ?? 'VT')}.`);
  return lines;
}

/** Widths of the two header columns: left 40 %, right 60 % of the text width. */
export function headerColumnWidthsPt(contentWidthPt: number): [number, number] {
  const left = Math.round(contentWidthPt * 0.4 * 100) / 100;
  return [left, contentWidthPt - left];
}

/** Length of the rule under the issuing unit: ~45 % (1/3–1/2) of its longest line. */
function issuingRuleWidthPt(issuingUnit: string, columnWidthPt: number): number {
  const size = FONT_SIZES.headerCaps;
  const lines = issuingUnit.toUpperCase().split('\n').flatMap((l) => wrapText(l, columnWidthPt, 'bold', size));
  const longest = Math.max(...lines.map((l) => textWidthPt(l, 'bold', size)), 0);
  return Math.min(columnWidthPt, Math.max(mmToPt(10), longest * 0.45));
}

function mottoRuleWidthPt(): number {
  return textWidthPt(MOTTO, 'bold', FONT_SIZES.motto);
}

/**
 * Greedy word wrap with the real advance widths; breaks only at spaces (pdfmake and Word may
 * also break after "-" or "/"), so it never under-counts lines. Words wider than the line are
 * cut by character.
 */
export function wrapText(text: string, widthPt: number, style: FontStyle, sizePt: number): string[] {
  const words = text.split(/ +/u).filter((w) => w.length > 0);
  if (words.length === 0) return [''];
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidthPt(candidate, style, sizePt) <= widthPt) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = '';
    // Cut by code point (never inside a surrogate pair); advance widths simply add up.
    let piece = '';
    let pieceWidth = 0;
    for (const ch of word) {
      const w = textWidthPt(ch, style, sizePt);
      if (piece && pieceWidth + w > widthPt) {
        lines.push(piece);
        piece = '';
        pieceWidth = 0;
      }
      piece += ch;
      pieceWidth += w;
    }
    line = piece;
  }
  if (line) lines.push(line);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// PDF (pdfmake)

/** Page setup, default style, page numbers and metadata of an administrative PDF. */
export function pdfDocumentBase(
  geometry: PageGeometry,
  meta: { title: string; author: string },
): Omit<TDocumentDefinitions, 'content'> {
  const { margins } = geometry;
  return {
    pageSize: 'A4',
    pageOrientation: geometry.orientation,
    pageMargins: [margins.left, margins.top, margins.right, margins.bottom],
    defaultStyle: { font: PDF_FONT_FAMILY, fontSize: FONT_SIZES.body },
    header: (currentPage: number): Content | null =>
      currentPage <= 1
        ? null
        : {
            text: String(currentPage),
            alignment: 'center',
            fontSize: FONT_SIZES.pageNumber,
            margin: [margins.left, mmToPt(PAGE_NUMBER_TOP_MM), margins.right, 0],
          },
    info: { title: meta.title, author: meta.author, creator: 'Trực ban', producer: 'Trực ban (pdfmake)' },
  };
}

function pdfRule(widthPt: number, columnWidthPt: number, marginTop: number): Content {
  const x1 = Math.max(0, (columnWidthPt - widthPt) / 2);
  return {
    canvas: [{ type: 'line', x1, y1: RULE_PT / 2, x2: x1 + widthPt, y2: RULE_PT / 2, lineWidth: RULE_PT }],
    margin: [0, marginTop, 0, 0],
  };
}

/** The place–date line of a header: from place and date, else the given text, else none. */
function headerDateLine(spec: AdminHeaderSpec): string | null {
  if (spec.place !== undefined && spec.issuedAt !== undefined) return placeDateLine(spec.place, spec.issuedAt);
  return spec.dateLine ?? null;
}

/** The two-column header block (and place–date line) for pdfmake. */
export function pdfAdminHeader(spec: AdminHeaderSpec, contentWidthPt: number): Content {
  const [leftW, rightW] = headerColumnWidthsPt(contentWidthPt);
  const left: Content[] = [];
  if (spec.parentBody.trim()) {
    left.push({ text: spec.parentBody.toUpperCase(), fontSize: FONT_SIZES.headerCaps, alignment: 'center' });
  }
  left.push({ text: spec.issuingUnit.toUpperCase(), fontSize: FONT_SIZES.headerCaps, bold: true, alignment: 'center' });
  left.push(pdfRule(issuingRuleWidthPt(spec.issuingUnit, leftW), leftW, 2.5));
  if (spec.number !== undefined) {
    left.push({ text: `${spec.numberLabel ?? 'Số'}: ${spec.number}`, fontSize: FONT_SIZES.number, alignment: 'center', margin: [0, 6, 0, 0] });
  }
  for (const line of spec.leftLines ?? []) {
    left.push({ text: line, fontSize: FONT_SIZES.recipientsHeading, alignment: 'center', margin: [0, 2, 0, 0] });
  }

  const right: Content[] = spec.rightLines
    ? spec.rightLines.map((l): Content => ({ text: l.text, fontSize: l.sizePt ?? FONT_SIZES.title, bold: true, alignment: 'center' }))
    : [
        { text: NATIONAL_NAME, fontSize: FONT_SIZES.headerCaps, bold: true, alignment: 'center' },
        { text: MOTTO, fontSize: FONT_SIZES.motto, bold: true, alignment: 'center' },
        pdfRule(mottoRuleWidthPt(), rightW, 2.5),
      ];
  const dateLine = headerDateLine(spec);
  if (dateLine !== null) {
    right.push({
      text: dateLine,
      fontSize: FONT_SIZES.placeDate,
      italics: true,
      alignment: 'center',
      margin: [0, 8, 0, 0],
    });
  }
  return {
    columns: [
      { width: leftW, stack: left },
      { width: rightW, stack: right },
    ],
    columnGap: 0,
  };
}

/** Document type name (bold, centred, upper-case) and an optional subtitle line. */
export function pdfTitle(title: string, subtitle?: string): Content {
  const stack: Content[] = [
    { text: title.toUpperCase(), fontSize: FONT_SIZES.title, bold: true, alignment: 'center' },
  ];
  if (subtitle) stack.push({ text: subtitle, fontSize: FONT_SIZES.body, alignment: 'center', margin: [0, 2, 0, 0] });
  return { stack, margin: [0, 18, 0, 10] };
}

/** "Nơi nhận:" (left) and the signature (right), side by side at the end of a document. */
export function pdfRecipientsAndSignature(
  recipients: RecipientsSpec | null,
  signature: SignatureSpec | null,
  contentWidthPt: number,
): Content {
  const [leftW, rightW] = headerColumnWidthsPt(contentWidthPt);
  const left: Content[] = recipients
    ? [
        { text: 'Nơi nhận:', fontSize: FONT_SIZES.recipientsHeading, bold: true, italics: true },
        ...recipientLines(recipients).map((l): Content => ({ text: l, fontSize: FONT_SIZES.recipients })),
      ]
    : [];
  const right: Content[] = [];
  if (signature) {
    if (signature.authority) {
      right.push({ text: signature.authority.toUpperCase(), bold: true, fontSize: FONT_SIZES.signature, alignment: 'center' });
    }
    right.push({ text: signature.title.toUpperCase(), bold: true, fontSize: FONT_SIZES.signature, alignment: 'center' });
    if (signature.note) {
      right.push({ text: signature.note, italics: true, fontSize: FONT_SIZES.recipientsHeading, alignment: 'center' });
    }
    right.push({ text: signature.name ?? ' ', bold: true, fontSize: FONT_SIZES.signature, alignment: 'center', margin: [0, mmToPt(25), 0, 0] });
  }
  return {
    columns: [
      { width: leftW, stack: left },
      { width: rightW, stack: right },
    ],
    columnGap: 0,
    margin: [0, 12, 0, 0],
    unbreakable: true,
  };
}

/** pdfmake with the embedded Liberation Serif faces. */
export function createPdfPrinter(): PdfPrinter {
  return new PdfPrinter(pdfFontDictionary());
}

/** Lay out and serialise a pdfmake document to a Buffer. */
export function renderPdfBuffer(definition: TDocumentDefinitions, printer = createPdfPrinter()): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    try {
      const doc = printer.createPdfKitDocument(definition);
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
      doc.end();
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

// ---------------------------------------------------------------------------------------------
// DOCX (docx)

export interface DocxRunStyle {
  sizePt?: number;
  bold?: boolean;
  italics?: boolean;
}

/** A run in Times New Roman (all four font slots, so Word never falls back to Calibri). */
export function docxRun(text: string, style: DocxRunStyle = {}): TextRun {
  return new TextRun({
    // every text run of our DOCX files passes here: no character XML 1.0 forbids gets through
    text: xmlSafe(text),
    font: { ascii: DOCX_FONT_NAME, hAnsi: DOCX_FONT_NAME, cs: DOCX_FONT_NAME, eastAsia: DOCX_FONT_NAME },
    size: ptToHalfPt(style.sizePt ?? FONT_SIZES.body),
    bold: style.bold ?? false,
    italics: style.italics ?? false,
  });
}

type DocxAlign = (typeof AlignmentType)[keyof typeof AlignmentType];

export interface DocxParagraphStyle extends DocxRunStyle {
  align?: DocxAlign;
  /** Space before/after, points. */
  before?: number;
  after?: number;
  keepNext?: boolean;
  indentLeftPt?: number;
  hangingPt?: number;
}

/** One paragraph; "\n" in `text` becomes a line break inside it. */
export function docxParagraph(text: string, style: DocxParagraphStyle = {}): Paragraph {
  const parts = text.split('\n');
  const children = parts.map((part, i) => {
    const run = docxRun(part, style);
    return i === 0 ? run : [new TextRun({ break: 1 }), run];
  }).flat();
  return new Paragraph({
    children,
    alignment: style.align ?? AlignmentType.LEFT,
    spacing: { before: ptToTwip(style.before ?? 0), after: ptToTwip(style.after ?? 0) },
    keepNext: style.keepNext ?? false,
    indent:
      style.indentLeftPt !== undefined || style.hangingPt !== undefined
        ? { left: ptToTwip(style.indentLeftPt ?? 0), hanging: ptToTwip(style.hangingPt ?? 0) }
        : undefined,
  });
}

/** A short horizontal rule `widthPt` long, centred in a cell `columnWidthPt` wide. */
function docxRule(widthPt: number, columnWidthPt: number): Paragraph {
  const side = ptToTwip(Math.max(0, (columnWidthPt - widthPt) / 2));
  return new Paragraph({
    children: [],
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: ptToTwip(2), lineRule: LineRuleType.EXACT },
    // 6 eighths of a point: the nearest line weight Word offers (¾ pt) to the PDF's 0.6 pt.
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 0 } },
  });
}

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
export const DOCX_NO_BORDERS: ITableBordersOptions = {
  top: NO_BORDER,
  bottom: NO_BORDER,
  left: NO_BORDER,
  right: NO_BORDER,
  insideHorizontal: NO_BORDER,
  insideVertical: NO_BORDER,
};

/** Text width of a section in twips, computed as Word does (page minus margins, in twips). */
export function docxContentWidthTwip(geometry: PageGeometry): number {
  const page = mmToTwip(geometry.orientation === 'portrait' ? A4_MM.width : A4_MM.height);
  return page - mmToTwip(MARGINS_MM.left) - mmToTwip(MARGINS_MM.right);
}

/** Split `totalTwip` in proportion to `weights`, the rounding put in the last column. */
export function docxColumnWidthsTwip(weights: readonly number[], totalTwip: number): number[] {
  const sum = weights.reduce((a, w) => a + w, 0);
  const out = weights.map((w) => Math.round((totalTwip * w) / sum));
  out[out.length - 1] = totalTwip - out.slice(0, -1).reduce((a, w) => a + w, 0);
  return out;
}

/** A borderless table of two cells side by side, spanning the text width exactly. */
function docxTwoColumns(left: Paragraph[], right: Paragraph[], contentWidthPt: number, cantSplit = false): Table {
  const [leftW, rightW] = headerColumnWidthsPt(contentWidthPt);
  const cell = (children: Paragraph[], w: number) =>
    new TableCell({
      children: children.length > 0 ? children : [new Paragraph({ children: [] })],
      width: { size: ptToTwip(w), type: WidthType.DXA },
      margins: { top: 0, bottom: 0, left: 0, right: 0 },
      verticalAlign: VerticalAlign.TOP,
      borders: DOCX_NO_BORDERS,
    });
  return new Table({
    rows: [new TableRow({ children: [cell(left, leftW), cell(right, rightW)], cantSplit })],
    width: { size: ptToTwip(leftW) + ptToTwip(rightW), type: WidthType.DXA },
    columnWidths: [ptToTwip(leftW), ptToTwip(rightW)],
    layout: TableLayoutType.FIXED,
    borders: DOCX_NO_BORDERS,
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
  });
}

/** The two-column header block (and place–date line) for docx. */
export function docxAdminHeader(spec: AdminHeaderSpec, contentWidthPt: number): Table {
  const [leftW, rightW] = headerColumnWidthsPt(contentWidthPt);
  const center = AlignmentType.CENTER;
  const left: Paragraph[] = [];
  if (spec.parentBody.trim()) {
    left.push(docxParagraph(spec.parentBody.toUpperCase(), { sizePt: FONT_SIZES.headerCaps, align: center }));
  }
  left.push(docxParagraph(spec.issuingUnit.toUpperCase(), { sizePt: FONT_SIZES.headerCaps, bold: true, align: center }));
  left.push(docxRule(issuingRuleWidthPt(spec.issuingUnit, leftW), leftW));
  if (spec.number !== undefined) {
    left.push(docxParagraph(`${spec.numberLabel ?? 'Số'}: ${spec.number}`, { sizePt: FONT_SIZES.number, align: center, before: 6 }));
  }
  for (const line of spec.leftLines ?? []) {
    left.push(docxParagraph(line, { sizePt: FONT_SIZES.recipientsHeading, align: center, before: 2 }));
  }
  const right: Paragraph[] = spec.rightLines
    ? spec.rightLines.map((l) => docxParagraph(l.text, { sizePt: l.sizePt ?? FONT_SIZES.title, bold: true, align: center }))
    : [
        docxParagraph(NATIONAL_NAME, { sizePt: FONT_SIZES.headerCaps, bold: true, align: center }),
        docxParagraph(MOTTO, { sizePt: FONT_SIZES.motto, bold: true, align: center }),
        docxRule(mottoRuleWidthPt(), rightW),
      ];
  const dateLine = headerDateLine(spec);
  if (dateLine !== null) {
    right.push(
      docxParagraph(dateLine, {
        sizePt: FONT_SIZES.placeDate,
        italics: true,
        align: center,
        before: 8,
      }),
    );
  }
  return docxTwoColumns(left, right, contentWidthPt, true);
}

/** Document type name (bold, centred, upper-case) and an optional subtitle line. */
export function docxTitle(title: string, subtitle?: string): Paragraph[] {
  const out = [
    docxParagraph(title.toUpperCase(), {
      sizePt: FONT_SIZES.title,
      bold: true,
      align: AlignmentType.CENTER,
      before: 18,
      after: subtitle ? 2 : 10,
      keepNext: true,
    }),
  ];
  if (subtitle) {
    out.push(docxParagraph(subtitle, { align: AlignmentType.CENTER, after: 10, keepNext: true }));
  }
  return out;
}

/** "Nơi nhận:" (left) and the signature (right), side by side at the end of a document. */
export function docxRecipientsAndSignature(
  recipients: RecipientsSpec | null,
  signature: SignatureSpec | null,
  contentWidthPt: number,
): Table {
  const left: Paragraph[] = recipients
    ? [
        docxParagraph('Nơi nhận:', { sizePt: FONT_SIZES.recipientsHeading, bold: true, italics: true }),
        ...recipientLines(recipients).map((l) => docxParagraph(l, { sizePt: FONT_SIZES.recipients })),
      ]
    : [];
  const right: Paragraph[] = [];
  if (signature) {
    const center = AlignmentType.CENTER;
    if (signature.authority) {
      right.push(docxParagraph(signature.authority.toUpperCase(), { bold: true, sizePt: FONT_SIZES.signature, align: center }));
    }
    right.push(docxParagraph(signature.title.toUpperCase(), { bold: true, sizePt: FONT_SIZES.signature, align: center }));
    if (signature.note) {
      right.push(docxParagraph(signature.note, { italics: true, sizePt: FONT_SIZES.recipientsHeading, align: center }));
    }
    right.push(
      docxParagraph(signature.name ?? '', { bold: true, sizePt: FONT_SIZES.signature, align: center, before: mmToPt(25) }),
    );
  }
  return docxTwoColumns(left, right, contentWidthPt, true);
}

/**
 * Section settings: A4 in the given orientation, the decree's margins, page number centred in
 * the header from page 2 (first-page header left empty via titlePage).
 */
export function docxSection(
  geometry: PageGeometry,
  children: ISectionOptions['children'],
): ISectionOptions {
  const pageNumberHeader = new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            children: [PageNumber.CURRENT],
            font: DOCX_FONT_NAME,
            size: ptToHalfPt(FONT_SIZES.pageNumber),
          }),
        ],
      }),
    ],
  });
  return {
    properties: {
      titlePage: true,
      page: {
        size: {
          // docx swaps width and height itself for landscape: always give the portrait sizes.
          width: mmToTwip(A4_MM.width),
          height: mmToTwip(A4_MM.height),
          orientation: geometry.orientation === 'landscape' ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT,
        },
        margin: {
          top: mmToTwip(MARGINS_MM.top),
          bottom: mmToTwip(MARGINS_MM.bottom),
          left: mmToTwip(MARGINS_MM.left),
          right: mmToTwip(MARGINS_MM.right),
          header: mmToTwip(PAGE_NUMBER_TOP_MM),
          footer: mmToTwip(PAGE_NUMBER_TOP_MM),
        },
      },
    },
    headers: { default: pageNumberHeader, first: new Header({ children: [] }) },
    children,
  };
}

/** Document-wide defaults: Times New Roman 13 pt, Vietnamese proofing language. */
export const DOCX_STYLES = {
  default: {
    document: {
      run: {
        font: DOCX_FONT_NAME,
        size: ptToHalfPt(FONT_SIZES.body),
        language: { value: 'vi-VN' },
      },
      paragraph: { spacing: { before: 0, after: 0 } },
    },
  },
};
