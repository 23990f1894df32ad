/**
 * One incident: facts, cases, the approval chain (who, when, how), the actions the signed-in
 * user's roles allow at this step, the directions with their clocks, the full timeline
 * (amendments included) and the incident's documents.
 */
import { useEffect, useState } from 'react';
import { requiredApprovals } from '../../../src-shared/domain/incidents';
import type { Approval, ApprovalLevel, Direction, IncidentDetail } from '../../../src-shared/domain/incidents';
import type { Role } from '../../../src-shared/domain/roles';
import { LOGBOOK_WRITERS } from '../../../src-shared/domain/roles';
import { Empty, KvRow, Panel } from '../../components/ui';
import { useMessages } from '../../hooks/useI18n';
import { selectors, useActions, useAppStore } from '../../store';
import { attachmentUrl } from '../../video/channels';
import { ActionForm } from './ActionForms';
import type { ActionKind } from './ActionForms';
import { CaseBadges, ClockBadge, fmt, hasAnyRole, missingText, useNameOf, useStationNow } from './common';
import { DocumentsPanel } from './Documents';
import { placeLine } from './place';

const ISSUERS: readonly Role[] = ['shift_leader', 'room_leader', 'office_officer', 'surveillance_officer', 'surveillance_head'];

/** Which workflow actions the user's roles allow at the incident's step. */
export function allowedActions(d: IncidentDetail, roles: readonly Role[]): ActionKind[] {
  const out: ActionKind[] = [];
  const s = d.state;
  if (s === 'closed') return out;
  if ((s === 'reported' || s === 'rejected') && hasAnyRole(roles, ['room_leader', 'surveillance_head'])) out.push('propose');
  if (s === 'proposed' && hasAnyRole(roles, ['shift_leader'])) out.push('decide');
  if (s === 'awaiting_dg' && hasAnyRole(roles, ['director_general', 'shift_leader', 'room_leader'])) out.push('dg');
  if ((s === 'approved' || s === 'in_progress' || s === 'awaiting_dg') && hasAnyRole(roles, ISSUERS)) out.push('issue');
  if ((s === 'in_progress' || s === 'rejected' || s === 'approved') && hasAnyRole(roles, ['shift_leader', 'room_leader']) && d.directions.every((x) => x.result)) out.push('close');
  if ((s === 'reported' || s === 'proposed' || s === 'rejected') && hasAnyRole(roles, LOGBOOK_WRITERS)) out.push('classify');
  if (!d.immediate && hasAnyRole(roles, LOGBOOK_WRITERS)) out.push('immediate');
  if (hasAnyRole(roles, LOGBOOK_WRITERS)) out.push('amend');
  return out;
}

/** The room's verification and proposal, as the leader approving it reads them. */
function ProposalText({ proposal }: { proposal: { verification: string; proposal: string } }) {
  const m = useMessages();
  return (
    <dl className="kv kv--tight">
      <dt>{m.incidents.verification}</dt>
      <dd lang="vi">{proposal.verification}</dd>
      <dt>{m.incidents.proposal}</dt>
      <dd lang="vi">{proposal.proposal}</dd>
    </dl>
  );
}

