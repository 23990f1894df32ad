/**
 * Default fields of Phụ lục II–V from the incident workflow (src-shared/domain/incidents.ts):
 * what the duty room would otherwise copy by hand. Pure (no database, no clock): the caller
 * passes the station, the incident / direction / request and who signs. Everything it fills in
 * stays editable in the draft.
 */
import {
  ANNEX_II_PREAMBLE,
  ANNEX_III_PREAMBLE,
  ANNEX_IV_ADDRESSEE,
  ANNEX_V_PREAMBLE,
  ANNEX_V_SUBJECT,
  DEFAULT_RECIPIENTS,
  DEFAULT_SIGNER_TITLE,
  vnTimeLine,
} from '../../src-shared/domain/forms';
import type {
  Annex,
  AnnexFields,
  AnnexIIFields,
  AnnexIIIFields,
  AnnexIVFields,
  AnnexVFields,
  DgOpinion,
  FormData,
  FormHeader,
  FormSigner,
  FormTimelineItem,
} from '../../src-shared/domain/forms';
import type { Approval, Direction, InboundRequest, IncidentDetail, IncidentPlace, IncidentSummary } from '../../src-shared/domain/incidents';
import type { Identifiers } from '../../src-shared/domain/logbook';
import type { Station } from '../../src-shared/domain/org';

export interface PrefillSource {
  station: Pick<Station, 'code' | 'name' | 'kind' | 'place' | 'parentBody'>;
  /** The incident (a summary is enough; a detail also brings the proposal and approvals). */
  incident?: (IncidentSummary & Partial<Pick<IncidentDetail, 'approvals' | 'proposal'>>) | null;
  /** The direction the fax carries (II, V). */
  direction?: Direction | null;
  /** The request this station received and answers (IV). */
  request?: InboundRequest | null;
  /** Who signs (the duty leader on the roster). */
  signer?: { name: string; position?: string } | null;
  /** Unit code → name as it was at a time (the org catalog); unknown → null. */
  unitName?: (code: string, at: number) => string | null;
}

const DEFAULT_ACK_MINUTES = 30;
const DEFAULT_REPLY_FORM = 'Điện thoại, sau đó gửi văn bản qua fax hoặc thư điện tử.';

const compact = (parts: (string | null | undefined | false)[], sep = '; '): string =>
  parts.map((p) => (typeof p === 'string' ? p.normalize('NFC').trim() : '')).filter((p) => p.length > 0).join(sep);

function unitLabel(src: PrefillSource, code: string | null | undefined, at: number): string {
  if (!code) return '';
  return src.unitName?.(code, at) ?? code;
}

/** "Bãi kiểm hóa số 2, cổng B — Cửa khẩu Hữu Nghị (Hải quan cửa khẩu Hữu Nghị)". */
export function placeText(src: PrefillSource, place: IncidentPlace, at: number): string {
  const where = compact([place.text, place.zone, place.siteName], ', ');
  const unit = unitLabel(src, place.unitCode, at);
  return where && unit ? `${where} (${unit})` : where || unit;
}

/** "tờ khai số 103456789020; container CSQU3054383; biển số 12C12345; tàu IMO9074729". */
export function identifiersText(ids: Partial<Identifiers>): string {
  const list = (label: string, xs: string[] | undefined) => (xs && xs.length > 0 ? `${label} ${xs.join(', ')}` : '');
  return compact([
    list('tờ khai số', ids.declarations),
    list('container', ids.containers),
    list('mã số thuế', ids.taxCodes),
    list('biển số', ids.plates),
    list('vận đơn', ids.billsOfLading),
    list('tàu', ids.vessels),
  ]);
}

function signerOf(annex: Annex, src: PrefillSource): FormSigner {
  return { title: DEFAULT_SIGNER_TITLE[annex], position: src.signer?.position ?? '', name: src.signer?.name ?? '' };
}

