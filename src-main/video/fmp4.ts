/**
 * Incremental parser for the fragmented MP4 that ffmpeg writes on a pipe (docs/architecture.md, "Video"):
 * `ftyp` + `moov` (the init segment), then `moof` + `mdat` pairs (one media fragment per frame
 * with `frag_every_frame`). Bytes may arrive in any chunking; complete boxes are cut out and
 * grouped. From the `moov` we read the codec (and build the MSE codec string), the size and the
 * timescale; from each `moof` whether the fragment starts with a sync sample, its decode time
 * (`tfdt`) and its duration.
 */

export type CodecFamily = 'h264' | 'h265' | 'other';

export interface InitSegment {
  data: Buffer;
  /** MSE codec string, e.g. `avc1.64001f` or `hvc1.1.6.L93.B0`; the sample entry type when unknown. */
  codec: string;
  family: CodecFamily;
  /** The sample entry four-cc: avc1, avc3, hvc1, hev1, mp4v… */
  sampleEntry: string;
  width: number;
  height: number;
  timescale: number;
  trackId: number;
}

export interface MediaFragment {
  data: Buffer;
  /** The first sample is a sync sample (keyframe): a decoder can start here. */
  keyframe: boolean;
  /** `tfdt` base media decode time, in `timescale` units. */
  decodeTime: number;
  /** Sum of the sample durations, in `timescale` units. */
  duration: number;
  samples: number;
  /** Offset of the `tfdt` version/flags word inside `data` (-1 when absent), for rewriting. */
  tfdtOffset: number;
}

export type Fmp4Event = { type: 'init'; init: InitSegment } | { type: 'fragment'; fragment: MediaFragment };

const SAMPLE_IS_NON_SYNC = 0x0001_0000;
/** The largest box we accept from a camera stream (a 4K keyframe is a few MB). */
const MAX_BOX = 64 * 1024 * 1024;

export class Fmp4Error extends Error {}

interface Box {
  type: string;
  /** Offset of the box (its header) in the buffer. */
  start: number;
  /** Payload start and end (exclusive). */
  body: number;
  end: number;
}

function readBoxes(buf: Buffer, start: number, end: number): Box[] {
  const out: Box[] = [];
  let p = start;
  while (p + 8 <= end) {
    let size = buf.readUInt32BE(p);
    const type = boxType(buf, p + 4);
    let body = p + 8;
    if (size === 1) {
      if (p + 16 > end) break;
      size = Number(buf.readBigUInt64BE(p + 8));
      body = p + 16;
    } else if (size === 0) {
      size = end - p;
    }
    if (size < body - p || p + size > end) break;
    out.push({ type, start: p, body, end: p + size });
    p += size;
  }
  return out;
}

function child(buf: Buffer, parent: Box, type: string): Box | undefined {
  return readBoxes(buf, parent.body, parent.end).find((b) => b.type === type);
}
function children(buf: Buffer, parent: Box, type: string): Box[] {
  return readBoxes(buf, parent.body, parent.end).filter((b) => b.type === type);
}

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** `avc1.PPCCLL` from an `avcC` payload. */
export function avcCodecString(entry: string, avcC: Buffer): string {
  if (avcC.length < 4) return entry;
  return `${entry}.${hex2(avcC[1]!)}${hex2(avcC[2]!)}${hex2(avcC[3]!)}`;
}

/** ISO/IEC 14496-15 Annex E codec string from an `hvcC` payload, e.g. `hvc1.1.6.L93.B0`. */
export function hevcCodecString(entry: string, hvcC: Buffer): string {
  if (hvcC.length < 13) return entry;
  const b1 = hvcC[1]!;
  const space = b1 >> 6;
  const tier = (b1 >> 5) & 1;
  const profile = b1 & 0x1f;
  const compat = hvcC.readUInt32BE(2);
  let reversed = 0;
  for (let i = 0; i < 32; i++) if (compat & (1 << i)) reversed |= 1 << (31 - i);
  const constraints = [...hvcC.subarray(6, 12)];
  while (constraints.length > 0 && constraints[constraints.length - 1] === 0) constraints.pop();
  const level = hvcC[12]!;
  const parts = [entry, `${['', 'A', 'B', 'C'][space]}${profile}`, (reversed >>> 0).toString(16).toUpperCase(), `${tier ? 'H' : 'L'}${level}`];
  for (const c of constraints) parts.push(c.toString(16).toUpperCase());
  return parts.join('.');
}