function ApprovalRow({ level, approval, d }: { level: ApprovalLevel; approval: Approval | undefined; d: IncidentDetail }) {
  const m = useMessages();
  const proposal = level === 'room_leader' ? d.proposal : null;
  const decided = approval ?? null;
  const nameOf = useNameOf();
  const state = decided ? decided.decision : proposal ? 'approved' : 'pending';
  return (
    <li className={`approval approval--${state}`} data-level={level} data-state={state} data-testid={`approval-${level}`}>
      <div className="approval__head">
        <span className="approval__mark" aria-hidden="true">
          {state === 'approved' ? '✔' : state === 'rejected' ? '✖' : '○'}
        </span>
        <strong>{m.incidents.levelSteps[level]}</strong>
        <span className={`badge badge--approval-${state}`}>{state === 'pending' ? m.incidents.pending : m.incidents.decisions[state]}</span>
      </div>
      {proposal && !decided ? (
        <div className="approval__body">
          <span>
            {nameOf(proposal.by)} · {fmt(proposal.at)}
          </span>
          <ProposalText proposal={proposal} />
        </div>
      ) : null}
      {decided ? (
        <div className="approval__body">
          <span>
            <strong>{decided.byName || nameOf(decided.by)}</strong> · {fmt(decided.at)} · {m.incidents.how[decided.how]}
          </span>
          {level === 'room_leader' && proposal ? (
            <ProposalText proposal={proposal} />
          ) : null}
          {decided.form || decided.scope ? <span lang="vi">{m.incidents.formScope(decided.form ?? '', decided.scope ?? '')}</span> : null}
          {decided.note && !(level === 'room_leader' && proposal && decided.note.trim() === proposal.proposal.trim()) ? (
            <span lang="vi" className="approval__note">
              {decided.decision === 'rejected' ? m.incidents.reason : m.incidents.note}: {decided.note}
            </span>
          ) : null}
          {decided.attachments.length > 0 ? <Attachments list={decided.attachments} /> : null}
          <span className="muted small">{m.incidents.recordedBy(nameOf(decided.recordedBy), fmt(decided.recordedAt))}</span>
        </div>
      ) : null}
    </li>
  );
}

