/**
 * The video wall (Alt+W): the camera tree on the left, the wall of live tiles on the right.
 * Grid tiles play the SUB stream; an enlarged tile plays the MAIN stream. Each page
 * `?display=N` keeps its own layout (wallStore).
 */
import { useCallback, useEffect, useState } from 'react';
import type { CSSProperties, KeyboardEvent } from 'react';
import { cameraPlace, zoneName } from '../../../src-shared/domain/cameras';
import { useMessages } from '../../hooks/useI18n';
import { usePush } from '../../hooks/usePush';
import { errorText, MESSAGES } from '../../i18n';
import type { Messages } from '../../i18n';
import { selectors, store, useAppStore } from '../../store';
import type { RootState } from '../../store';
import { attachmentUrl, isMissingChannel } from '../../video/channels';
import { CameraTree } from './CameraTree';
import { openSnapshotDraft, SnapshotPanel, useSnapshotDraft } from './SnapshotPanel';
import { OpenAllDisplays, WallPresets } from './WallPresets';
import { openTourForm, Tile, WallShownContext } from './Tile';
import { gridOf, LAYOUTS, MAX_CUSTOM, tileCount, useWall, wallStore } from './wallStore';
import type { LayoutId } from './wallStore';

const msgs = () => MESSAGES[store.getState().ui.lang];

function toastError(e: unknown): void {
  const ui = store.getState().actions.ui;
  if (isMissingChannel(e)) ui.toast('error', (m) => m.wall.videoUnavailable);
  else ui.toast('error', (_m, lang) => errorText(lang, e as Parameters<typeof errorText>[1]));
}

/** The camera currently shown in a tile (a touring tile changes camera on its own). */
function tileCamera(index: number): string | null {
  const el = document.querySelector<HTMLElement>(`[data-tile="${index}"]`);
  return el?.dataset.cameraId || wallStore.getState().tiles[index]?.cameraId || null;
}

