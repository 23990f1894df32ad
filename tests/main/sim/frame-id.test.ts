// The identity-strip decoder on synthetic pictures (real decoded frames: streams.test.ts).
import { describe, expect, it } from 'vitest';
import { CELLS, decodeFrameId, frameIdCheck, sendTimeOf } from '../../../scripts/sim/frame-id';
import type { SendRecord } from '../../../scripts/sim/frame-id';

/** Paints the strip as cameras.py does (README), over a mid-grey picture. */
function paint(width: number, height: number, frame: number, camera: number, streamBit: number, flip?: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4).fill(128);
  const value = [1, 0, 1, 0];
  for (let b = 15; b >= 0; b--) value.push((frame >> b) & 1);
  for (let b = 7; b >= 0; b--) value.push((camera >> b) & 1);
  for (let b = 1; b >= 0; b--) value.push((streamBit >> b) & 1);
  const check = frameIdCheck(frame, camera, streamBit);
  for (let b = 5; b >= 0; b--) value.push((check >> b) & 1);
  value.push(0, 1, 0, 1);
  if (flip !== undefined) value[flip] = 1 - value[flip]!;
  const cell = width / CELLS;
  for (let y = 0; y < Math.round(cell); y++) {
    for (let x = 0; x < width; x++) {
      const v = value[Math.floor(x / cell)] ? 235 : 16;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return rgba;
}

describe('decodeFrameId', () => {
  it('reads frame, camera and stream at several sizes', () => {
    expect(decodeFrameId(paint(640, 360, 37, 12, 1), 640, 360)).toEqual({ frame: 37, camera: 12, stream: 'sub' });
    expect(decodeFrameId(paint(1280, 720, 249, 255, 0), 1280, 720)).toEqual({ frame: 249, camera: 255, stream: 'main' });
    expect(decodeFrameId(paint(400, 225, 0, 1, 0), 400, 225)).toEqual({ frame: 0, camera: 1, stream: 'main' });
  });

  it('honours a row stride larger than width × 4', () => {
    const w = 640;
    const h = 360;
    const tight = paint(w, h, 100, 3, 1);
    const stride = w * 4 + 64;
    const padded = new Uint8Array(stride * h);
    for (let y = 0; y < h; y++) padded.set(tight.subarray(y * w * 4, (y + 1) * w * 4), y * stride);
    expect(decodeFrameId(padded, w, h, stride)).toEqual({ frame: 100, camera: 3, stream: 'sub' });
  });

  it('rejects any single wrong cell, a plain picture and a too small one', () => {
    for (let cell = 0; cell < CELLS; cell++) expect(decodeFrameId(paint(640, 360, 77, 5, 1, cell), 640, 360)).toBeNull();
    expect(decodeFrameId(new Uint8Array(640 * 360 * 4).fill(128), 640, 360)).toBeNull();
    expect(decodeFrameId(new Uint8Array(640 * 360 * 4), 640, 360)).toBeNull();
    expect(decodeFrameId(paint(80, 45, 1, 1, 0), 80, 45)).toBeNull();
  });
});

describe('sendTimeOf', () => {
  const records: SendRecord[] = [
    [1, 10, 1000],
    [2, 11, 1040],
    [3, 10, 11000], // the clip came round again
  ];
  it('picks the latest send of the frame not after the receive time', () => {
    expect(sendTimeOf(records, 10, 1100)).toBe(1000);
    expect(sendTimeOf(records, 10, 11050)).toBe(11000);
    expect(sendTimeOf(records, 11, 1039)).toBe(1040); // within the 5 ms slack
    expect(sendTimeOf(records, 12, 5000)).toBeNull();
  });
});
