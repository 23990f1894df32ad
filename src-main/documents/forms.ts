/**
 * The official forms of Quyết định 888/QĐ-TCHQ, Phụ lục II–V, as PDF and DOCX — pure
 * renderers: form data → bytes (no database, no clock).
 *
 * Each form is first laid out as a short list of blocks (header, title, paragraphs, bullets,
 * "Nơi nhận" + signature, the Director General's opinion block), then written by one PDF and
 * one DOCX emitter, so both files carry the same words in the same order. A4 portrait, the
 * margins and type sizes of Nghị định 30/2020 (admin-format.ts).
 *
 * - II and V (urgent fax): the issuing body top-left with "Fax số:" and the time line
 *   "14 giờ 30 phút, ngày 05/01/2026"; "ĐIỆN FAX ĐI" / "(Khẩn)" top-right; "THÔNG BÁO" and
 *   "Về việc …"; "Kính gửi: …"; the annex's opening sentence; the bullets; V closes with
 *   "Trân trọng./.".
 * - III: the usual header (national name, motto, place–date line), "Số:", the title, the two
 *   numbered sections, then "Ý kiến của lãnh đạo Tổng cục" — blank for the Director General to
 *   write on, or the decision recorded in the app.
 * - IV: "ĐƠN VỊ CHỦ QUẢN / ĐƠN VỊ" header with "Số:" and "V/v …", motto and place–date line,
 *   "Kính gửi:", the reference to the request, the timeline, the result and, when late, the
 *   cause and the officer responsible.
 *
 * A draft carries "DỰ THẢO" top-left, dots instead of the number, date and time, and the
 * annex's signing instructions while no signer is named.
 */
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableLayoutType, TableRow, WidthType } from 'docx';
import type { Content } from 'pdfmake/interfaces';
import {
  DOCX_NO_BORDERS,
  DOCX_STYLES,
  FONT_SIZES,
  docxAdminHeader,
  docxParagraph,
  docxRecipientsAndSignature,
  docxRun,
  docxSection,
  mmToPt,
  pageGeometry,
  pdfAdminHeader,
  pdfDocumentBase,
  pdfRecipientsAndSignature,
  ptToTwip,
  renderPdfBuffer,
} from './admin-format';
import type { AdminHeaderSpec, RecipientsSpec, SignatureSpec } from './admin-format';
import {
  ANNEX_III_TITLE,
  ANNEX_IV_SUBJECT,
  FAX_HEADING,
  FAX_URGENCY,
  LABELS,
  NOTICE_TITLE,
  SIGNER_NOTES,
  isLate,
  vnTimeLine,
} from '../../src-shared/domain/forms';
import type {
  Annex,
  AnnexIIFields,
  AnnexIIIFields,
  AnnexIVFields,
  AnnexVFields,
  FormData,
  FormHeader,
  FormRecipients,
  FormSigner,
} from '../../src-shared/domain/forms';
import { placeDateLine } from '../../src-shared/time/shift';
import { xmlSafeDeep } from '../../src-shared/text/xml-safe';

export const DRAFT_MARK = 'DỰ THẢO';
/** What stands for a value not filled in yet, as on the blank annex. */
export const BLANK = '…………';
const FIRST_LINE_INDENT_PT = mmToPt(10);
const SUB_INDENT_PT = mmToPt(10);
const PARA_AFTER_PT = 6;
const LINE_HEIGHT = 1.1;

export interface FormRenderInput {
  form: FormData;
  /** The document's symbol, e.g. "TB-TrB". */
  symbol: string;
  /** Number in the series; null for a draft (dots are printed). */
  number: number | null;
  /** Issue time (fax time line, place–date line); null for a draft. */
  issuedAt: number | null;
}

// ---------------------------------------------------------------------------------------------
// Text helpers (Vietnam time, UTC+7)

const pad2 = (n: number) => String(n).padStart(2, '0');
const nfc = (s: string) => s.normalize('NFC').trim();

export { vnTimeLine };

/** "ngày 05 tháng 01 năm 2026" (leading zero for days 1–9 and months 1–2, Nghị định 30). */
export function vnLongDate(ms: number): string {
  const line = placeDateLine('', ms);
  return `n${line.slice(1)}`;
}

/** "05/TB-TrB", or "...../TB-TrB" while the number is not given yet. */
export function numberText(number: number | null, symbol: string): string {
  return number === null ? `...../${symbol}` : `${pad2(number)}/${symbol}`;
}

/** A value as printed: NFC, trimmed, the blank mark when empty. */
function value(s: string): string {
  const v = nfc(s);
  return v.length > 0 ? v : BLANK;
}

