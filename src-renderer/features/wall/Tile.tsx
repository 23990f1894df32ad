import { createContext, memo, useContext, useEffect, useRef, useState } from 'react';
import type { CSSProperties, DragEvent } from 'react';
import type { Camera } from '../../../src-shared/domain/cameras';
import { useMessages } from '../../hooks/useI18n';
import { selectors, store, useAppStore } from '../../store';
import { useNow } from '../../hooks/useNow';
import { formatClock } from '../../lib/datetime';
import { TilePlayer } from '../../video/player';
import { usePush } from '../../hooks/usePush';
import type { StreamKind, TileStats } from '../../video/player';
import { CAMERA_MIME } from './CameraTree';
import { healthIcon, healthLabel, healthOf, toneOf } from './health';
import type { ShownHealth } from './health';
import { TourForm } from './TourForm';
import { useWall } from './wallStore';
import type { TileCfg } from './wallStore';

/** Type of a tile dragged onto another (its index), beside the tree's CAMERA_MIME. */
export const TILE_MIME = 'application/x-trucban-tile';

/**
 * False while the wall is kept mounted under another screen: its players stay attached on the
 * station (same ffmpeg, the pre-buffer kept) but decode nothing (TilePlayer.setDormant).
 */
export const WallShownContext = createContext(true);

/** What the tile overlay needs from the player (changes rarely, unlike the raw stats). */
interface Shown {
  state: TileStats['state'];
  since: number | null;
  transcoding: boolean;
  health: TileStats['health'];
  error: TileStats['error'];
  codec: string | null;
  width: number;
  height: number;
}

const INITIAL: Shown = { state: 'connecting', since: null, transcoding: false, health: null, error: null, codec: null, width: 0, height: 0 };

/** The CPU % of a camera stream's transcoding ffmpeg in a stats list (checked: it may come pushed), or null. */
function cpuOf(all: readonly unknown[], cameraId: string, stream: StreamKind): number | null {
  for (const x of all) {
    if (typeof x !== 'object' || x === null) continue;
    const st = x as { cameraId?: unknown; kind?: unknown; cpuPercent?: unknown };
    if (st.cameraId === cameraId && st.kind === stream) return typeof st.cpuPercent === 'number' && Number.isFinite(st.cpuPercent) ? st.cpuPercent : null;
  }
  return null;
}

/** "CHUYỂN MÃ · 9.6 % CPU": a transcoded stream shows what the fallback costs (ffmpeg, % of one core). */
function TranscodeTag({ cameraId, stream }: { cameraId: string; stream: StreamKind }) {
  const m = useMessages();
  const [cpu, setCpu] = useState<number | null>(null);
  // the stats arrive pushed every few seconds (topic video.stats); fetched once on mount and on a resync
  const [fetches, setFetches] = useState(0);
  useEffect(() => {
    let stop = false;
    // through the store's wall actions (./slice.ts)
    store
      .getState()
      .actions.wall.streamStats()
      .then((all) => {
        if (!stop) setCpu(cpuOf(all, cameraId, stream));
      })
      .catch(() => {});
    return () => {
      stop = true;
    };
  }, [cameraId, stream, fetches]);
  usePush(['video.stats'], (f) => (Array.isArray(f.data) ? setCpu(cpuOf(f.data, cameraId, stream)) : setFetches((n) => n + 1)));
  return (
    <span className="tile__tag tile__tag--warn" title={m.wall.transcodingTitle} data-testid="tile-transcoding">
      {m.wall.transcoding}
      {cpu !== null ? ` · ${m.wall.transcodingCpu(cpu)}` : ''}
    </span>
  );
}

/** The <video> and its player; a new camera or stream mounts a new element and player. */
function TileVideo({ cameraId, stream, onShown }: { cameraId: string; stream: StreamKind; onShown: (s: Shown) => void }) {
  const ref = useRef<HTMLVideoElement>(null);
  const playerRef = useRef<TilePlayer | null>(null);
  const shownOnScreen = useContext(WallShownContext);
  const visible = useRef(shownOnScreen);
  visible.current = shownOnScreen;
  const cb = useRef(onShown);
  cb.current = onShown;
  useEffect(() => {
    playerRef.current?.setDormant(!shownOnScreen);
  }, [shownOnScreen]);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    let last = '';
    const player = new TilePlayer(video, {
      cameraId,
      stream,
      onStats: (st) => {
        const shown: Shown = {
          state: st.state,
          since: st.lastAdvanceAt,
          transcoding: st.transcoding,
          health: st.health,
          error: st.error,
          codec: st.codec,
          width: st.width,
          height: st.height,
        };
        const key = JSON.stringify(shown.state === 'frozen' ? shown : { ...shown, since: null });
        if (key !== last) {
          last = key;
          cb.current(shown);
        }
      },
    });
    playerRef.current = player;
    if (!visible.current) player.setDormant(true);
    return () => {
      playerRef.current = null;
      player.destroy();
      cb.current(INITIAL);
    };
  }, [cameraId, stream]);
  return <video ref={ref} className="tile__video" muted playsInline autoPlay data-camera-id={cameraId} data-stream={stream} />;
}