/** Reads the video track of a `moov`. Exported for tests. */
export function parseMoov(data: Buffer): Omit<InitSegment, 'data'> & { defaultSampleFlags: number; defaultSampleDuration: number } {
  const top = readBoxes(data, 0, data.length);
  const moov = top.find((b) => b.type === 'moov');
  if (!moov) throw new Fmp4Error('init segment without moov');
  let found: (Omit<InitSegment, 'data'> & { defaultSampleFlags: number; defaultSampleDuration: number }) | undefined;
  const trexes = new Map<number, { duration: number; flags: number }>();
  const mvex = child(data, moov, 'mvex');
  if (mvex) {
    for (const trex of children(data, mvex, 'trex')) {
      const id = data.readUInt32BE(trex.body + 4);
      trexes.set(id, { duration: data.readUInt32BE(trex.body + 12), flags: data.readUInt32BE(trex.body + 20) });
    }
  }
  for (const trak of children(data, moov, 'trak')) {
    const tkhd = child(data, trak, 'tkhd');
    const mdia = child(data, trak, 'mdia');
    if (!tkhd || !mdia) continue;
    const hdlr = child(data, mdia, 'hdlr');
    if (!hdlr || data.toString('latin1', hdlr.body + 8, hdlr.body + 12) !== 'vide') continue;
    const trackId = data.readUInt32BE(tkhd.body + (data[tkhd.body] === 1 ? 20 : 12));
    const mdhd = child(data, mdia, 'mdhd');
    const timescale = mdhd ? data.readUInt32BE(mdhd.body + (data[mdhd.body] === 1 ? 20 : 12)) : 90_000;
    const minf = child(data, mdia, 'minf');
    const stbl = minf && child(data, minf, 'stbl');
    const stsd = stbl && child(data, stbl, 'stsd');
    if (!stsd) continue;
    const entries = readBoxes(data, stsd.body + 8, stsd.end);
    const entry = entries[0];
    if (!entry) continue;
    const sampleEntry = entry.type;
    // VisualSampleEntry: 6 reserved, 2 data_reference_index, 16 pre-defined/reserved, width, height…, 78 bytes.
    const width = data.readUInt16BE(entry.body + 24);
    const height = data.readUInt16BE(entry.body + 26);
    const sub = readBoxes(data, entry.body + 78, entry.end);
    let codec = sampleEntry;
    let family: CodecFamily = 'other';
    const avcC = sub.find((b) => b.type === 'avcC');
    const hvcC = sub.find((b) => b.type === 'hvcC');
    if (avcC && (sampleEntry === 'avc1' || sampleEntry === 'avc3')) {
      codec = avcCodecString(sampleEntry, data.subarray(avcC.body, avcC.end));
      family = 'h264';
    } else if (sampleEntry === 'hvc1' || sampleEntry === 'hev1') {
      family = 'h265';
      if (hvcC) codec = hevcCodecString(sampleEntry, data.subarray(hvcC.body, hvcC.end));
    }
    const trex = trexes.get(trackId);
    found = {
      codec,
      family,
      sampleEntry,
      width,
      height,
      timescale,
      trackId,
      defaultSampleFlags: trex?.flags ?? 0,
      defaultSampleDuration: trex?.duration ?? 0,
    };
    break;
  }
  if (!found) throw new Fmp4Error('no video track in moov');
  return found;
}

const TRAF = 0x74726166;
const TFHD = 0x74666864;
const TFDT = 0x74666474;
const TRUN = 0x7472756e;

/** Size of the box at p (within end), or 0 when it is malformed. No allocation: runs for every frame. */
function boxSizeAt(buf: Buffer, p: number, end: number): number {
  if (p + 8 > end) return 0;
  let size = buf.readUInt32BE(p);
  if (size === 1) size = p + 16 <= end ? Number(buf.readBigUInt64BE(p + 8)) : 0;
  else if (size === 0) size = end - p;
  return size >= 8 && p + size <= end ? size : 0;
}
const headerLenAt = (buf: Buffer, p: number): number => (buf.readUInt32BE(p) === 1 ? 16 : 8);

