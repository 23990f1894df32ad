/**
 * bench:wall, in the page (bundled by esbuild into each bench page): the probe both pages share.
 * Every picture a tile shows is timed (epoch ms on the page's clock, = Date.now() of the bench
 * on this machine) and its identity strip read (scripts/sim/frame-id.ts); the bench drains the
 * samples with page.evaluate('__bench.drain()') and matches them with the simulator's send
 * records afterwards, in Node.
 */
import { CELLS, decodeFrameId } from '../../sim/frame-id';

/** [tile index, camera read from the strip, frame id, shown at (epoch ms)] */
export type Sample = [tile: number, camera: number, frame: number, atMs: number];

export interface TileCounters {
  tile: number;
  camera: number;
  /** the player's own decoded-frame counter (getVideoPlaybackQuality / jsmpeg decode calls) */
  decoded: number;
  /** the player's own dropped-frame counter (droppedVideoFrames; jsmpeg has none: 0) */
  dropped: number;
  /** pictures seen by the probe (requestVideoFrameCallback / jsmpeg decode callback) */
  seen: number;
  /** pictures the compositor presented (rVFC metadata.presentedFrames; jsmpeg: = decoded) */
  presented: number;
  /** pictures whose identity strip could not be read */
  unreadable: number;
  /** free-form player state (state, lag, reconnects…) */
  extra: Record<string, unknown>;
}

interface BenchApi {
  ready: boolean;
  error: string | null;
  tiles: TileCounters[];
  samples: Sample[];
  info: Record<string, unknown>;
  drain(): { samples: Sample[]; tiles: TileCounters[]; at: number; info: Record<string, unknown> };
}

const api: BenchApi = {
  ready: false,
  error: null,
  tiles: [],
  samples: [],
  info: {},
  drain() {
    const samples = api.samples;
    api.samples = [];
    for (const t of api.tiles) refreshers[t.tile]?.();
    return { samples, tiles: api.tiles.map((t) => ({ ...t, extra: { ...t.extra } })), at: Date.now(), info: api.info };
  },
};
const refreshers: (() => void)[] = [];
(window as unknown as { __bench: BenchApi }).__bench = api;
window.addEventListener('error', (e) => {
  api.error = String(e.message);
});

/** Epoch ms of a performance.now()-based time: base re-read each second (Date.now() is the bench's clock). */
let base = Date.now() - performance.now();
setInterval(() => {
  base = Date.now() - performance.now();
}, 1000);
export const epochOf = (perfMs: number): number => base + perfMs;

export function params(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

export function addTile(camera: number, refresh?: () => void): TileCounters {
  const t: TileCounters = { tile: api.tiles.length, camera, decoded: 0, dropped: 0, seen: 0, presented: 0, unreadable: 0, extra: {} };
  api.tiles.push(t);
  refreshers[t.tile] = refresh ?? (() => {});
  return t;
}

export function record(t: TileCounters, id: { camera: number; frame: number } | null, atMs: number): void {
  t.seen++;
  if (!id) {
    t.unreadable++;
    return;
  }
  api.samples.push([t.tile, id.camera, id.frame, Math.round(atMs * 10) / 10]);
}

export function setReady(info: Record<string, unknown> = {}): void {
  api.info = { ...api.info, ...info };
  api.ready = true;
}

/** The wall's grid: n tiles in ceil(√n) columns filling the window. */
export function grid(n: number): HTMLElement {
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const el = document.createElement('div');
  el.style.cssText = `position:fixed;inset:0;display:grid;gap:2px;background:#111;grid-template-columns:repeat(${cols},1fr);grid-template-rows:repeat(${rows},1fr)`;
  document.body.style.margin = '0';
  document.body.appendChild(el);
  return el;
}

// ---- identity strip readers ------------------------------------------------------------

const STRIP_W = CELLS * 8;
const STRIP_H = 8;

/** Reads the strip of a <video>: its top (width/40) rows drawn into a 320×8 canvas (8 px cells). */
export function videoStripReader(): (v: HTMLVideoElement) => { camera: number; frame: number } | null {
  const c = document.createElement('canvas');
  c.width = STRIP_W;
  c.height = STRIP_H;
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  return (v) => {
    const w = v.videoWidth;
    if (!w) return null;
    ctx.drawImage(v, 0, 0, w, w / CELLS, 0, 0, STRIP_W, STRIP_H);
    return decodeFrameId(ctx.getImageData(0, 0, STRIP_W, STRIP_H).data, STRIP_W, STRIP_H);
  };
}

const tiny = new Uint8ClampedArray(CELLS * 4 * 4 * 4);
/**
 * Reads the strip from a decoder's luma plane (jsmpeg: Y, limited range 16..235, `stride`
 * bytes per row): mean Y of the middle half of each cell, converted to full range and written
 * into a 160×4 RGBA picture (4 px cells) that decodeFrameId reads with its usual thresholds.
 */
export function decodeLumaStrip(y: Uint8Array | Uint8ClampedArray, width: number, stride: number): { camera: number; frame: number } | null {
  const cell = width / CELLS;
  if (cell < 4) return null;
  const y0 = Math.floor(cell / 4);
  const y1 = Math.ceil(cell - cell / 4);
  for (let i = 0; i < CELLS; i++) {
    const x0 = Math.floor(i * cell + cell / 4);
    const x1 = Math.ceil((i + 1) * cell - cell / 4);
    let sum = 0;
    let n = 0;
    for (let r = y0; r < y1; r++) {
      const row = r * stride;
      for (let x = x0; x < x1; x++) {
        sum += y[row + x]!;
        n++;
      }
    }
    const full = Math.max(0, Math.min(255, ((sum / n - 16) * 255) / 219));
    for (let r = 0; r < 4; r++) for (let x = 0; x < 4; x++) tiny.fill(full, (r * CELLS * 4 + i * 4 + x) * 4, (r * CELLS * 4 + i * 4 + x) * 4 + 3);
  }
  return decodeFrameId(tiny, CELLS * 4, 4);
}
