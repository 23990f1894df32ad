/**
 * A live, on-screen preview of an official form (Phụ lục II–V) as the officer edits it: the
 * administrative layout of Nghị định 30 (two-column header, title, bullets, signature and
 * "Nơi nhận"). The printed PDF/DOCX made by main is what counts; this is for reading along.
 */
import type { ReactNode } from 'react';
import { ANNEX_III_TITLE, ANNEX_IV_SUBJECT, FAX_HEADING, FAX_URGENCY, LABELS, NOTICE_TITLE, documentSymbol } from '../../../src-shared/domain/forms';
import type { FormData, FormHeader } from '../../../src-shared/domain/forms';
import { placeDateLine } from '../../../src-shared/time/shift';
import { formatDate, formatTime } from '../../lib/datetime';

const BLANK = '…………';
const v = (s: string | null | undefined) => (s && s.trim() ? s.trim() : BLANK);
const when = (ms: number | null) => (ms === null ? BLANK : `${formatTime(ms).replace(':', ' giờ ')} phút, ngày ${formatDate(ms)}`);

function Bullet({ label, children }: { label: string; children: ReactNode }) {
  return (
    <p className="paper__p">
      - {label}: {children}
    </p>
  );
}

function Header({ h, annex, numberText, at, fax }: { h: FormHeader; annex: FormData['annex']; numberText: string | null; at: number; fax: boolean }) {
  return (
    <div className="paper__header">
      <div className="paper__issuer">
        <div>{v(h.parentBody).toUpperCase()}</div>
        <div className="paper__bold">{v(h.issuingUnit).toUpperCase()}</div>
        <div className="paper__rule" />
        <div>Số: {numberText ?? `...../${documentSymbol(annex, h.unitAbbr)}`}</div>
      </div>
      <div className="paper__nation">
        {fax ? (
          <>
            <div className="paper__bold paper__big">{FAX_HEADING}</div>
            <div className="paper__bold">{FAX_URGENCY}</div>
          </>
        ) : (
          <>
            <div className="paper__bold">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div>
            <div className="paper__bold paper__underline">Độc lập - Tự do - Hạnh phúc</div>
            <div className="paper__italic">{placeDateLine(h.place, at)}</div>
          </>
        )}
      </div>
    </div>
  );
}

function Signature({ form }: { form: FormData }) {
  const f = form.fields;
  return (
    <div className="paper__foot">
      <div className="paper__recipients">
        <div className="paper__bold paper__italic">Nơi nhận:</div>
        {f.recipients.filter((r) => r.trim()).map((r, i) => (
          <div key={i}>- {r.trim()};</div>
        ))}
        <div>- Lưu: {v(f.archive)}.</div>
      </div>
      <div className="paper__signer">
        <div className="paper__bold">{v(f.signer.title).toUpperCase()}</div>
        {f.signer.position.trim() ? <div className="paper__bold">{f.signer.position.trim().toUpperCase()}</div> : null}
        <div className="paper__sign-space" />
        <div className="paper__bold">{v(f.signer.name)}</div>
      </div>
    </div>
  );
}

