/**
 * Official forms of Quyết định 888/QĐ-TCHQ, Phụ lục II–V (docs/regulation.md §5, §6), as drafts and
 * issued (frozen, numbered) documents. Pure TypeScript: no Node, DOM or Electron.
 *
 * Every printed word that varies is a field, so what is issued is exactly what the fields say
 * (the field hash in the journal covers the header, the addressees and the signer too). The
 * fixed sentences of each annex are constants here, copied from the seed (004, Phụ lục II–V).
 * Times are epoch milliseconds, printed in Asia/Ho_Chi_Minh (UTC+7); text is NFC.
 */

import type { Role } from './roles';
import { LOGBOOK_WRITERS } from './roles';
import { localParts } from '../time/shift';

export const ANNEXES = ['II', 'III', 'IV', 'V'] as const;
export type Annex = (typeof ANNEXES)[number];

export const DOCUMENT_STATUSES = ['draft', 'issued', 'superseded'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** Issuing body as printed top-left (and what the symbol names). */
export interface FormHeader {
  /** Parent body, e.g. "CỤC HẢI QUAN" (printed upper-case, regular). */
  parentBody: string;
  /** Issuing unit, e.g. "TRỰC BAN" (printed upper-case, bold); "\n" breaks the line. */
  issuingUnit: string;
  /** Place of the place–date line, e.g. "Hà Nội". */
  place: string;
  /** Abbreviation of the issuing unit after the type in the symbol, e.g. "TrB" → "05/TB-TrB". */
  unitAbbr: string;
}

/** Signature block: authority line (e.g. "PHỤ TRÁCH TRỰC BAN"), position, name. */
export interface FormSigner {
  /** Bold upper-case line above the position, e.g. "PHỤ TRÁCH TRỰC BAN" or "LÃNH ĐẠO ĐƠN VỊ". */
  title: string;
  /** Signer's position, e.g. "Phó Cục trưởng" (printed upper-case, bold); '' → omitted. */
  position: string;
  /** Full name, printed under the space for the signature; '' on a blank form. */
  name: string;
}

/** "Nơi nhận:" entries (each printed "- …;") and what follows "Lưu:" on the last line. */
export interface FormRecipients {
  recipients: string[];
  archive: string;
}

/** Phụ lục II — ĐIỆN FAX ĐI (Khẩn): THÔNG BÁO, request to coordinate (Đ8.2.3.c.2). */
export interface AnnexIIFields extends FormRecipients {
  header: FormHeader;
  /** "Về việc …" */
  subject: string;
  /** "Kính gửi: …" */
  addressee: string;
  /** The opening sentence(s); default ANNEX_II_PREAMBLE. */
  preamble: string;
  /** Nội dung yêu cầu phối hợp thực hiện (information, data, joint check; person, enterprise, lot, declaration, place). */
  requestedContent: string;
  /** Yêu cầu về thời gian xử lý, hồi báo (printed as written). */
  timeRequirement: string;
  /** The deadline as data (for the report of result, Phụ lục IV); not printed by itself. */
  dueAt: number | null;
  /** Hình thức hồi báo */
  replyForm: string;
  /** Đầu mối phối hợp thực hiện */
  focalPoint: string;
  signer: FormSigner;
}

/** Phụ lục V — ĐIỆN FAX ĐI (Khẩn): coordinate online surveillance (Cục Điều tra chống buôn lậu). */
export interface AnnexVFields extends FormRecipients {
  header: FormHeader;
  /** "Về việc …"; default ANNEX_V_SUBJECT. */
  subject: string;
  addressee: string;
  /** Default ANNEX_V_PREAMBLE. */
  preamble: string;
  /** Nội dung yêu cầu phối hợp thực hiện giám sát trực tuyến */
  requestedContent: string;
  timeRequirement: string;
  dueAt: number | null;
  focalPoint: string;
  signer: FormSigner;
}

/** The Director General's decision, when one is recorded (Đ8.2.3.c.3). */
export interface DgOpinion {
  /** The opinion as written, e.g. "Đồng ý đề xuất. Giao …". */
  text: string;
  /** Who decided and in which capacity, e.g. "Nguyễn Văn Cẩn", "Cục trưởng". */
  decidedBy: string;
  decidedByTitle: string;
  decidedAt: number;
}

/** Phụ lục III — ĐỀ XUẤT XỬ LÝ THÔNG TIN PHÁT SINH, with the Director General's opinion block. */
export interface AnnexIIIFields extends FormRecipients {
  header: FormHeader;
  /** Default ANNEX_III_PREAMBLE. */
  preamble: string;
  arisenAt: number | null;
  receivedAt: number | null;
  /** Địa điểm/địa bàn xảy ra */
  place: string;
  /** Đơn vị/cá nhân có liên quan */
  involved: string;
  /** Nội dung vụ việc */
  content: string;
  /** Phân tích, nhận định */
  analysis: string;
  /** Nội dung đề xuất xử lý */
  proposal: string;
  signer: FormSigner;
  /** null: the block is left blank for the Director General to write on. */
  dgOpinion: DgOpinion | null;
}

export interface FormTimelineItem {
  at: number;
  text: string;
}

/** Phụ lục IV — report of the result of a duty-watch request (Đ9.3). */
export interface AnnexIVFields extends FormRecipients {
  /** parentBody = ĐƠN VỊ CHỦ QUẢN, issuingUnit = ĐƠN VỊ. */
  header: FormHeader;
  /** "Kính gửi: …"; default ANNEX_IV_ADDRESSEE. */
  addressee: string;
  /** The request answered: an urgent fax or a letter, its number, date and issuer. */
  reference: { kind: 'fax' | 'letter'; number: string; date: number | null; issuer: string };
  /** Đơn vị trực tiếp tiếp nhận, xử lý yêu cầu của trực ban */
  handlingUnit: string;
  requestedContent: string;
  /** Tiến trình xử lý: the times of handling, in order. */
  timeline: FormTimelineItem[];
  result: string;
  /** Deadline of the request and when handling finished; late when finishedAt > dueAt. */
  dueAt: number | null;
  finishedAt: number | null;
  /** Required when late (Đ9.3): the cause and the officer responsible. */
  lateCause: string;
  lateResponsible: string;
  /** Đề xuất (nếu có) */
  proposals: string;
  /** Đầu mối phối hợp trao đổi thông tin */
  focalPoint: string;
  signer: FormSigner;
}

export interface AnnexFields {
  II: AnnexIIFields;
  III: AnnexIIIFields;
  IV: AnnexIVFields;
  V: AnnexVFields;
}

export type FormFields = AnnexFields[Annex];

/** A form and its fields, discriminated by annex. */
export type FormData = { [A in Annex]: { annex: A; fields: AnnexFields[A] } }[Annex];

/** Links of a document to the incident workflow (plain ids; the documents store does not check them). */
export interface DocumentLinks {
  incidentId: string | null;
  directionId: string | null;
  requestId: string | null;
}

export interface DocumentFile {
  sha256: string;
  size: number;
  name: string;
}

/** A document: a draft, an issued (frozen) version, or an issued version superseded by a reissue. */
export interface DocumentRecord extends DocumentLinks {
  id: string;
  annex: Annex;
  status: DocumentStatus;
  /** Number in the station's yearly series (issued documents only). */
  number: number | null;
  /** Year of the series: the Vietnam (UTC+7) calendar year of issuedAt. */
  year: number | null;
  /** e.g. "TB-TrB" (issued documents only). */
  symbol: string | null;
  /** As printed after "Số:" / "Fax số:", e.g. "05/TB-TrB"; null for a draft. */
  numberText: string | null;
  /** 1 for the first issue; a reissue is version n + 1 and supersedes version n. */
  version: number;
  /** Draft saves so far (1 after the first save); frozen once issued. */
  revision: number;
  fields: FormFields;
  /** Subject line for lists. */
  title: string;
  pdf: DocumentFile | null;
  docx: DocumentFile | null;
  /** sha256 of the canonical JSON of the fields, as recorded in the journal. */
  fieldsSha256: string | null;
  issuedAt: number | null;
  issuedBy: string | null;
  /** Reason given for a reissue. */
  reissueReason: string | null;
  supersedes: string | null;
  supersededBy: string | null;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  updatedBy: string;
}

/** One step of a document's history (each draft save and the issue). */
export interface DocumentRevision {
  revision: number;
  seq: number;
  kind: 'draft_saved' | 'issued' | 'reissued';
  at: number;
  actor: string;
  fields: FormFields;
}

// ---------------------------------------------------------------------------------------------
// Who may do what (docs/forms.md)

/** Draft, edit and preview forms: the roles that keep the logbook (Đ7.2.d) and watch. */
export const FORM_DRAFTERS: readonly Role[] = LOGBOOK_WRITERS;

/**
 * Issue (sign) a form, by annex: the faxes (II, V) and the report of result (IV) are signed by
 * the duty leader — the shift leader or the room-level duty leader; the proposal to the
 * Director General (III) only by the shift leader (Đ8.2.3.c.3).
 */
export const FORM_ISSUERS: Readonly<Record<Annex, readonly Role[]>> = {
  II: ['shift_leader', 'room_leader'],
  III: ['shift_leader'],
  IV: ['shift_leader', 'room_leader'],
  V: ['shift_leader', 'room_leader'],
};

/** Every role that may issue some form (the channel's access list; the annex is checked after). */
export const ANY_FORM_ISSUER: readonly Role[] = ['shift_leader', 'room_leader'];

export function mayIssue(annex: Annex, roles: readonly Role[]): boolean {
  return roles.some((r) => FORM_ISSUERS[annex].includes(r));
}

// ---------------------------------------------------------------------------------------------
// Numbering

/**
 * Type abbreviations (Nghị định 30/2020, Phụ lục III: TB thông báo, BC báo cáo; ĐX for the
 * proposal). All annexes share one yearly series per station — see docs/forms.md.
 */
export const ANNEX_TYPE_ABBR: Readonly<Record<Annex, string>> = { II: 'TB', III: 'ĐX', IV: 'BC', V: 'TB' };

/** Symbol of a document: "<type>-<unit>", e.g. "TB-TrB". */
export function documentSymbol(annex: Annex, unitAbbr: string): string {
  const unit = unitAbbr.normalize('NFC').trim();
  return unit ? `${ANNEX_TYPE_ABBR[annex]}-${unit}` : ANNEX_TYPE_ABBR[annex];
}

/** "05/TB-TrB": numbers below 10 take a leading zero (Nghị định 30, Điều 8 Phụ lục I). */
export function formatDocumentNumber(n: number, symbol: string): string {
  return `${String(n).padStart(2, '0')}/${symbol}`;
}

// ---------------------------------------------------------------------------------------------
// Fixed text of the annexes (seed 004, Phụ lục II–V)

export const ANNEX_NAMES: Readonly<Record<Annex, string>> = {
  II: 'Điện fax khẩn: yêu cầu phối hợp',
  III: 'Đề xuất xử lý thông tin phát sinh',
  IV: 'Báo cáo kết quả xử lý yêu cầu của trực ban',
  V: 'Điện fax khẩn: phối hợp giám sát trực tuyến',
};

export const FAX_HEADING = 'ĐIỆN FAX ĐI';
export const FAX_URGENCY = '(Khẩn)';
export const NOTICE_TITLE = 'THÔNG BÁO';
export const ANNEX_III_TITLE = 'ĐỀ XUẤT XỬ LÝ THÔNG TIN PHÁT SINH';
export const ANNEX_IV_SUBJECT = 'V/v báo cáo kết quả xử lý yêu cầu phối hợp của trực ban';

export const ANNEX_II_PREAMBLE =
  'Thực hiện quy chế làm việc Tổng cục Hải quan ban hành tại quyết định số 3333/QĐ-TCHQ ngày 06/10/2016 của Tổng cục trưởng Tổng cục Hải quan. Trực ban cơ quan Tổng cục Hải quan yêu cầu đơn vị phối hợp thực hiện nội dung sau:';
export const ANNEX_III_PREAMBLE =
  'Thực hiện quy chế làm việc Tổng cục Hải quan ban hành tại quyết định số 3333/QĐ-TCHQ ngày 06/10/2016 của Tổng cục trưởng Tổng cục Hải quan. Trực ban cơ quan Tổng cục Hải quan báo cáo, đề xuất xử lý thông tin phát sinh sau:';
export const ANNEX_V_PREAMBLE =
  'Thực hiện quy chế thực hiện giám sát trực tuyến của Tổng cục Hải quan ban hành tại quyết định số 888/QĐ-TCHQ ngày 17/3/2017 của Tổng cục trưởng Tổng cục Hải quan. Cục Điều tra chống buôn lậu yêu cầu đơn vị phối hợp thực hiện nội dung sau:';
export const ANNEX_V_SUBJECT = 'phối hợp thực hiện giám sát trực tuyến';
export const ANNEX_IV_ADDRESSEE = 'Văn phòng Tổng cục (Phòng Tổng hợp – bộ phận trực ban)';
export const ANNEX_IV_REFERENCE_ISSUER = 'Trực ban cơ quan Tổng cục Hải quan';

/** Bullet labels, in the order of the annexes. */
export const LABELS = {
  requested: 'Nội dung yêu cầu phối hợp thực hiện',
  requestedOnline: 'Nội dung yêu cầu phối hợp thực hiện giám sát trực tuyến',
  timeRequirement: 'Yêu cầu về thời gian xử lý, hồi báo',
  replyForm: 'Hình thức hồi báo',
  focalPoint: 'Đầu mối phối hợp thực hiện',
  sectionInfo: '1. Nội dung thông tin phát sinh',
  times: 'Thời gian phát sinh, tiếp nhận thông tin',
  place: 'Địa điểm/địa bàn xảy ra',
  involved: 'Đơn vị/cá nhân có liên quan',
  content: 'Nội dung vụ việc',
  sectionProposal: '2. Đề xuất',
  analysis: 'Phân tích, nhận định',
  proposal: 'Nội dung đề xuất xử lý',
  dgOpinion: 'Ý kiến của lãnh đạo Tổng cục',
  dgOpinionNote: '(Tổng cục trưởng hoặc người được ủy quyền)',
  ivRequested: 'Nội dung yêu cầu phối hợp thực hiện',
  ivTimeline: 'Tiến trình xử lý',
  ivResult: 'Kết quả xử lý',
  ivLate: 'Trường hợp xử lý chậm hơn thời gian yêu cầu thì báo cáo nguyên nhân, trách nhiệm công chức liên quan',
  ivProposals: 'Đề xuất (nếu có)',
  ivFocalPoint: 'Đầu mối phối hợp trao đổi thông tin',
  closing: 'Trân trọng./.',
} as const;

/** Signature notes of the blank annexes (printed only while the signer's name is empty). */
export const SIGNER_NOTES: Readonly<Record<Annex, string>> = {
  II: '(Lãnh đạo Cục thực hiện trực ban\nký, ghi rõ họ tên, chức vụ và đóng dấu của đơn vị)',
  III: '(Lãnh đạo Cục thực hiện trực ban\nký, ghi rõ họ tên, chức vụ)',
  IV: '(Ký, ghi rõ họ tên, chức vụ và đóng dấu)',
  V: '(Ký, ghi rõ họ tên, chức vụ và đóng dấu)',
};

/** Default "Nơi nhận" of each annex (the seed's entries; the last line is "Lưu: <archive>."). */
export const DEFAULT_RECIPIENTS: Readonly<Record<Annex, FormRecipients>> = {
  II: { recipients: ['Văn phòng Tổng cục', 'Cục nghiệp vụ (để theo dõi)'], archive: 'Trực ban' },
  III: { recipients: ['Tổng cục trưởng'], archive: 'Trực ban' },
  IV: { recipients: ['Văn phòng Tổng cục'], archive: 'VT' },
  V: { recipients: ['Như trên (để thực hiện)'], archive: 'VT' },
};

export const DEFAULT_SIGNER_TITLE: Readonly<Record<Annex, string>> = {
  II: 'PHỤ TRÁCH TRỰC BAN',
  III: 'PHỤ TRÁCH TRỰC BAN',
  IV: 'LÃNH ĐẠO ĐƠN VỊ',
  V: 'PHỤ TRÁCH TRỰC BAN',
};

// ---------------------------------------------------------------------------------------------
// Rules

/** Phụ lục IV: handling finished after the requested deadline. */
export function isLate(f: Pick<AnnexIVFields, 'dueAt' | 'finishedAt'>): boolean {
  return f.dueAt !== null && f.finishedAt !== null && f.finishedAt > f.dueAt;
}

/**
 * Fields that must be filled before a form can be issued (a draft may be incomplete). Paths
 * as the contract names them, e.g. "fields.signer.name". Empty when the form is complete.
 */
export function missingForIssue(form: FormData): string[] {
  const out: string[] = [];
  const need = (path: string, v: string | number | null | undefined) => {
    if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) out.push(`fields.${path}`);
  };
  const f = form.fields;
  need('header.parentBody', f.header.parentBody);
  need('header.issuingUnit', f.header.issuingUnit);
  need('signer.title', f.signer.title);
  need('signer.name', f.signer.name);
  switch (form.annex) {
    case 'II':
      need('subject', form.fields.subject);
      need('addressee', form.fields.addressee);
      need('requestedContent', form.fields.requestedContent);
      need('timeRequirement', form.fields.timeRequirement);
      need('replyForm', form.fields.replyForm);
      need('focalPoint', form.fields.focalPoint);
      break;
    case 'V':
      need('subject', form.fields.subject);
      need('addressee', form.fields.addressee);
      need('requestedContent', form.fields.requestedContent);
      need('timeRequirement', form.fields.timeRequirement);
      need('focalPoint', form.fields.focalPoint);
      break;
    case 'III':
      if (form.fields.arisenAt === null && form.fields.receivedAt === null) out.push('fields.receivedAt');
      need('place', form.fields.place);
      need('content', form.fields.content);
      need('proposal', form.fields.proposal);
      break;
    case 'IV': {
      const g = form.fields;
      need('reference.number', g.reference.number);
      need('reference.date', g.reference.date);
      need('handlingUnit', g.handlingUnit);
      need('requestedContent', g.requestedContent);
      need('result', g.result);
      need('focalPoint', g.focalPoint);
      if (isLate(g)) {
        need('lateCause', g.lateCause);
        need('lateResponsible', g.lateResponsible);
      }
      break;
    }
  }
  return out;
}

/** A one-line title for lists: the subject, or what the form is about. */
export function documentTitle(form: FormData): string {
  switch (form.annex) {
    case 'II':
    case 'V':
      return form.fields.subject.trim() || ANNEX_NAMES[form.annex];
    case 'III':
      return form.fields.content.trim().split('\n')[0]?.slice(0, 200) || ANNEX_NAMES.III;
    case 'IV':
      return form.fields.reference.number.trim()
        ? `Báo cáo kết quả xử lý ${form.fields.reference.kind === 'fax' ? 'điện fax' : 'công văn'} số ${form.fields.reference.number.trim()}`
        : ANNEX_NAMES.IV;
  }
}

/** "14 giờ 05 phút, ngày 05/01/2026" in Vietnam time (the annexes' time line). */
export function vnTimeLine(ms: number): string {
  const p = localParts(ms);
  const pad2 = (n: number) => String(n).padStart(2, '0');
  return `${pad2(p.hour)} giờ ${pad2(p.minute)} phút, ngày ${pad2(p.day)}/${pad2(p.month)}/${p.year}`;
}