function focusTile(index: number): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-tile="${index}"]`)?.focus());
}

type Actions = RootState['actions'];

/**
 * Run a tile action on the camera the tile shows now: nothing when it shows none; a "busy" toast
 * while it runs; a failure as an error toast (the video engine missing says so).
 */
async function onTileCamera(index: number, busy: (m: Messages) => string, busyMs: number, run: (cameraId: string, a: Actions) => Promise<void>): Promise<void> {
  const cameraId = tileCamera(index);
  if (!cameraId) return;
  const a = store.getState().actions;
  a.ui.toast('info', busy, busyMs);
  try {
    await run(cameraId, a);
  } catch (e) {
    toastError(e);
  }
}

/**
 * A snapshot of the tile's camera into the wall's side panel (./SnapshotPanel.tsx): a draft
 * incident with the picture, marked and written up there, without leaving the wall.
 */
export async function takeSnapshot(index: number): Promise<void> {
  await onTileCamera(index, (m) => m.wall.snapshotBusy, 2000, async (cameraId, a) => {
    const r = await a.wall.snapshot(cameraId);
    const m = msgs();
    openSnapshotDraft({ snapshot: r, url: attachmentUrl(r.sha256), text: m.wall.snapshotText(r.cameraNumber, r.cameraName, r.place), place: r.place });
  });
}

/**
 * A snapshot of the tile's camera into the incident raise form: the picture attached, the
 * camera's unit, site and zone as the place, the time of the picture as the time it arose.
 */
export async function raiseFromSnapshot(index: number): Promise<void> {
  await onTileCamera(index, (m) => m.wall.snapshotBusy, 2000, async (cameraId, a) => {
    const r = await a.wall.snapshot(cameraId);
    const cam = await a.wall.camera(cameraId);
    const m = msgs();
    const caption = m.wall.snapshotCaption(r.cameraNumber, r.cameraName);
    a.incidents.startRaise({
      source: 'snapshot',
      sourceRef: caption,
      cameraId,
      arisenAt: r.at,
      receivedAt: null,
      description: m.wall.snapshotText(r.cameraNumber, r.cameraName, r.place),
      // the place is written in Vietnamese, as the logbook is
      place: { unitCode: cam.unitCode || undefined, siteName: cam.siteName, zone: zoneName(cam.siteType, cam.zone, 'vi'), text: caption },
      attachments: [{ sha256: r.sha256, name: `camera-${r.cameraNumber}.png`, mime: 'image/png', url: attachmentUrl(r.sha256), caption }],
    });
  });
}

/** The last 30 seconds of the tile's camera as an MP4 clip, into a draft incident (like a snapshot). */
export async function exportClip(index: number): Promise<void> {
  await onTileCamera(index, (m) => m.wall.clipBusy, 2500, async (cameraId, a) => {
    const at = Date.now() + store.getState().app.clockOffset;
    const r = await a.wall.clip(cameraId, 30);
    const cam = await a.wall.camera(cameraId);
    // the logbook is written in Vietnamese, as the snapshot's place is
    const place = cameraPlace(cam, 'vi');
    const m = msgs();
    a.logbook.startDraft({
      kind: 'incident',
      text: m.wall.clipText(cam.number, cam.name, place, r.seconds),
      place,
      arisenAt: at - r.seconds * 1000,
      attachment: {
        sha256: r.sha256,
        width: 0,
        height: 0,
        at,
        url: null,
        caption: m.wall.clipCaption(cam.number, cam.name),
        mime: 'video/mp4',
        seconds: r.seconds,
      },
    });
    a.ui.navigate('logbook');
  });
}

function showNeighbours(index: number): void {
  const cameraId = tileCamera(index);
  const s = wallStore.getState();
  const cameras = store.getState().wall.cameras;
  const cam = cameras.find((c) => c.id === cameraId);
  if (!cam) return;
  const ids = cam.neighbours.map((n) => cameras.find((c) => c.number === n)?.id).filter((x): x is string => !!x);
  if (ids.length === 0) {
    store.getState().actions.ui.toast('info', (m) => m.wall.noNeighbours);
    return;
  }
  s.actions.showNeighbours(cam.id, ids);
  focusTile(0);
}

function stepCamera(index: number, dir: 1 | -1): void {
  const s = wallStore.getState();
  const cameras = store.getState().wall.cameras;
  if (cameras.length === 0) return;
  const cur = tileCamera(index);
  const at = cameras.findIndex((c) => c.id === cur);
  const next = at < 0 ? (dir === 1 ? 0 : cameras.length - 1) : (at + dir + cameras.length) % cameras.length;
  s.actions.assign(index, cameras[next]!.id);
}

/** Cameras (for numbers, names, neighbours) and live health, fetched again when main pushes a change. */
function useWallData(): void {
  const [camerasVersion, setCamerasVersion] = useState(0);
  const [healthVersion, setHealthVersion] = useState(0);
  usePush(['cameras'], () => setCamerasVersion((v) => v + 1));
  usePush(['camera.health'], () => setHealthVersion((v) => v + 1));
  // through the store's wall actions (./slice.ts); a failure is retried on the next pushed change
  useEffect(() => {
    void store.getState().actions.wall.loadCameras();
  }, [camerasVersion]);
  useEffect(() => {
    void store.getState().actions.wall.loadHealth();
  }, [healthVersion]);
}


/** The rows or columns of the custom layout, as a labelled number choice. */
function DimSelect({ label, name, value, options, onChange }: { label: string; name: string; value: number; options: readonly number[]; onChange: (n: number) => void }) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(Number(e.target.value))} name={name}>
        {options.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </label>
  );
}
function Toolbar() {
  const m = useMessages();
  const layout = useWall((s) => s.layout);
  const custom = useWall((s) => s.custom);
  const display = useWall((s) => s.display);
  const actions = useWall((s) => s.actions);
  const dims = Array.from({ length: MAX_CUSTOM }, (_, i) => i + 1);
  return (
    <div className="wall-toolbar">
      <div className="wall-layouts" role="radiogroup" aria-label={m.wall.layout} data-testid="wall-layouts">
        {LAYOUTS.map((l, i) => (
          <button key={l} type="button" role="radio" aria-checked={layout === l} className="wall-layouts__btn" onClick={() => actions.setLayout(l)} data-layout={l} title={l === 'custom' ? m.wall.layouts[l] : `${m.wall.layouts[l]} (${i + 1})`}>
            {l !== 'custom' ? <kbd aria-hidden="true">{i + 1}</kbd> : null} {m.wall.layouts[l]}
          </button>
        ))}
      </div>
      {layout === 'custom' ? (
        <div className="wall-custom">
          <DimSelect label={m.wall.rows} name="rows" value={custom.rows} options={dims} onChange={(n) => actions.setCustom(n, custom.cols)} />
          <span aria-hidden="true">×</span>
          <DimSelect label={m.wall.cols} name="cols" value={custom.cols} options={dims} onChange={(n) => actions.setCustom(custom.rows, n)} />
        </div>
      ) : null}
      <span className="wall-display muted">{m.wall.display(display)}</span>
      <OpenAllDisplays />
      <WallPresets />
    </div>
  );
}

const DIGIT_LAYOUT: Record<string, LayoutId> = { '1': '1', '2': '2x2', '3': '3x3', '4': '4x4', '5': '1+5', '6': '1+7' };

function WallGrid() {
  const m = useMessages();
  const layout = useWall((s) => s.layout);
  const custom = useWall((s) => s.custom);
  const tiles = useWall((s) => s.tiles);
  const focused = useWall((s) => s.focused);
  const enlarged = useWall((s) => s.enlarged);
  const actions = useWall((s) => s.actions);
  const grid = gridOf(layout, custom);
  const count = tileCount(grid);

  const onSnapshot = useCallback((i: number) => void takeSnapshot(i), []);
  const onClip = useCallback((i: number) => void exportClip(i), []);
  const onNeighbours = useCallback((i: number) => showNeighbours(i), []);
  const onRaise = useCallback((i: number) => void raiseFromSnapshot(i), []);
  // a wall device has no snapshot, clip or raise: they end in the logbook or an attachment
  const capture = useAppStore(selectors.wall.mayCapture);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target as HTMLElement;
    if (t.closest('input, textarea, select, .tour-form')) return;
    const onTile = t.classList.contains('tile');
    const s = wallStore.getState();
    const i = s.enlarged ?? s.focused;
    const key = e.key;
    let handled = true;
    if (DIGIT_LAYOUT[key] && !e.shiftKey) actions.setLayout(DIGIT_LAYOUT[key]);
    else if (key === 'ArrowRight' || key === 'n' || key === 'N') stepCamera(i, 1);
    else if (key === 'ArrowLeft' || key === 'p' || key === 'P') stepCamera(i, -1);
    else if (key === 'ArrowDown' && s.enlarged === null) {
      actions.focus(Math.min(count - 1, i + grid.cols));
      focusTile(wallStore.getState().focused);
    } else if (key === 'ArrowUp' && s.enlarged === null) {
      actions.focus(Math.max(0, i - grid.cols));
      focusTile(wallStore.getState().focused);
    } else if ((key === 'Enter' && onTile) || key === 'f' || key === 'F') {
      if (s.tiles[i]?.cameraId || tileCamera(i)) actions.enlarge(s.enlarged === null ? i : null);
      focusTile(i);
    } else if (key === 'Escape' && s.enlarged !== null) {
      actions.enlarge(null);
      focusTile(i);
    } else if (capture && (key === 's' || key === 'S')) void takeSnapshot(i);
    else if (capture && (key === 'e' || key === 'E')) void exportClip(i);
    else if (capture && (key === 'i' || key === 'I')) void raiseFromSnapshot(i);
    else if (key === 'l' || key === 'L') showNeighbours(i);
    else if (key === 't' || key === 'T') openTourForm(i);
    else if ((key === 'Delete' || key === 'Backspace') && onTile) actions.assign(i, null);
    else handled = false;
    if (handled) e.preventDefault();
  };

  const style: CSSProperties =
    enlarged !== null
      ? { gridTemplateRows: '1fr', gridTemplateColumns: '1fr' }
      : { gridTemplateRows: `repeat(${grid.rows}, minmax(0, 1fr))`, gridTemplateColumns: `repeat(${grid.cols}, minmax(0, 1fr))` };
  const indices = enlarged !== null ? [enlarged] : Array.from({ length: count }, (_, i) => i);
  return (
    <div className="wall-grid" style={style} onKeyDown={onKey} role="region" aria-label={m.wall.grid} data-testid="wall-grid" data-layout={layout} data-enlarged={enlarged ?? ''}>
      {indices.map((i) => (
        <Tile
          key={i}
          index={i}
          cfg={tiles[i] ?? { cameraId: null, tour: null }}
          style={i === 0 && grid.big > 1 && enlarged === null ? { gridColumn: `1 / span ${grid.big}`, gridRow: `1 / span ${grid.big}` } : {}}
          enlarged={enlarged === i}
          focused={focused === i}
          onSnapshot={capture ? onSnapshot : undefined}
          onClip={capture ? onClip : undefined}
          onNeighbours={onNeighbours}
          onRaise={capture ? onRaise : undefined}
        />
      ))}
    </div>
  );
}

/**
 * `shown` false: the wall stays mounted under another screen (App.tsx keeps it once opened), so
 * leaving it and coming back neither restarts a stream nor loses the station's 30-second
 * pre-buffer; its players decode nothing meanwhile (WallShownContext).
 */
export function Wall({ shown = true }: { shown?: boolean }) {
  const m = useMessages();
  const draft = useSnapshotDraft();
  const capture = useAppStore(selectors.wall.mayCapture);
  useWallData();
  return (
    <WallShownContext.Provider value={shown}>
      <div className={`wall${draft ? ' wall--panel' : ''}`} data-testid="wall" hidden={!shown}>
        <CameraTree />
        <section className="wall__main" aria-label={m.wall.title}>
          <Toolbar />
          <WallGrid />
          <p className="wall__hint muted small">{capture ? m.wall.shortcuts : m.wall.shortcutsWall}</p>
        </section>
        <SnapshotPanel />
      </div>
    </WallShownContext.Provider>
  );
}