function headerOf(annex: Annex, src: PrefillSource): FormHeader {
  const st = src.station;
  if (annex === 'IV' || annex === 'V') {
    return { parentBody: st.parentBody, issuingUnit: st.name, place: st.place, unitAbbr: annex === 'IV' ? st.code : 'TrB' };
  }
  // The duty watch of the station; at HQ its parent body heads the form, as in the annex.
  return { parentBody: st.kind === 'hq' ? st.parentBody : st.name, issuingUnit: 'TRỰC BAN', place: st.place, unitAbbr: 'TrB' };
}

/** The incident as the requested content puts it: what happened, where, and the identifiers. */
function incidentText(src: PrefillSource): string {
  const inc = src.incident;
  if (!inc) return '';
  const ids = identifiersText(inc.identifiers);
  return compact(
    [
      `Lúc ${vnTimeLine(inc.arisenAt)}, tại ${placeText(src, inc.place, inc.arisenAt) || '…'}: ${inc.description}`,
      ids && `Thông tin liên quan: ${ids}.`,
    ],
    '\n',
  );
}

function faxCommon(annex: 'II' | 'V', src: PrefillSource) {
  const d = src.direction ?? null;
  const at = d?.issuedAt ?? src.incident?.receivedAt ?? 0;
  const addressee = d ? compact([unitLabel(src, d.recipientUnitCode, at), d.recipientPerson], ' – ') : '';
  const ackMinutes = d ? Math.round((d.ackClock.dueAt - d.ackClock.startedAt) / 60_000) : DEFAULT_ACK_MINUTES;
  const timeRequirement = d
    ? `Trong vòng ${ackMinutes} phút kể từ khi nhận điện, báo cáo người xử lý và thời gian dự kiến hoàn thành; báo cáo kết quả trước ${vnTimeLine(d.resultDueAt)}.`
    : `Trong vòng ${DEFAULT_ACK_MINUTES} phút kể từ khi nhận điện, báo cáo người xử lý và thời gian dự kiến hoàn thành.`;
  return {
    header: headerOf(annex, src),
    addressee,
    requestedContent: compact([d?.content, incidentText(src)], '\n'),
    timeRequirement,
    dueAt: d?.resultDueAt ?? null,
    focalPoint: d?.focalPoint ?? '',
    signer: signerOf(annex, src),
    ...DEFAULT_RECIPIENTS[annex],
    recipients: [...DEFAULT_RECIPIENTS[annex].recipients],
  };
}

function subjectFrom(src: PrefillSource): string {
  const inc = src.incident;
  if (!inc) return '';
  const where = placeText(src, inc.place, inc.arisenAt);
  return where ? `phối hợp xử lý vụ việc phát sinh tại ${where}` : 'phối hợp xử lý vụ việc phát sinh';
}

/** The Director General's decision on the incident, when one is recorded. */
export function dgOpinionFrom(approvals: readonly Approval[] | undefined): DgOpinion | null {
  const dg = [...(approvals ?? [])].reverse().find((a) => a.level === 'director_general');
  if (!dg) return null;
  const verdict = dg.decision === 'approved' ? 'Đồng ý' : 'Không đồng ý';
  const [name, ...title] = dg.byName.split(',').map((x) => x.trim());
  return {
    text: compact([verdict, dg.note], '. ').replace(/\.\./gu, '.'),
    decidedBy: name ?? dg.byName,
    decidedByTitle: title.join(', '),
    decidedAt: dg.at,
  };
}

/** "07/TB-TrB" and 05/01/2026 out of a reference as written, e.g. "Fax số 07/TB-TrB ngày 05/01/2026". */
export function parseReference(ref: string): { number: string; date: number | null } {
  const number = /(\d+\/[\p{L}\p{N}.-]+)/u.exec(ref)?.[1] ?? ref.normalize('NFC').trim();
  const m = /(\d{1,2})\/(\d{1,2})\/(\d{4})/u.exec(ref.replace(number, ''));
  // noon in Vietnam: the date reads the same whatever the reader's time zone
  const date = m ? Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1]), 5, 0) : null;
  return { number, date };
}

