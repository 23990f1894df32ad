import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { ENTRY_KINDS } from '../../../src-shared/domain/logbook';
import type { EntryKind } from '../../../src-shared/domain/logbook';
import { useMessages } from '../../hooks/useI18n';
import { parseInputDate, showShiftDate } from '../../lib/datetime';
import { selectors, useActions, useAppStore } from '../../store';
import type { LogbookFilters } from './slice';

type DateKey = 'shiftDate' | 'from' | 'to';

/** A dd/mm/yyyy filter box: applied on Enter or when leaving the box. */
function DateFilter({ k, label }: { k: DateKey; label: string }) {
  const m = useMessages();
  const value = useAppStore((s) => s.logbook.filters[k]);
  const { logbook } = useActions();
  const [text, setText] = useState(showShiftDate(value));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setText(showShiftDate(value));
    setBad(false);
  }, [value]);
  const apply = () => {
    const ymd = parseInputDate(text);
    if (ymd === null) {
      setBad(true);
      return;
    }
    setBad(false);
    if (ymd !== value) void logbook.setFilters({ [k]: ymd } as Partial<LogbookFilters>);
  };
  return (
    <label className={`filter filter--date${bad ? ' filter--bad' : ''}`}>
      <span>{label}</span>
      <input
        name={`filter-${k}`}
        value={text}
        placeholder={m.common.dateHint}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
        aria-invalid={bad}
        title={bad ? m.errors.invalidDate : undefined}
        inputMode="numeric"
        autoComplete="off"
      />
    </label>
  );
}

function TextFilter({ k, label, placeholder }: { k: 'unitCode' | 'identifier'; label: string; placeholder?: string }) {
  const value = useAppStore((s) => s.logbook.filters[k]);
  const { logbook } = useActions();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const apply = () => {
    if (text.trim() !== value) void logbook.setFilters({ [k]: text.trim() } as Partial<LogbookFilters>);
  };
  return (
    <label className="filter">
      <span>{label}</span>
      <input
        name={`filter-${k}`}
        value={text}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
        className="upper"
        spellCheck={false}
        autoComplete="off"
        list={k === 'unitCode' ? 'unit-codes' : undefined}
      />
    </label>
  );
}

export function Filters() {
  const m = useMessages();
  const filters = useAppStore(selectors.logbook.filters);
  const query = useAppStore(selectors.logbook.query);
  const users = useAppStore(selectors.admin.users);
  const exporting = useAppStore(selectors.logbook.exporting);
  const exportJob = useAppStore(selectors.logbook.exportJob);
  const from = useAppStore(selectors.logbook.exportFrom);
  const to = useAppStore(selectors.logbook.exportTo);
  const focusTick = useAppStore(selectors.logbook.focusSearch);
  const { logbook } = useActions();
  const [q, setQ] = useState(query);
  const searchRef = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => setQ(query), [query]);
  useEffect(() => {
    if (focusTick > 0) {
      searchRef.current?.focus();
      searchRef.current?.select();
    }
  }, [focusTick]);

  const runSearch = (value: string) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (value !== query) void logbook.setQuery(value);
  };
  const onSearchChange = (value: string) => {
    setQ(value);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => runSearch(value), 350);
  };
  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      runSearch(q);
    } else if (e.key === 'Escape' && q) {
      e.preventDefault();
      e.stopPropagation();
      setQ('');
      runSearch('');
    }
  };
  const active = Object.values(filters).some((v) => v !== '') || query !== '';

  return (
    <div className="filters" role="search" aria-label={m.logbook.filters}>
      <div className="filters__row">
        <label className="filter filter--search">
          <span className="visually-hidden">{m.logbook.search}</span>
          <input
            ref={searchRef}
            type="search"
            name="search"
            value={q}
            placeholder={m.logbook.searchPlaceholder}
            onChange={(e) => onSearchChange(e.target.value)}
            onKeyDown={onSearchKey}
            title="Alt+T"
            autoComplete="off"
            lang="vi"
          />
        </label>
        <label className="filter">
          <span>{m.logbook.kind}</span>
          <select name="filter-kind" value={filters.kind} onChange={(e) => void logbook.setFilters({ kind: e.target.value as EntryKind | '' })}>
            <option value="">{m.logbook.anyKind}</option>
            {ENTRY_KINDS.map((k) => (
              <option key={k} value={k}>
                {m.kinds[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{m.logbook.author}</span>
          <select name="filter-author" value={filters.author} onChange={(e) => void logbook.setFilters({ author: e.target.value })}>
            <option value="">{m.logbook.anyAuthor}</option>
            {users.map((u) => (
              <option key={u.id} value={u.login}>
                {u.fullName}
              </option>
            ))}
          </select>
        </label>
        <div className="export" role="group" aria-label={from && to ? m.logbook.rangeLabel(showShiftDate(from), showShiftDate(to)) : undefined}>
          <span className="export__range muted small">{from && to ? m.logbook.rangeLabel(showShiftDate(from), showShiftDate(to)) : ''}</span>
          <button type="button" className="btn btn--small" onClick={() => void logbook.exportLog('pdf')} disabled={!from || exporting !== null} data-testid="export-pdf">
            {exporting === 'pdf' ? m.logbook.exporting : m.logbook.exportPdf}
          </button>
          <button type="button" className="btn btn--small" onClick={() => void logbook.exportLog('docx')} disabled={!from || exporting !== null} data-testid="export-docx">
            {exporting === 'docx' ? m.logbook.exporting : m.logbook.exportDocx}
          </button>
          {exportJob && exporting !== null ? (
            <span className="export__progress" data-testid="export-progress">
              <progress max={1} value={exportJob.progress} aria-label={m.logbook.exportProgress} />
              <span className="muted small">{m.logbook.exportPhase[exportJob.phase]}</span>
            </span>
          ) : null}
          {exportJob && exporting === null && exportJob.status === 'done' && exportJob.result ? (
            <button type="button" className="btn btn--small btn--ghost" onClick={() => void logbook.downloadExport(exportJob.id)} data-testid="export-result">
              {m.logbook.exportAgain(exportJob.result.fileName)}
            </button>
          ) : null}
        </div>
      </div>
      <div className="filters__row">
        <DateFilter k="shiftDate" label={m.logbook.shiftDate} />
        <DateFilter k="from" label={m.logbook.from} />
        <DateFilter k="to" label={m.logbook.to} />
        <TextFilter k="unitCode" label={m.logbook.unitFilter} />
        <TextFilter k="identifier" label={m.logbook.identifier} placeholder={m.logbook.identifierHint} />
        <button type="button" className="btn btn--small btn--ghost" onClick={() => void logbook.clearFilters()} disabled={!active}>
          {m.common.clear}
        </button>
      </div>
    </div>
  );
}
