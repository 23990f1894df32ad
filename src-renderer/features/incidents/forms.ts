/**
 * First drafts of the official forms (Phụ lục II, III, IV) from what the app already knows:
 * the station (issuing body), the signed-in user (signer), the incident or request. The
 * officer edits the draft before it is issued.
 */
import { ANNEX_II_PREAMBLE, ANNEX_III_PREAMBLE, ANNEX_IV_ADDRESSEE, DEFAULT_RECIPIENTS, DEFAULT_SIGNER_TITLE, mayIssue } from '../../../src-shared/domain/forms';
import type { Annex, FormData, FormHeader, FormSigner } from '../../../src-shared/domain/forms';
import type { InboundRequest, IncidentDetail } from '../../../src-shared/domain/incidents';
import type { Station, User } from '../../../src-shared/domain/org';
import { formatDate, formatTime } from '../../lib/datetime';
import { placeLine } from './place';

/** Abbreviation of the duty watch in document symbols, e.g. "05/TB-TrB". */
export const DEFAULT_UNIT_ABBR = 'TrB';

export function headerOf(station: Station | null): FormHeader {
  return {
    parentBody: (station?.parentBody ?? '').toUpperCase(),
    issuingUnit: (station?.name ?? '').toUpperCase(),
    place: station?.place ?? '',
    unitAbbr: DEFAULT_UNIT_ABBR,
  };
}

export function signerOf(annex: Annex, user: User | null): FormSigner {
  const signs = !!user && mayIssue(annex, user.roles);
  return { title: DEFAULT_SIGNER_TITLE[annex], position: signs ? user.title : '', name: signs ? user.fullName : '' };
}

const ids = (d: IncidentDetail): string => {
  const i = d.identifiers;
  const parts: string[] = [];
  if (i.containers?.length) parts.push(`container ${i.containers.join(', ')}`);
  if (i.declarations?.length) parts.push(`tờ khai số ${i.declarations.join(', ')}`);
  if (i.taxCodes?.length) parts.push(`mã số thuế ${i.taxCodes.join(', ')}`);
  if (i.billsOfLading?.length) parts.push(`vận đơn ${i.billsOfLading.join(', ')}`);
  if (i.plates?.length) parts.push(`phương tiện biển số ${i.plates.join(', ')}`);
  if (i.vessels?.length) parts.push(`tàu ${i.vessels.join(', ')}`);
  return parts.join('; ');
};

const when = (ms: number) => `${formatTime(ms)} ngày ${formatDate(ms)}`;

export function draftFor(annex: 'II' | 'III', d: IncidentDetail, station: Station | null, user: User | null, unitName: (code: string) => string | undefined): FormData {
  const header = headerOf(station);
  const signer = signerOf(annex, user);
  const place = placeLine(d.place);
  const related = ids(d);
  if (annex === 'II') {
    const dir = d.directions[d.directions.length - 1];
    const shift = [...d.approvals].reverse().find((a) => a.level === 'shift_leader' && a.decision === 'approved');
    const unitCode = dir?.recipientUnitCode ?? d.place.unitCode;
    const addressee = (unitCode ? unitName(unitCode) : undefined) ?? dir?.recipientPerson ?? '';
    const dueAt = dir?.resultDueAt ?? null;
    return {
      annex: 'II',
      fields: {
        header,
        subject: 'phối hợp kiểm tra hàng hóa, phương tiện chưa hoàn thành thủ tục hải quan',
        addressee: addressee ? `Trực ban ${addressee}` : '',
        preamble: ANNEX_II_PREAMBLE,
        requestedContent: [dir?.content || d.description, related ? `Thông tin liên quan: ${related}.` : '', place ? `Địa điểm: ${place}.` : '', shift?.scope ? `Phạm vi: ${shift.scope}.` : '']
          .filter(Boolean)
          .join('\n'),
        timeRequirement: dueAt ? `Thực hiện ngay; báo cáo kết quả trước ${when(dueAt)}.` : 'Thực hiện ngay; báo cáo kết quả ngay khi có.',
        dueAt,
        replyForm: 'Điện thoại, sau đó gửi văn bản qua fax',
        focalPoint: dir?.focalPoint ?? user?.fullName ?? '',
        signer,
        ...DEFAULT_RECIPIENTS.II,
        recipients: [...DEFAULT_RECIPIENTS.II.recipients],
      },
    };
  }
  const dg = [...d.approvals].reverse().find((a) => a.level === 'director_general');
  return {
    annex: 'III',
    fields: {
      header,
      preamble: ANNEX_III_PREAMBLE,
      arisenAt: d.arisenAt,
      receivedAt: d.receivedAt,
      place,
      involved: related,
      content: d.description,
      analysis: d.proposal?.verification ?? '',
      proposal: d.proposal?.proposal ?? '',
      signer,
      dgOpinion: dg ? { text: dg.note || (dg.decision === 'approved' ? 'Đồng ý.' : 'Không đồng ý.'), decidedBy: dg.byName || dg.by, decidedByTitle: '', decidedAt: dg.at } : null,
      ...DEFAULT_RECIPIENTS.III,
      recipients: [...DEFAULT_RECIPIENTS.III.recipients],
    },
  };
}

export function draftForRequest(r: InboundRequest, station: Station | null, user: User | null): FormData {
  const res = r.result;
  return {
    annex: 'IV',
    fields: {
      header: headerOf(station),
      addressee: ANNEX_IV_ADDRESSEE,
      reference: { kind: 'fax', number: r.reference, date: r.receivedAt, issuer: r.fromText },
      handlingUnit: station?.name ?? '',
      requestedContent: r.content,
      timeline: res?.timeline ?? [],
      result: res?.text ?? '',
      dueAt: r.resultDueAt,
      finishedAt: res?.at ?? null,
      lateCause: res?.lateCause ?? '',
      lateResponsible: res?.responsible ?? '',
      proposals: res?.proposals ?? '',
      focalPoint: res?.focalPoint || r.answer?.handler || '',
      signer: signerOf('IV', user),
      ...DEFAULT_RECIPIENTS.IV,
      recipients: [...DEFAULT_RECIPIENTS.IV.recipients],
    },
  };
}