function annexII(src: PrefillSource): AnnexIIFields {
  return { ...faxCommon('II', src), subject: subjectFrom(src), preamble: ANNEX_II_PREAMBLE, replyForm: DEFAULT_REPLY_FORM };
}

function annexV(src: PrefillSource): AnnexVFields {
  return { ...faxCommon('V', src), subject: ANNEX_V_SUBJECT, preamble: ANNEX_V_PREAMBLE };
}

function annexIII(src: PrefillSource): AnnexIIIFields {
  const inc = src.incident ?? null;
  const at = inc?.arisenAt ?? 0;
  const ids = inc ? identifiersText(inc.identifiers) : '';
  return {
    header: headerOf('III', src),
    preamble: ANNEX_III_PREAMBLE,
    arisenAt: inc?.arisenAt ?? null,
    receivedAt: inc?.receivedAt ?? null,
    place: inc ? placeText(src, inc.place, at) : '',
    involved: inc ? compact([unitLabel(src, inc.place.unitCode, at), inc.identifiers.taxCodes.length > 0 && `doanh nghiệp MST ${inc.identifiers.taxCodes.join(', ')}`]) : '',
    content: inc ? compact([inc.description, ids && `Thông tin liên quan: ${ids}.`], '\n') : '',
    analysis: inc?.proposal?.verification ?? '',
    proposal: inc?.proposal?.proposal ?? '',
    signer: signerOf('III', src),
    dgOpinion: dgOpinionFrom(inc?.approvals),
    ...DEFAULT_RECIPIENTS.III,
    recipients: [...DEFAULT_RECIPIENTS.III.recipients],
  };
}

function annexIV(src: PrefillSource): AnnexIVFields {
  const r = src.request ?? null;
  const ref = r ? parseReference(r.reference) : { number: '', date: null };
  const timeline: FormTimelineItem[] = [];
  if (r) {
    timeline.push({ at: r.receivedAt, text: 'Tiếp nhận yêu cầu' });
    if (r.answer) {
      timeline.push({ at: r.answer.at, text: `Báo trực ban người xử lý (${r.answer.handler}), dự kiến hoàn thành lúc ${vnTimeLine(r.answer.expectedAt)}` });
    }
    for (const it of r.result?.timeline ?? []) timeline.push({ at: it.at, text: it.text });
    timeline.sort((a, b) => a.at - b.at);
  }
  const result = r?.result ?? null;
  return {
    header: headerOf('IV', src),
    addressee: ANNEX_IV_ADDRESSEE,
    reference: { kind: 'fax', number: ref.number, date: ref.date, issuer: r ? compact([r.fromText || unitLabel(src, r.fromUnitCode, r.receivedAt)]) : '' },
    handlingUnit: src.station.name,
    requestedContent: r?.content ?? '',
    timeline,
    result: result?.text ?? '',
    dueAt: r?.resultDueAt ?? null,
    finishedAt: result?.at ?? null,
    lateCause: result?.lateCause ?? '',
    lateResponsible: result?.responsible ?? '',
    proposals: result?.proposals ?? '',
    focalPoint: result?.focalPoint || r?.answer?.handler || '',
    signer: signerOf('IV', src),
    ...DEFAULT_RECIPIENTS.IV,
    recipients: [...DEFAULT_RECIPIENTS.IV.recipients],
  };
}

/** Default fields of a form for an incident, direction or request; every field stays editable. */
export function prefillForm<A extends Annex>(annex: A, source: PrefillSource): { annex: A; fields: AnnexFields[A] } {
  const build: { [K in Annex]: (s: PrefillSource) => AnnexFields[K] } = { II: annexII, III: annexIII, IV: annexIV, V: annexV };
  return { annex, fields: build[annex](source) as AnnexFields[A] };
}

/** prefillForm as the union the documents service takes. */
export const prefill = (annex: Annex, source: PrefillSource): FormData => prefillForm(annex, source) as FormData;