/** Reads a `moof`: first-sample sync flag, decode time, duration, sample count. Exported for tests. */
export function parseMoof(
  data: Buffer,
  moof: { start: number; body: number; end: number },
  defaults: { defaultSampleFlags: number; defaultSampleDuration: number },
): Omit<MediaFragment, 'data'> {
  let keyframe = false;
  let decodeTime = 0;
  let duration = 0;
  let samples = 0;
  let tfdtOffset = -1;
  let first = true;
  for (let t = moof.body, ts = 0; (ts = boxSizeAt(data, t, moof.end)) > 0; t += ts) {
    if (data.readUInt32BE(t + 4) !== TRAF) continue;
    const trafEnd = t + ts;
    const trafBody = t + headerLenAt(data, t);
    let defFlags = defaults.defaultSampleFlags;
    let defDuration = defaults.defaultSampleDuration;
    // tfhd and tfdt come before the truns (ISO/IEC 14496-12 8.8.6), but do not rely on it
    for (let c = trafBody, cs = 0; (cs = boxSizeAt(data, c, trafEnd)) > 0; c += cs) {
      const type = data.readUInt32BE(c + 4);
      const body = c + headerLenAt(data, c);
      if (type === TFHD) {
        const flags = data.readUInt32BE(body) & 0xffffff;
        let p = body + 8;
        if (flags & 0x1) p += 8;
        if (flags & 0x2) p += 4;
        if (flags & 0x8) {
          defDuration = data.readUInt32BE(p);
          p += 4;
        }
        if (flags & 0x10) p += 4;
        if (flags & 0x20) defFlags = data.readUInt32BE(p);
      } else if (type === TFDT && first && tfdtOffset < 0) {
        tfdtOffset = body - moof.start;
        decodeTime = data[body] === 1 ? Number(data.readBigUInt64BE(body + 4)) : data.readUInt32BE(body + 4);
      }
    }
    for (let c = trafBody, cs = 0; (cs = boxSizeAt(data, c, trafEnd)) > 0; c += cs) {
      if (data.readUInt32BE(c + 4) !== TRUN) continue;
      const body = c + headerLenAt(data, c);
      const flags = data.readUInt32BE(body) & 0xffffff;
      const count = data.readUInt32BE(body + 4);
      let p = body + 8;
      if (flags & 0x1) p += 4;
      let firstFlags: number | undefined;
      if (flags & 0x4) {
        firstFlags = data.readUInt32BE(p);
        p += 4;
      }
      for (let i = 0; i < count; i++) {
        let d = defDuration;
        let f = i === 0 && firstFlags !== undefined ? firstFlags : defFlags;
        if (flags & 0x100) {
          d = data.readUInt32BE(p);
          p += 4;
        }
        if (flags & 0x200) p += 4;
        if (flags & 0x400) {
          f = data.readUInt32BE(p);
          p += 4;
        }
        if (flags & 0x800) p += 4;
        if (first && i === 0) keyframe = (f & SAMPLE_IS_NON_SYNC) === 0;
        duration += d;
      }
      if (count > 0) first = false;
      samples += count;
    }
  }
  return { keyframe, decodeTime, duration, samples, tfdtOffset };
}

/**
 * Copies a fragment with its `tfdt` set to `decodeTime` (so fragments cut from different ffmpeg
 * runs, or a clip starting mid-stream, play from a continuous timeline).
 */
export function withDecodeTime(fragment: MediaFragment, decodeTime: number): Buffer {
  const out = Buffer.from(fragment.data);
  if (fragment.tfdtOffset < 0) return out;
  const p = fragment.tfdtOffset;
  if (out[p] === 1) out.writeBigUInt64BE(BigInt(decodeTime), p + 4);
  else out.writeUInt32BE(decodeTime >>> 0, p + 4);
  return out;
}

/**
 * Splits a byte stream into the init segment and media fragments.
 *
 * Zero-copy where it can be: a box that lies inside one pushed chunk is a view of that chunk,
 * and a `moof` + `mdat` pair that is contiguous in one chunk (ffmpeg writes each fragment with
 * one write, so it usually arrives in one read) becomes one view without copying. So the parser
 * keeps references to the chunks it is given: a caller must not reuse a pushed buffer (Node's
 * pipe reads hand out a fresh buffer per read).
 */
export class Fmp4Parser {
  private chunks: Buffer[] = [];
  private length = 0;
  private initBoxes: Buffer[] = [];
  private pending: Buffer[] = [];
  private pendingMoof: Buffer | null = null;
  private defaults: { defaultSampleFlags: number; defaultSampleDuration: number } | null = null;
  init: InitSegment | null = null;
  bytesIn = 0;

