/**
 * A snapshot taken on the wall stays on the wall: the picture opens in a side panel as a draft
 * incident entry (text, place, the time of the picture), the officer marks on it with the pen
 * and writes what they saw, and "Ghi vào sổ" stores the entry with the snapshot — and the marked
 * copy, when there are marks — without leaving the wall (docs/architecture.md, "Video").
 */
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { createStore, useStore } from 'zustand';
import { useLang, useMessages } from '../../hooks/useI18n';
import { Field, FormError, TextField } from '../../components/ui';
import { errorText } from '../../i18n';
import { formatClock } from '../../lib/datetime';
import { store } from '../../store';
import type { VideoSnapshot } from '../../../src-shared/contract';

export interface SnapshotDraft {
  /** Bumped for each new snapshot, so the panel starts over. */
  tick: number;
  snapshot: VideoSnapshot;
  url: string | null;
  text: string;
  place: string;
}

export const snapshotDraftStore = createStore<{ draft: SnapshotDraft | null }>()(() => ({ draft: null }));

export function openSnapshotDraft(d: Omit<SnapshotDraft, 'tick'>): void {
  const tick = (snapshotDraftStore.getState().draft?.tick ?? 0) + 1;
  snapshotDraftStore.setState({ draft: { ...d, tick } });
}

export function closeSnapshotDraft(): void {
  snapshotDraftStore.setState({ draft: null });
}

export function useSnapshotDraft(): SnapshotDraft | null {
  return useStore(snapshotDraftStore, (s) => s.draft);
}

type Stroke = { x: number; y: number }[];

const PEN = '#ff2d2d';

function penWidth(w: number): number {
  return Math.max(3, Math.round(w / 200));
}

/** Draws the picture and the strokes onto the canvas (its pixels are the picture's own). */
function paint(canvas: HTMLCanvasElement, img: HTMLImageElement | null, strokes: Stroke[]): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  if (img) ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  ctx.strokeStyle = PEN;
  ctx.lineWidth = penWidth(canvas.width);
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  for (const s of strokes) {
    if (s.length === 0) continue;
    ctx.beginPath();
    ctx.moveTo(s[0]!.x, s[0]!.y);
    for (const p of s.slice(1)) ctx.lineTo(p.x, p.y);
    if (s.length === 1) ctx.lineTo(s[0]!.x + 0.1, s[0]!.y);
    ctx.stroke();
  }
}

function base64Of(dataUrl: string): string {
  const i = dataUrl.indexOf(',');
  return i >= 0 ? dataUrl.slice(i + 1) : '';
}

export function SnapshotPanel() {
  const draft = useSnapshotDraft();
  if (!draft) return null;
  return <SnapshotForm key={draft.tick} draft={draft} />;
}