/** Lines of a multi-line value (blank lines dropped). */
function lines(s: string): string[] {
  return nfc(s)
    .split(/\r?\n/u)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** A sentence that ends with a full stop (";", ":" or "." kept as given). */
function sentence(s: string): string {
  const v = value(s);
  return /[.;:!?…]$/u.test(v) ? v : `${v}.`;
}

// ---------------------------------------------------------------------------------------------
// Layout model

interface Run {
  text: string;
  bold?: boolean;
  italics?: boolean;
}

type Block =
  | { kind: 'draft' }
  | { kind: 'header'; spec: AdminHeaderSpec }
  | { kind: 'center'; runs: Run[]; sizePt?: number; before?: number; after?: number }
  | { kind: 'para'; runs: Run[]; indent: 'first' | 'sub' | 'none'; after?: number }
  | { kind: 'end'; recipients: RecipientsSpec; signature: SignatureSpec }
  | { kind: 'opinion'; heading: string; note: string; body: Block[] | null };

function headerOf(h: FormHeader): Pick<AdminHeaderSpec, 'parentBody' | 'issuingUnit'> {
  return { parentBody: nfc(h.parentBody), issuingUnit: nfc(h.issuingUnit) };
}

/** "- Label: value" and the value's further lines as their own indented paragraphs. */
function bullet(label: string, v: string): Block[] {
  const ls = lines(v);
  if (ls.length > 0) ls[ls.length - 1] = sentence(ls[ls.length - 1] ?? '');
  const [first, ...rest] = ls.length > 0 ? ls : [BLANK];
  return [
    { kind: 'para', indent: 'first', runs: [{ text: `- ${label}: ` }, { text: first ?? BLANK }] },
    ...rest.map((l): Block => ({ kind: 'para', indent: 'first', runs: [{ text: l }] })),
  ];
}

function endBlock(annex: Annex, r: FormRecipients, signer: FormSigner): Block {
  const title = nfc(signer.title);
  const position = nfc(signer.position);
  const name = nfc(signer.name);
  const signature: SignatureSpec = position ? { authority: title, title: position } : { title };
  if (!name) signature.note = SIGNER_NOTES[annex];
  else signature.name = name;
  return { kind: 'end', recipients: { entries: r.recipients.map(nfc), archive: nfc(r.archive) || 'VT' }, signature };
}

function draftDateLine(place: string): string {
  const p = nfc(place);
  return `${p ? `${p}, ngày` : 'Ngày'} ..... tháng ..... năm .....`;
}

function faxBlocks(annex: 'II' | 'V', f: AnnexIIFields | AnnexVFields, input: FormRenderInput): Block[] {
  const timeLine = input.issuedAt === null ? '..... giờ ..... phút, ngày ..../..../.....' : vnTimeLine(input.issuedAt);
  const out: Block[] = [
    {
      kind: 'header',
      spec: {
        ...headerOf(f.header),
        numberLabel: 'Fax số',
        number: numberText(input.number, input.symbol),
        leftLines: [timeLine],
        rightLines: [{ text: FAX_HEADING, sizePt: 15 }, { text: FAX_URGENCY, sizePt: FONT_SIZES.title }],
      },
    },
    { kind: 'center', runs: [{ text: NOTICE_TITLE, bold: true }], sizePt: FONT_SIZES.title, before: 20 },
    { kind: 'center', runs: [{ text: `Về việc ${value(f.subject)}`, bold: true }], sizePt: FONT_SIZES.title, after: 4 },
    { kind: 'center', runs: [{ text: 'Kính gửi: ' }, { text: sentence(f.addressee) }], before: 8, after: 10 },
    ...lines(f.preamble).map((l): Block => ({ kind: 'para', indent: 'first', runs: [{ text: l }] })),
  ];
  if (annex === 'II') {
    const g = f as AnnexIIFields;
    out.push(
      ...bullet(LABELS.requested, g.requestedContent),
      ...bullet(LABELS.timeRequirement, g.timeRequirement),
      ...bullet(LABELS.replyForm, g.replyForm),
      ...bullet(LABELS.focalPoint, g.focalPoint),
    );
  } else {
    out.push(
      ...bullet(LABELS.requestedOnline, f.requestedContent),
      ...bullet(LABELS.timeRequirement, f.timeRequirement),
      ...bullet(LABELS.focalPoint, f.focalPoint),
      { kind: 'para', indent: 'first', runs: [{ text: LABELS.closing }] },
    );
  }
  out.push(endBlock(annex, f, f.signer));
  return out;
}

function timesText(f: AnnexIIIFields): string {
  const parts: string[] = [];
  if (f.arisenAt !== null) parts.push(`phát sinh lúc ${vnTimeLine(f.arisenAt)}`);
  if (f.receivedAt !== null) parts.push(`tiếp nhận lúc ${vnTimeLine(f.receivedAt)}`);
  return parts.join('; ');
}

function annexIIIBlocks(f: AnnexIIIFields, input: FormRenderInput): Block[] {
  const header: AdminHeaderSpec = { ...headerOf(f.header), number: numberText(input.number, input.symbol) };
  if (input.issuedAt !== null) {
    header.place = nfc(f.header.place);
    header.issuedAt = input.issuedAt;
  } else header.dateLine = draftDateLine(f.header.place);
  const heading = (text: string): Block => ({ kind: 'para', indent: 'first', runs: [{ text, bold: true }] });
  const out: Block[] = [
    { kind: 'header', spec: header },
    { kind: 'center', runs: [{ text: ANNEX_III_TITLE, bold: true }], sizePt: FONT_SIZES.title, before: 20, after: 12 },
    ...lines(f.preamble).map((l): Block => ({ kind: 'para', indent: 'first', runs: [{ text: l }] })),
    heading(LABELS.sectionInfo),
    ...bullet(LABELS.times, timesText(f)),
    ...bullet(LABELS.place, f.place),
    ...bullet(LABELS.involved, f.involved),
    ...bullet(LABELS.content, f.content),
    heading(LABELS.sectionProposal),
    ...bullet(LABELS.analysis, f.analysis),
    ...bullet(LABELS.proposal, f.proposal),
    endBlock('III', f, f.signer),
  ];
  const op = f.dgOpinion;
  out.push({
    kind: 'opinion',
    heading: LABELS.dgOpinion,
    note: LABELS.dgOpinionNote,
    body: op
      ? [
          ...lines(op.text).map((l): Block => ({ kind: 'para', indent: 'first', runs: [{ text: l }] })),
          {
            kind: 'center',
            runs: [{ text: nfc(op.decidedByTitle) ? `${nfc(op.decidedByTitle)}: ${value(op.decidedBy)}` : value(op.decidedBy), bold: true }],
            before: 4,
          },
          { kind: 'center', runs: [{ text: `(Quyết định lúc ${vnTimeLine(op.decidedAt)})`, italics: true }] },
        ]
      : null,
  });
  return out;
}

function annexIVBlocks(f: AnnexIVFields, input: FormRenderInput): Block[] {
  const header: AdminHeaderSpec = {
    ...headerOf(f.header),
    number: numberText(input.number, input.symbol),
    leftLines: [ANNEX_IV_SUBJECT],
  };
  if (input.issuedAt !== null) {
    header.place = nfc(f.header.place);
    header.issuedAt = input.issuedAt;
  } else header.dateLine = draftDateLine(f.header.place);
  const ref = f.reference;
  const refKind = ref.kind === 'fax' ? 'điện fax' : 'công văn';
  const refDate = ref.date === null ? 'ngày ..... tháng ..... năm .....' : vnLongDate(ref.date);
  const preamble =
    `Thực hiện yêu cầu phối hợp tại ${refKind} số ${value(ref.number)}, ${refDate} của ${value(ref.issuer)}. ` +
    `${value(f.handlingUnit)} báo cáo kết quả xử lý, cụ thể như sau:`;
  const out: Block[] = [
    { kind: 'header', spec: header },
    { kind: 'center', runs: [{ text: 'Kính gửi: ' }, { text: sentence(f.addressee) }], before: 20, after: 12 },
    { kind: 'para', indent: 'first', runs: [{ text: preamble }] },
    ...bullet(LABELS.ivRequested, f.requestedContent),
  ];
  const items = [...f.timeline].sort((a, b) => a.at - b.at);
  out.push({ kind: 'para', indent: 'first', runs: [{ text: `- ${LABELS.ivTimeline}:` }, ...(items.length === 0 ? [{ text: ` ${BLANK}` }] : [])] });
  for (const it of items) {
    out.push({ kind: 'para', indent: 'sub', runs: [{ text: `+ ${vnTimeLine(it.at)}: ` }, { text: sentence(it.text) }] });
  }
  out.push(...bullet(LABELS.ivResult, f.result));
  if (f.dueAt !== null && f.finishedAt !== null) {
    const when = `hạn ${vnTimeLine(f.dueAt)}; hoàn thành ${vnTimeLine(f.finishedAt)}`;
    if (isLate(f)) {
      out.push({
        kind: 'para',
        indent: 'first',
        runs: [
          { text: `- Xử lý chậm hơn thời gian yêu cầu (${when}). Nguyên nhân: ` },
          { text: sentence(f.lateCause) },
          { text: ' Trách nhiệm công chức liên quan: ' },
          { text: sentence(f.lateResponsible) },
        ],
      });
    } else {
      out.push({ kind: 'para', indent: 'first', runs: [{ text: `- Xử lý trong thời gian yêu cầu (${when}).` }] });
    }
  }
  out.push(...bullet(LABELS.ivProposals, nfc(f.proposals) || 'Không.'), ...bullet(LABELS.ivFocalPoint, f.focalPoint));
  out.push(endBlock('IV', f, f.signer));
  return out;
}

/** The blocks of a form, in reading order. */
function layout(input: FormRenderInput): Block[] {
  const body = (() => {
    switch (input.form.annex) {
      case 'II':
        return faxBlocks('II', input.form.fields, input);
      case 'V':
        return faxBlocks('V', input.form.fields, input);
      case 'III':
        return annexIIIBlocks(input.form.fields, input);
      case 'IV':
        return annexIVBlocks(input.form.fields, input);
    }
  })();
  return input.number === null ? [{ kind: 'draft' }, ...body] : body;
}

/** Title of the file's metadata. */
function metaTitle(form: FormData): string {
  switch (form.annex) {
    case 'II':
    case 'V':
      return `${NOTICE_TITLE} Về việc ${nfc(form.fields.subject)}`;
    case 'III':
      return ANNEX_III_TITLE;
    case 'IV':
      return 'BÁO CÁO KẾT QUẢ XỬ LÝ';
  }
}

// ---------------------------------------------------------------------------------------------
// PDF

function pdfRuns(runs: readonly Run[]): Content[] {
  return runs.map((r): Content => ({ text: r.text, bold: r.bold ?? false, italics: r.italics ?? false }));
}

/** Longest word kept whole on a justified line (longer ones may still break, e.g. a pasted URL). */
const MAX_UNBROKEN_WORD = 40;

/**
 * Runs of a justified paragraph, one inline per word. pdfmake spreads the spare width of a
 * justified line over every inline, and by itself splits words at "/" and "-" too — which
 * prints "Đ/ c" and "QĐ- TCHQ". One unbreakable inline per word puts the spare width between
 * words only, as Word does.
 */
function pdfWordRuns(runs: readonly Run[]): Content[] {
  return runs.flatMap((r) =>
    (r.text.match(/\S+\s*|\s+/gu) ?? []).map(
      (w): Content => ({ text: w, bold: r.bold ?? false, italics: r.italics ?? false, noWrap: w.trim().length <= MAX_UNBROKEN_WORD }),
    ),
  );
}

function pdfBlock(b: Block, contentWidthPt: number): Content {
  switch (b.kind) {
    case 'draft':
      return {
        table: { body: [[{ text: DRAFT_MARK, bold: true, fontSize: 12, margin: [4, 1, 4, 0] }]] },
        layout: { hLineWidth: () => 0.8, vLineWidth: () => 0.8 },
        margin: [0, 0, 0, 6],
      };
    case 'header':
      return pdfAdminHeader(b.spec, contentWidthPt);
    case 'center':
      return {
        text: pdfRuns(b.runs),
        alignment: 'center',
        fontSize: b.sizePt ?? FONT_SIZES.body,
        margin: [0, b.before ?? 0, 0, b.after ?? 0],
      };
    case 'para':
      return {
        text: pdfWordRuns(b.runs),
        alignment: 'justify',
        lineHeight: LINE_HEIGHT,
        ...(b.indent === 'first' ? { leadingIndent: FIRST_LINE_INDENT_PT } : {}),
        margin: [b.indent === 'sub' ? SUB_INDENT_PT : 0, 0, 0, b.after ?? PARA_AFTER_PT],
      };
    case 'end':
      return pdfRecipientsAndSignature(b.recipients, b.signature, contentWidthPt);
    case 'opinion': {
      const stack: Content[] = [
        { text: b.heading, bold: true, alignment: 'center' },
        { text: b.note, italics: true, fontSize: FONT_SIZES.recipientsHeading, alignment: 'center', margin: [0, 0, 0, 6] },
      ];
      if (b.body) stack.push(...b.body.map((x) => pdfBlock(x, contentWidthPt)));
      else {
        for (let i = 0; i < 4; i++) stack.push({ text: '.'.repeat(150), alignment: 'center', fontSize: 11, margin: [0, 6, 0, 0] });
      }
      return { stack, margin: [0, 14, 0, 0], unbreakable: true };
    }
  }
}

/** A form as a PDF (A4 portrait, Liberation Serif embedded). */
export async function renderFormPdf(raw: FormRenderInput): Promise<Buffer> {
  const input = xmlSafeDeep(raw);
  const g = pageGeometry('portrait');
  const blocks = layout(input);
  return renderPdfBuffer({
    ...pdfDocumentBase(g, { title: metaTitle(input.form), author: nfc(input.form.fields.header.issuingUnit) }),
    content: blocks.map((b) => pdfBlock(b, g.contentWidthPt)),
  });
}

// ---------------------------------------------------------------------------------------------
// DOCX

function docxRuns(runs: readonly Run[], sizePt: number) {
  return runs.map((r) => docxRun(r.text, { sizePt, bold: r.bold ?? false, italics: r.italics ?? false }));
}

function docxBlock(b: Block, contentWidthPt: number): (Paragraph | Table)[] {
  switch (b.kind) {
    case 'draft': {
      const border = { style: BorderStyle.SINGLE, size: 6, color: '000000' } as const;
      return [
        new Table({
          rows: [
            new TableRow({
              children: [
                new TableCell({
                  children: [docxParagraph(DRAFT_MARK, { bold: true, sizePt: 12, align: AlignmentType.CENTER })],
                  borders: { top: border, bottom: border, left: border, right: border },
                  width: { size: ptToTwip(62), type: WidthType.DXA },
                }),
              ],
            }),
          ],
          width: { size: ptToTwip(62), type: WidthType.DXA },
          columnWidths: [ptToTwip(62)],
          layout: TableLayoutType.FIXED,
          borders: DOCX_NO_BORDERS,
        }),
        docxParagraph('', { sizePt: 6 }),
      ];
    }
    case 'header':
      return [docxAdminHeader(b.spec, contentWidthPt)];
    case 'center':
      return [
        new Paragraph({
          children: docxRuns(b.runs, b.sizePt ?? FONT_SIZES.body),
          alignment: AlignmentType.CENTER,
          spacing: { before: ptToTwip(b.before ?? 0), after: ptToTwip(b.after ?? 0) },
          keepNext: true,
        }),
      ];
    case 'para':
      return [
        new Paragraph({
          children: docxRuns(b.runs, FONT_SIZES.body),
          alignment: AlignmentType.JUSTIFIED,
          spacing: { before: 0, after: ptToTwip(b.after ?? PARA_AFTER_PT), line: Math.round(240 * LINE_HEIGHT) },
          indent:
            b.indent === 'first'
              ? { firstLine: ptToTwip(FIRST_LINE_INDENT_PT) }
              : b.indent === 'sub'
                ? { left: ptToTwip(SUB_INDENT_PT) }
                : undefined,
        }),
      ];
    case 'end':
      return [docxParagraph('', { sizePt: 6 }), docxRecipientsAndSignature(b.recipients, b.signature, contentWidthPt)];
    case 'opinion': {
      const out: (Paragraph | Table)[] = [
        docxParagraph(b.heading, { bold: true, align: AlignmentType.CENTER, before: 14, keepNext: true }),
        docxParagraph(b.note, { italics: true, sizePt: FONT_SIZES.recipientsHeading, align: AlignmentType.CENTER, after: 6, keepNext: true }),
      ];
      if (b.body) out.push(...b.body.flatMap((x) => docxBlock(x, contentWidthPt)));
      else {
        for (let i = 0; i < 4; i++) out.push(docxParagraph('.'.repeat(150), { sizePt: 11, align: AlignmentType.CENTER, before: 6 }));
      }
      return out;
    }
  }
}

/** A form as a DOCX (A4 portrait; runs name Times New Roman). */
export async function renderFormDocx(raw: FormRenderInput): Promise<Buffer> {
  // officers' text may hold characters XML 1.0 forbids; without this Word refuses the file
  const input = xmlSafeDeep(raw);
  const g = pageGeometry('portrait');
  const children = layout(input).flatMap((b) => docxBlock(b, g.contentWidthPt));
  const doc = new Document({
    creator: 'Trực ban',
    title: metaTitle(input.form),
    styles: DOCX_STYLES,
    sections: [docxSection(g, children)],
  });
  return Packer.toBuffer(doc);
}

/** Both files of a form. */
export async function renderForm(input: FormRenderInput): Promise<{ pdf: Buffer; docx: Buffer }> {
  const pdf = await renderFormPdf(input);
  const docx = await renderFormDocx(input);
  return { pdf, docx };
}