function TileClock() {
  const now = useNow(1000);
  return <time className="tile__clock">{formatClock(now)}</time>;
}

export interface TileProps {
  index: number;
  cfg: TileCfg;
  style: CSSProperties;
  enlarged: boolean;
  focused: boolean;
  /** Absent on a wall device (no snapshots or clips there: wallSelectors.mayCapture). */
  onSnapshot?: ((index: number) => void) | undefined;
  onClip?: ((index: number) => void) | undefined;
  onNeighbours: (index: number) => void;
  /** Snapshot into the incident raise form (docs/incidents.md). */
  onRaise?: ((index: number) => void) | undefined;
}

export const Tile = memo(function Tile({ index, cfg, style, enlarged, focused, onSnapshot, onClip, onNeighbours, onRaise }: TileProps) {
  const m = useMessages();
  const cameras = useAppStore(selectors.wall.cameras);
  const liveHealth = useAppStore(selectors.wall.health);
  const videoMissing = useAppStore(selectors.wall.videoMissing);
  const actions = useWall((s) => s.actions);
  const [shown, setShown] = useState<Shown>(INITIAL);
  const [tourStep, setTourStep] = useState(0);
  const [tourOpen, setTourOpen] = useState(false);
  const [dragOver, setDragOver] = useState(false);
  const tour = cfg.tour;

  // a tour cycles through its cameras; each change tears the player down (new key)
  useEffect(() => {
    setTourStep(0);
    if (!tour) return;
    const timer = setInterval(() => setTourStep((n) => n + 1), tour.intervalSec * 1000);
    return () => clearInterval(timer);
  }, [tour]);

  const cameraId = tour ? (tour.cameraIds[tourStep % tour.cameraIds.length] ?? null) : cfg.cameraId;
  const cam: Camera | undefined = cameraId ? cameras.find((c) => c.id === cameraId) : undefined;
  const stream: StreamKind = enlarged ? 'main' : 'sub';
  const socketHealth: ShownHealth | null = shown.health;
  const known: ShownHealth = socketHealth ?? (cam ? healthOf(cam, liveHealth) : 'unknown');
  // a picture that moves is online even before the engine has published the camera's health
  const health: ShownHealth = known === 'unknown' && shown.state === 'playing' ? 'online' : known;

  const onDragStart = (e: DragEvent<HTMLDivElement>) => {
    if (!cameraId || e.target !== e.currentTarget) return;
    e.dataTransfer.setData(TILE_MIME, String(index));
    e.dataTransfer.setData('text/plain', cam ? `Camera ${cam.number}` : `Tile ${index + 1}`);
    e.dataTransfer.effectAllowed = 'move';
  };
  const onDragOver = (e: DragEvent<HTMLDivElement>) => {
    const types = e.dataTransfer.types;
    if (!types.includes(CAMERA_MIME) && !types.includes(TILE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = types.includes(TILE_MIME) ? 'move' : 'copy';
    if (!dragOver) setDragOver(true);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    setDragOver(false);
    const from = e.dataTransfer.getData(TILE_MIME);
    if (/^\d{1,2}$/.test(from)) {
      // a tile dropped on another: the two swap
      e.preventDefault();
      actions.swap(Number(from), index);
      return;
    }
    const id = e.dataTransfer.getData(CAMERA_MIME);
    if (!id) return;
    e.preventDefault();
    // a camera already on the wall moves here rather than showing twice
    actions.place(index, id);
    actions.focus(index);
  };

  const frozen = !!cameraId && shown.state === 'frozen' && !videoMissing;
  const label = cam ? `${cam.number} · ${cam.name}` : m.wall.tile(index + 1);

  return (
    <div
      className={`tile${focused ? ' tile--focused' : ''}${dragOver ? ' tile--drop' : ''}${frozen ? ' tile--frozen' : ''}`}
      style={style}
      tabIndex={0}
      role="group"
      aria-label={label}
      data-testid={`tile-${index}`}
      data-tile={index}
      data-camera-id={cameraId ?? ''}
      data-state={cameraId ? shown.state : 'empty'}
      data-stream={cameraId ? stream : ''}
      onFocus={() => actions.focus(index)}
      onMouseDown={() => actions.focus(index)}
      onDoubleClick={() => cameraId && actions.enlarge(enlarged ? null : index)}
      draggable={!!cameraId && !enlarged}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragLeave={() => setDragOver(false)}
      onDrop={onDrop}
    >
      {cameraId ? <TileVideo key={`${cameraId}:${stream}`} cameraId={cameraId} stream={stream} onShown={setShown} /> : null}

      {cameraId ? (
        <>
          <div className="tile__top">
            <span className="tile__name" title={cam ? `${cam.siteName}` : undefined}>
              {cam ? (
                <>
                  <strong className="tile__num">{cam.number}</strong> {cam.name}
                </>
              ) : (
                '…'
              )}
            </span>
            <span className={`tile__health health-badge health--${toneOf(health)}`} data-testid="tile-health">
              <span aria-hidden="true">{healthIcon(health)}</span> {healthLabel(m, health)}
            </span>
          </div>
          <div className="tile__bottom">
            <TileClock />
            {enlarged ? <span className="tile__tag">{m.wall.mainStream}</span> : null}
            {tour ? <span className="tile__tag">{m.wall.tourActive((tourStep % tour.cameraIds.length) + 1, tour.cameraIds.length, tour.intervalSec)}</span> : null}
            {shown.transcoding && cameraId ? <TranscodeTag cameraId={cameraId} stream={enlarged ? 'main' : 'sub'} /> : null}
            {shown.width ? (
              <span className="tile__res" aria-hidden="true">
                {shown.width}×{shown.height}
              </span>
            ) : null}
          </div>
          <div className="tile__actions">
            <button type="button" className="tile__btn" title={enlarged ? m.wall.shrink : m.wall.enlarge} aria-label={enlarged ? m.wall.shrink : m.wall.enlarge} onClick={() => actions.enlarge(enlarged ? null : index)}>
              {enlarged ? '⤡' : '⤢'}
            </button>
            {onSnapshot ? (
              <button type="button" className="tile__btn" title={m.wall.snapshot} aria-label={m.wall.snapshot} onClick={() => onSnapshot(index)} data-testid="tile-snapshot">
                ◉
              </button>
            ) : null}
            {onRaise ? (
              <button type="button" className="tile__btn tile__btn--raise" title={m.incidents.raiseFromTile} aria-label={m.incidents.raiseFromTile} onClick={() => onRaise(index)} data-testid="tile-raise">
                ⚑
              </button>
            ) : null}
            {onClip ? (
              <button type="button" className="tile__btn tile__btn--clip" title={m.wall.clip} aria-label={m.wall.clip} onClick={() => onClip(index)} data-testid="tile-clip">
                30s
              </button>
            ) : null}
            <button type="button" className="tile__btn" title={m.wall.neighbours} aria-label={m.wall.neighbours} onClick={() => onNeighbours(index)} data-testid="tile-neighbours">
              ⊞
            </button>
            <button type="button" className="tile__btn" title={m.wall.tour} aria-label={m.wall.tour} aria-pressed={!!tour} onClick={() => setTourOpen(!tourOpen)}>
              ↻
            </button>
            <button type="button" className="tile__btn" title={m.wall.clear} aria-label={m.wall.clear} onClick={() => actions.assign(index, null)}>
              ✕
            </button>
          </div>
          {videoMissing ? (
            <div className="tile__notice" role="status">
              {m.wall.videoUnavailable}
            </div>
          ) : shown.error === 'unsupported_codec' ? (
            <div className="tile__notice" role="status">
              {m.wall.unsupported(shown.codec ?? '?')}
            </div>
          ) : frozen ? (
            <div className="tile__frozen" role="alert" data-testid="tile-frozen">
              <strong>{m.wall.frozen}</strong>
              <span>{shown.since ? m.wall.frozenSince(formatClock(shown.since)) : m.wall.noPicture}</span>
              {health !== 'online' && health !== 'unknown' ? <span className="small">{healthLabel(m, health)}</span> : null}
            </div>
          ) : shown.state === 'connecting' ? (
            <div className="tile__notice tile__notice--quiet">{m.wall.connecting}</div>
          ) : null}
        </>
      ) : (
        <div className="tile__empty">
          <span>{m.wall.emptyTile}</span>
          <span className="small muted">{m.wall.emptyTileKey}</span>
        </div>
      )}
      {tourOpen ? <TourForm index={index} onClose={() => setTourOpen(false)} /> : null}
    </div>
  );
});

/** Opens the tour form of a tile from the keyboard (T). */
export function openTourForm(index: number): void {
  document.querySelector<HTMLButtonElement>(`[data-tile="${index}"] .tile__btn[aria-pressed]`)?.click();
}