  push(chunk: Buffer): Fmp4Event[] {
    if (chunk.length === 0) return [];
    this.chunks.push(chunk);
    this.length += chunk.length;
    this.bytesIn += chunk.length;
    const events: Fmp4Event[] = [];
    for (;;) {
      if (this.length < 8) break;
      let size: number;
      let type: string;
      const first = this.chunks[0]!;
      if (first.length >= 16 || (first.length >= 8 && this.chunks.length === 1)) {
        size = first.readUInt32BE(0);
        type = boxType(first, 4);
        if (size === 1) {
          if (first.length < 16) break;
          size = Number(first.readBigUInt64BE(8));
        }
      } else {
        const header = Buffer.concat(this.chunks, Math.min(16, this.length));
        size = header.readUInt32BE(0);
        type = boxType(header, 4);
        if (size === 1) {
          if (header.length < 16) break;
          size = Number(header.readBigUInt64BE(8));
        }
      }
      if (size < 8 || size > MAX_BOX) throw new Fmp4Error(`bad box ${JSON.stringify(type)} of ${size} bytes`);
      if (this.length < size) break;
      const box = this.take(size);
      const ev = this.onBox(type, box);
      if (ev) events.push(ev);
    }
    return events;
  }

  private onBox(type: string, box: Buffer): Fmp4Event | null {
    if (!this.init) {
      if (type === 'moof') throw new Fmp4Error('media fragment before the init segment');
      this.initBoxes.push(box);
      if (type !== 'moov') return null;
      const data = Buffer.concat(this.initBoxes);
      this.initBoxes = [];
      const info = parseMoov(data);
      this.defaults = { defaultSampleFlags: info.defaultSampleFlags, defaultSampleDuration: info.defaultSampleDuration };
      const { defaultSampleFlags: _f, defaultSampleDuration: _d, ...rest } = info;
      this.init = { data, ...rest };
      return { type: 'init', init: this.init };
    }
    if (type === 'moof') {
      this.pendingMoof = box;
      return null;
    }
    if (type === 'mdat') {
      const moof = this.pendingMoof;
      if (!moof) return null;
      let data: Buffer;
      let moofStart = 0;
      if (this.pending.length === 0 && moof.buffer === box.buffer && moof.byteOffset + moof.length === box.byteOffset) {
        // one view over both boxes: no copy
        data = Buffer.from(moof.buffer, moof.byteOffset, moof.length + box.length);
      } else {
        const parts = [...this.pending, moof, box];
        data = Buffer.concat(parts);
        for (const b of this.pending) moofStart += b.length;
      }
      const headerLen = moof.readUInt32BE(0) === 1 ? 16 : 8;
      const info = parseMoof(data, { start: moofStart, body: moofStart + headerLen, end: moofStart + moof.length }, this.defaults!);
      if (info.tfdtOffset >= 0) info.tfdtOffset += moofStart;
      this.pending = [];
      this.pendingMoof = null;
      return { type: 'fragment', fragment: { data, ...info } };
    }
    // styp / prft / sidx before a moof travel with the fragment; anything else (mfra, free) is dropped.
    if (type === 'styp' || type === 'prft') this.pending.push(box);
    return null;
  }

  /** The next n bytes: a view when they lie in the first chunk, else one copy. */
  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const c = this.chunks[0]!;
        const want = n - filled;
        if (c.length <= want) {
          c.copy(out, filled);
          filled += c.length;
          this.chunks.shift();
        } else {
          c.copy(out, filled, 0, want);
          this.chunks[0] = c.subarray(want);
          filled += want;
        }
      }
    }
    this.length -= n;
    return out;
  }
}

/** A box's four-character type, without a string decoder (the common types are interned). */
function boxType(buf: Buffer, at: number): string {
  const a = buf[at]!;
  const b = buf[at + 1]!;
  const c = buf[at + 2]!;
  const d = buf[at + 3]!;
  // moof / mdat are 2 of every frame's boxes
  if (a === 0x6d && b === 0x6f && c === 0x6f && d === 0x66) return 'moof';
  if (a === 0x6d && b === 0x64 && c === 0x61 && d === 0x74) return 'mdat';
  return String.fromCharCode(a, b, c, d);
}
