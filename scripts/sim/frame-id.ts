// Reads the identity strip the camera simulator (scripts/sim/cameras.py) draws into every
// picture, and maps a read id to the simulator's send time. Layout: scripts/sim/README.md.
// Pure functions: no Node, no DOM, usable from a test, a bench or a renderer probe.

export type SimStream = 'main' | 'sub';

export interface FrameId {
  /** Frame index within the simulator's looped clip, 0..clipFrames-1 (250 by default). */
  frame: number;
  /** Camera number, 1..255. */
  camera: number;
  stream: SimStream;
}

/** The strip: 40 square cells across the full width of the top edge of the picture. */
export const CELLS = 40;
const START = [1, 0, 1, 0];
const STOP = [0, 1, 0, 1];
/** A cell whose mean luma falls between these is neither black nor white: no reliable id. */
const DARK_MAX = 80;
const LIGHT_MIN = 176;

/**
 * Decodes the identity strip from an RGBA frame (4 bytes per pixel, rows top to bottom,
 * `stride` bytes per row, default width × 4). The frame must be the whole video picture, scaled
 * to any size (aspect kept); returns null when there is no valid strip.
 */
export function decodeFrameId(
  rgba: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  stride = width * 4,
): FrameId | null {
  const cell = width / CELLS;
  if (cell < 4 || height < cell || rgba.length < stride * Math.ceil(cell)) return null;
  const bits: number[] = [];
  for (let i = 0; i < CELLS; i++) {
    // mean luma over the middle half of the cell, away from the edges the codec blurs
    const x0 = Math.floor(i * cell + cell / 4);
    const x1 = Math.ceil((i + 1) * cell - cell / 4);
    const y0 = Math.floor(cell / 4);
    const y1 = Math.ceil(cell - cell / 4);
    let sum = 0;
    let n = 0;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const p = y * stride + x * 4;
        sum += 0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!;
        n++;
      }
    }
    const mean = sum / n;
    if (mean > DARK_MAX && mean < LIGHT_MIN) return null;
    bits.push(mean >= LIGHT_MIN ? 1 : 0);
  }
  const field = (from: number, len: number) => bits.slice(from, from + len).reduce((v, b) => v * 2 + b, 0);
  if (START.some((b, i) => bits[i] !== b) || STOP.some((b, i) => bits[36 + i] !== b)) return null;
  const frame = field(4, 16);
  const camera = field(20, 8);
  const streamBits = field(28, 2);
  const check = field(30, 6);
  if (streamBits > 1 || camera === 0) return null;
  if (check !== frameIdCheck(frame, camera, streamBits)) return null;
  return { frame, camera, stream: streamBits === 0 ? 'main' : 'sub' };
}

/** The 6-bit check: (frame + 2^16·camera + 2^24·stream) mod 61 — catches any single wrong bit. */
export function frameIdCheck(frame: number, camera: number, streamBit: number): number {
  return (frame + 65536 * camera + 16777216 * streamBit) % 61;
}

/** One send record as published by GET /cameras/N/frames/{main|sub}: [seq, frame, wall ms]. */
export type SendRecord = [seq: number, frame: number, sentAtMs: number];

/**
 * The wall-clock time (ms since the epoch, the simulator's host clock) at which the simulator
 * sent the picture carrying `frame`, as seen by a viewer at `receivedAtMs`: the latest send of
 * that frame not after the receive time (plus `slackMs` for clock reads racing each other).
 * Unambiguous while latency stays below the clip length (10 s). Null if not in the records.
 */
export function sendTimeOf(records: readonly SendRecord[], frame: number, receivedAtMs: number, slackMs = 5): number | null {
  let best: number | null = null;
  for (const [, f, t] of records) {
    if (f === frame && t <= receivedAtMs + slackMs && (best === null || t > best)) best = t;
  }
  return best;
}