function Attachments({ list }: { list: IncidentDetail['attachments'] }) {
  return (
    <ul className="inc-files inc-files--inline">
      {list.map((a) => {
        const url = attachmentUrl(a.sha256);
        return (
          <li key={a.sha256} className="inc-file" data-sha256={a.sha256}>
            {url && a.mime.startsWith('image/') ? (
              <a href={url} target="_blank" rel="noreferrer">
                <img src={url} alt={a.name} width={140} />
              </a>
            ) : url ? (
              <a href={url} target="_blank" rel="noreferrer">
                📄 {a.name}
              </a>
            ) : (
              <span>📄 {a.name}</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function DirectionCard({ x, now, canWrite, onAck, onResult }: { x: Direction; now: number; canWrite: boolean; onAck: () => void; onResult: () => void }) {
  const m = useMessages();
  const unitNames = useAppStore(selectors.admin.unitNames);
  const nameOf = useNameOf();
  const to = [x.recipientUnitCode ? `${unitNames.get(x.recipientUnitCode) ?? ''} (${x.recipientUnitCode})`.trim() : null, x.recipientPerson].filter(Boolean).join(' · ');
  return (
    <li className="direction" data-testid="direction" data-direction-id={x.id}>
      <div className="direction__head">
        <strong>
          {m.incidents.to}: {to}
        </strong>
        <span className="badge">{m.forms[x.form]}</span>
        <span className="direction__clocks">
          <ClockBadge clock={x.ackClock} now={now} />
          <ClockBadge clock={x.resultClock} now={now} />
        </span>
      </div>
      <p className="direction__text" lang="vi">
        {x.content}
      </p>
      <div className="muted small">
        {m.incidents.focalPoint}: {x.focalPoint} · {m.incidents.issuedBy(nameOf(x.issuedBy), fmt(x.issuedAt))} · {m.incidents.resultDueAt}: {fmt(x.resultDueAt)}
      </div>
      {x.ack ? (
        <div className="direction__ack small" data-testid="direction-ack">
          ✔ {m.incidents.ackBy(x.ack.handler, fmt(x.ack.expectedAt))} — {fmt(x.ack.at)}
        </div>
      ) : null}
      {x.result ? (
        <div className="direction__result small" data-testid="direction-result">
          ✔ {m.incidents.resultText}: <span lang="vi">{x.result.text}</span> — {fmt(x.result.at)}
          {x.result.late ? (
            <span className="direction__late">
              {' '}
              <span className="badge badge--overdue">{m.incidents.lateTag}</span> {m.incidents.lateCause}: {x.result.lateCause} · {m.incidents.responsible}: {x.result.responsible}
            </span>
          ) : null}
        </div>
      ) : null}
      {canWrite && !x.result ? (
        <div className="direction__actions">
          {!x.ack ? (
            <button type="button" className="btn btn--small" onClick={onAck} data-testid="direction-ack-btn">
              {m.incidents.acknowledge}
            </button>
          ) : null}
          <button type="button" className="btn btn--small" onClick={onResult} data-testid="direction-result-btn">
            {m.incidents.result}
          </button>
        </div>
      ) : null}
    </li>
  );
}

function Timeline({ d }: { d: IncidentDetail }) {
  const m = useMessages();
  if (d.timeline.length === 0) return <Empty>{m.incidents.timelineEmpty}</Empty>;
  return (
    <ol className="timeline" data-testid="timeline">
      {d.timeline.map((t) => (
        <li key={t.seq} className={`timeline__item timeline__item--${t.type.replace(/[^a-z_]/g, '-')}`} data-type={t.type}>
          <time className="timeline__time">{fmt(t.at)}</time>
          <div className="timeline__body">
            <span lang="vi">{t.summary}</span>
            <span className="muted small">
              {t.actorName || t.actor}
              {Math.abs(t.recordedAt - t.at) >= 60_000 ? ` · ${m.incidents.recordedAt(fmt(t.recordedAt))}` : ''}
            </span>
            {t.reason ? (
              <span className="timeline__reason small" lang="vi">
                {m.incidents.amendmentReason(t.reason)}
              </span>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

export function IncidentDetailView() {
  const m = useMessages();
  const d = useAppStore(selectors.incidents.detail);
  const user = useAppStore(selectors.app.user);
  const unitNames = useAppStore(selectors.admin.unitNames);
  const { incidents } = useActions();
  const now = useStationNow();
  const [active, setActive] = useState<{ kind: ActionKind; directionId?: string } | null>(null);
  const id = d?.id;
  useEffect(() => setActive(null), [id]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const t = e.target as HTMLElement | null;
      if (t?.closest('form, [role=dialog]')) return;
      e.preventDefault();
      incidents.back();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [incidents]);

  if (!d) return <p className="empty">{m.common.loading}</p>;
  const roles = user?.roles ?? [];
  const allowed = allowedActions(d, roles);
  const chain = requiredApprovals(d.cases);
  const place = placeLine(d.place);
  const ids = Object.entries(d.identifiers ?? {}).filter(([, v]) => Array.isArray(v) && v.length > 0);
  const canWrite = hasAnyRole(roles, LOGBOOK_WRITERS) && d.state !== 'closed';
  const primary: ActionKind[] = allowed.filter((a) => a !== 'amend' && a !== 'classify' && a !== 'immediate');
  const secondary: ActionKind[] = allowed.filter((a) => a === 'amend' || a === 'classify' || a === 'immediate');
  const label: Record<ActionKind, string> = {
    propose: m.incidents.propose,
    decide: m.incidents.decide,
    dg: m.incidents.recordDg,
    issue: m.incidents.issue,
    close: m.incidents.close,
    classify: m.incidents.classify,
    immediate: m.incidents.recordImmediate,
    amend: m.incidents.amend,
    ack: m.incidents.acknowledge,
    result: m.incidents.result,
  };
  const activeDirection = active?.directionId ? d.directions.find((x) => x.id === active.directionId) : undefined;

  return (
    <div className="inc-detail" data-testid="incident-detail" data-state={d.state} data-incident-id={d.id}>
      <div className="inc-detail__bar">
        <button type="button" className="btn btn--ghost" onClick={() => incidents.back()}>
          {m.incidents.back}
        </button>
        <h1 className="inc-detail__title">
          <span className={`badge badge--state badge--state-${d.state}`} data-testid="incident-state">
            {m.incidents.states[d.state]}
          </span>
          <CaseBadges cases={d.cases} immediate={d.immediate?.case ?? null} />
          <span className="inc-detail__summary" lang="vi" title={d.description}>
            {d.description.split('\n')[0]}
          </span>
        </h1>
      </div>
      <div className="inc-detail__cols">
        <div className="inc-detail__main">
          <Panel title={m.incidents.facts}>
            <dl className="kv">
              <KvRow label={m.incidents.arisen}>{fmt(d.arisenAt)}</KvRow>
              <KvRow label={m.incidents.received}>{fmt(d.receivedAt)}</KvRow>
              <KvRow label={m.incidents.place} lang="vi">
                {place || m.common.none}
                {d.place.unitCode && unitNames.get(d.place.unitCode) ? <span className="muted"> — {unitNames.get(d.place.unitCode)}</span> : null}
              </KvRow>
              <KvRow label={m.incidents.source}>{m.incidents.sources[d.source]}</KvRow>
              <KvRow label={m.incidents.raisedBy}>{d.raisedByName} · {fmt(d.raisedAt)}</KvRow>
              {ids.length > 0 ? (
                <KvRow label={m.incidents.identifiers} valueClassName="ids">
                  {ids.flatMap(([, v]) => v as string[]).map((v) => (
                    <code key={v}>{v}</code>
                  ))}
                </KvRow>
              ) : null}
              <KvRow label={m.incidents.description} lang="vi" valueClassName="pre-wrap">{d.description}</KvRow>
              <KvRow label={m.incidents.casesLegend}>{d.cases.length ? d.cases.map((c) => `${m.incidents.caseShort[c]} ${m.incidents.cases[c]}`).join('; ') : m.incidents.noCases}</KvRow>
              {d.immediate ? (
                <KvRow label={m.incidents.immediate} className="kv__row--immediate" lang="vi"><strong>{m.incidents.immediateShort[d.immediate.case]}</strong> · {d.immediate.step} · {m.incidents.toldWhomShort}: {d.immediate.toldWhom} · {fmt(d.immediate.at)}</KvRow>
              ) : null}
            </dl>
            {d.attachments.length > 0 ? <Attachments list={d.attachments} /> : null}
          </Panel>

          <Panel title={m.incidents.approvals}>
            <ol className="approvals" data-testid="approvals">
              {chain.map((level) => (
                <ApprovalRow key={level} level={level} approval={[...d.approvals].reverse().find((a) => a.level === level)} d={d} />
              ))}
            </ol>
            {d.missingApprovals.length > 0 && d.state !== 'closed' ? (
              <p className="inc-missing" data-testid="detail-missing">
                {m.incidents.missing(missingText(d.missingApprovals, m))}
              </p>
            ) : null}
          </Panel>

          <Panel
            title={m.incidents.directions}
            actions={
              <div className="inc-actions" data-testid="incident-actions">
                {primary.map((a) => (
                  <button key={a} type="button" className={`btn btn--small${a === 'decide' || a === 'propose' || a === 'issue' ? ' btn--primary' : ''}`} aria-pressed={active?.kind === a} onClick={() => setActive({ kind: a })} data-action={a}>
                    {label[a]}
                  </button>
                ))}
                {secondary.map((a) => (
                  <button key={a} type="button" className="btn btn--small btn--ghost" aria-pressed={active?.kind === a} onClick={() => setActive({ kind: a })} data-action={a}>
                    {label[a]}
                  </button>
                ))}
              </div>
            }
          >
            {active ? (
              <ActionForm key={`${active.kind}:${active.directionId ?? ''}`} kind={active.kind} detail={d} direction={activeDirection} onDone={() => setActive(null)} />
            ) : allowed.length === 0 && d.state !== 'closed' ? (
              <p className="muted small">{m.incidents.noActions}</p>
            ) : null}
            {d.directions.length === 0 ? (
              <Empty>{m.incidents.noDirections}</Empty>
            ) : (
              <ul className="directions">
                {d.directions.map((x) => (
                  <DirectionCard key={x.id} x={x} now={now} canWrite={canWrite} onAck={() => setActive({ kind: 'ack', directionId: x.id })} onResult={() => setActive({ kind: 'result', directionId: x.id })} />
                ))}
              </ul>
            )}
          </Panel>
        </div>
        <div className="inc-detail__side">
          <Panel title={m.incidents.timeline} className="inc-timeline">
            <Timeline d={d} />
          </Panel>
          <DocumentsPanel detail={d} />
        </div>
      </div>
    </div>
  );
}