export function FormPaper({ form, numberText, at, draft }: { form: FormData; numberText: string | null; at: number; draft: boolean }) {
  let body: ReactNode;
  switch (form.annex) {
    case 'II':
    case 'V': {
      const f = form.fields;
      body = (
        <>
          <Header h={f.header} annex={form.annex} numberText={numberText} at={at} fax />
          <p className="paper__center paper__bold paper__title">{NOTICE_TITLE}</p>
          <p className="paper__center paper__bold">Về việc {v(f.subject)}</p>
          <p className="paper__center">Kính gửi: {v(f.addressee)}</p>
          <p className="paper__p paper__indent">{v(f.preamble)}</p>
          <Bullet label={form.annex === 'II' ? LABELS.requested : LABELS.requestedOnline}>
            <span className="pre-wrap">{v(f.requestedContent)}</span>
          </Bullet>
          <Bullet label={LABELS.timeRequirement}>{v(f.timeRequirement)}</Bullet>
          {form.annex === 'II' ? <Bullet label={LABELS.replyForm}>{v(form.fields.replyForm)}</Bullet> : null}
          <Bullet label={LABELS.focalPoint}>{v(f.focalPoint)}</Bullet>
          <p className="paper__p paper__indent">{LABELS.closing}</p>
        </>
      );
      break;
    }
    case 'III': {
      const f = form.fields;
      body = (
        <>
          <Header h={f.header} annex="III" numberText={numberText} at={at} fax={false} />
          <p className="paper__center paper__bold paper__title">{ANNEX_III_TITLE}</p>
          <p className="paper__p paper__indent">{v(f.preamble)}</p>
          <p className="paper__p paper__bold">{LABELS.sectionInfo}</p>
          <Bullet label={LABELS.times}>
            phát sinh lúc {when(f.arisenAt)}; tiếp nhận lúc {when(f.receivedAt)}
          </Bullet>
          <Bullet label={LABELS.place}>{v(f.place)}</Bullet>
          <Bullet label={LABELS.involved}>{v(f.involved)}</Bullet>
          <Bullet label={LABELS.content}>
            <span className="pre-wrap">{v(f.content)}</span>
          </Bullet>
          <p className="paper__p paper__bold">{LABELS.sectionProposal}</p>
          <Bullet label={LABELS.analysis}>
            <span className="pre-wrap">{v(f.analysis)}</span>
          </Bullet>
          <Bullet label={LABELS.proposal}>
            <span className="pre-wrap">{v(f.proposal)}</span>
          </Bullet>
        </>
      );
      break;
    }
    case 'IV': {
      const f = form.fields;
      body = (
        <>
          <Header h={f.header} annex="IV" numberText={numberText} at={at} fax={false} />
          <p className="paper__center paper__italic">{ANNEX_IV_SUBJECT}</p>
          <p className="paper__center">Kính gửi: {v(f.addressee)}</p>
          <p className="paper__p paper__indent">
            Thực hiện {f.reference.kind === 'fax' ? 'điện fax' : 'công văn'} số {v(f.reference.number)}
            {f.reference.date !== null ? ` ngày ${formatDate(f.reference.date)}` : ''} của {v(f.reference.issuer)}; {v(f.handlingUnit)} báo cáo như sau:
          </p>
          <Bullet label={LABELS.ivRequested}>{v(f.requestedContent)}</Bullet>
          <Bullet label={LABELS.ivTimeline}>
            {f.timeline.length === 0 ? BLANK : f.timeline.map((t, i) => <span key={i} className="paper__line">{`${formatTime(t.at)} ${formatDate(t.at)}: ${t.text}`}</span>)}
          </Bullet>
          <Bullet label={LABELS.ivResult}>{v(f.result)}</Bullet>
          {f.lateCause.trim() || f.lateResponsible.trim() ? (
            <Bullet label={LABELS.ivLate}>
              {v(f.lateCause)}; {v(f.lateResponsible)}
            </Bullet>
          ) : null}
          <Bullet label={LABELS.ivProposals}>{f.proposals.trim() || 'Không.'}</Bullet>
          <Bullet label={LABELS.ivFocalPoint}>{v(f.focalPoint)}</Bullet>
        </>
      );
      break;
    }
  }
  return (
    <article className={`paper${draft ? ' paper--draft' : ''}`} lang="vi" data-testid="form-paper" aria-label={`Phụ lục ${form.annex}`}>
      {draft ? <div className="paper__mark" aria-hidden="true">DỰ THẢO</div> : null}
      {body}
      <Signature form={form} />
      {form.annex === 'III' ? (
        <div className="paper__dg">
          <div className="paper__center paper__bold">{LABELS.dgOpinion}</div>
          <div className="paper__center paper__italic">{LABELS.dgOpinionNote}</div>
          {form.fields.dgOpinion ? (
            <>
              <p className="paper__p paper__indent">{form.fields.dgOpinion.text}</p>
              <p className="paper__center paper__bold">{form.fields.dgOpinion.decidedBy}</p>
            </>
          ) : (
            <div className="paper__sign-space" />
          )}
        </div>
      ) : null}
    </article>
  );
}