function SnapshotForm({ draft }: { draft: SnapshotDraft }) {
  const m = useMessages();
  const lang = useLang();
  const snap = draft.snapshot;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const imgRef = useRef<HTMLImageElement | null>(null);
  const drawing = useRef<Stroke | null>(null);
  const [strokes, setStrokes] = useState<Stroke[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [text, setText] = useState(draft.text);
  const [place, setPlace] = useState(draft.place);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    textRef.current?.focus();
    const end = textRef.current?.value.length ?? 0;
    textRef.current?.setSelectionRange(end, end);
  }, []);

  useEffect(() => {
    if (!draft.url) return;
    const img = new Image();
    img.onload = () => {
      imgRef.current = img;
      setLoaded(true);
    };
    img.src = draft.url;
    return () => {
      img.onload = null;
    };
  }, [draft.url]);

  useEffect(() => {
    const c = canvasRef.current;
    if (c) paint(c, imgRef.current, strokes);
  }, [strokes, loaded]);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const c = e.currentTarget;
    const r = c.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / (r.width || 1)) * c.width, y: ((e.clientY - r.top) / (r.height || 1)) * c.height };
  };
  const onDown = (e: PointerEvent<HTMLCanvasElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drawing.current = [point(e)];
    setStrokes((s) => [...s, drawing.current!]);
  };
  const onMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const cur = drawing.current;
    if (!cur) return;
    cur.push(point(e));
    setStrokes((s) => [...s.slice(0, -1), [...cur]]);
  };
  const onUp = () => {
    drawing.current = null;
  };

  const save = async () => {
    if (busy) return;
    if (!text.trim()) {
      setError(m.errors.required);
      textRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const a = store.getState().actions;
    try {
      const attachments = [snap.sha256];
      const canvas = canvasRef.current;
      if (strokes.length > 0 && canvas && loaded) {
        const put = await a.wall.putImage(`camera-${snap.cameraNumber}-${m.wall.annotatedFile}.png`, base64Of(canvas.toDataURL('image/png')));
        attachments.push(put.sha256);
      }
      const r = await a.logbook.add({
        kind: 'incident',
        text,
        occurredAt: snap.at,
        details: { arisenAt: snap.at, receivedAt: snap.at, ...(place.trim() ? { place: place.trim() } : {}) },
        identifiers: {},
        linkedEntryId: null,
        attachments,
      });
      if (r.error) {
        setError(errorText(lang, r.error));
        setBusy(false);
        return;
      }
      if (r.queued || !r.entry) {
        // a workstation whose station cannot be reached keeps it in its outbox ("chưa gửi")
        a.ui.toast('info', (mm) => mm.link.queuedToast, 8000);
      } else {
        const stt = r.entry.stt;
        a.ui.toast('success', (mm) => mm.wall.snapshotSaved(stt));
      }
      closeSnapshotDraft();
    } catch (e) {
      setError(errorText(lang, e as Parameters<typeof errorText>[1]));
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closeSnapshotDraft();
    }
  };

  return (
    <aside className="wall-snapshot panel" aria-label={m.wall.snapshotPanel} data-testid="snapshot-panel" data-sha256={snap.sha256} onKeyDown={onKeyDown}>
      <header className="panel__head">
        <h2>{m.wall.snapshotPanel}</h2>
        <button type="button" className="btn btn--small btn--ghost" onClick={() => closeSnapshotDraft()} aria-label={m.wall.snapshotDiscard} title={m.wall.snapshotDiscard}>
          ✕
        </button>
      </header>
      <div className="wall-snapshot__body">
        <p className="muted small wall-snapshot__caption">
          {m.wall.snapshotCaption(snap.cameraNumber, snap.cameraName)} · {formatClock(snap.at)}
        </p>
        <canvas
          ref={canvasRef}
          className="wall-snapshot__canvas"
          width={snap.width || 1280}
          height={snap.height || 720}
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onUp}
          aria-label={m.wall.snapshotDrawLabel}
          role="img"
          data-testid="snapshot-canvas"
          data-strokes={strokes.length}
        />
        <div className="wall-snapshot__tools">
          <span className="muted small">{m.wall.snapshotDrawHint}</span>
          <button type="button" className="btn btn--small btn--ghost" disabled={strokes.length === 0} onClick={() => setStrokes((s) => s.slice(0, -1))}>
            {m.wall.snapshotUndo}
          </button>
          <button type="button" className="btn btn--small btn--ghost" disabled={strokes.length === 0} onClick={() => setStrokes([])}>
            {m.wall.snapshotClearMarks}
          </button>
        </div>
        <Field label={m.logbook.text}>
          {({ id }) => <textarea id={id} ref={textRef} name="text" rows={4} value={text} onChange={(e) => setText(e.target.value)} lang="vi" data-testid="snapshot-text" />}
        </Field>
        <TextField label={m.logbook.place} name="place" value={place} onChange={(e) => setPlace(e.target.value)} lang="vi" />
        <FormError text={error} testId="snapshot-error" />
        <div className="wall-snapshot__actions">
          <button type="button" className="btn btn--primary" disabled={busy} onClick={() => void save()} data-testid="snapshot-save">
            {busy ? m.common.saving : m.wall.snapshotSave}
          </button>
          <button type="button" className="btn btn--ghost" onClick={() => closeSnapshotDraft()}>
            {m.wall.snapshotDiscard}
          </button>
        </div>
      </div>
    </aside>
  );
}
