/**
 * bench:wall, page "peer": jsmpeg (the decoder rtsp-relay and node-rtsp-stream pair with;
 * loaded by a <script> before this bundle as the global JSMpeg) decoding each stream's MPEG-TS
 * from the relay's WebSocket into a <canvas>, with its defaults (WASM decoder when WebAssembly
 * is there, WebGL renderer when WebGL is, else Canvas2D; audio off).
 * Query: ?keys=1-sub,2-sub,1-main… (camera-stream per tile; the relay serves ws://…/stream/<key>)
 * [&gl=0: jsmpeg's Canvas2D renderer instead of WebGL]
 * Each decoded picture is timed in jsmpeg's onVideoDecode (it is drawn in the same call) and its
 * identity strip read straight from the decoder's luma plane.
 */
import { addTile, decodeLumaStrip, epochOf, grid, params, record, setReady } from './page-common';

interface JsmpegDecoder {
  // WASM decoder
  functions?: Record<string, (...a: number[]) => number>;
  decoder?: number;
  instance?: { heapU8: Uint8Array };
  // JS decoder
  currentY?: Uint8ClampedArray;
  codedWidth?: number;
  width?: number;
}
interface JsmpegPlayer {
  renderer?: { constructor: { name: string } };
  video?: { constructor: { name: string } };
  destroy(): void;
}
declare const JSMpeg: { Player: new (url: string, opts: Record<string, unknown>) => JsmpegPlayer } | undefined;

function lumaOf(d: JsmpegDecoder): { y: Uint8Array | Uint8ClampedArray; width: number; stride: number } | null {
  if (d.functions && d.decoder !== undefined && d.instance) {
    const f = d.functions;
    const width = f._mpeg1_decoder_get_width!(d.decoder);
    const stride = ((width + 15) >> 4) << 4;
    const ptr = f._mpeg1_decoder_get_y_ptr!(d.decoder);
    return { y: d.instance.heapU8.subarray(ptr, ptr + stride * 64), width, stride };
  }
  if (d.currentY && d.width && d.codedWidth) return { y: d.currentY, width: d.width, stride: d.codedWidth };
  return null;
}

function start(): void {
  if (typeof JSMpeg === 'undefined') throw new Error('JSMpeg not loaded');
  const keys = (params().get('keys') ?? '').split(',').filter(Boolean);
  const wall = grid(keys.length);
  const players: JsmpegPlayer[] = [];
  for (const key of keys) {
    const canvas = document.createElement('canvas');
    canvas.style.cssText = 'width:100%;height:100%;object-fit:contain;background:#000;min-width:0;min-height:0';
    wall.appendChild(canvas);
    const t = addTile(Number(key.split('-')[0]));
    const player = new JSMpeg.Player(`ws://${window.location.host}/stream/${key}`, {
      canvas,
      audio: false,
      pauseWhenHidden: false,
      disableGl: params().get('gl') === '0',
      onVideoDecode: (dec: JsmpegDecoder) => {
        const at = epochOf(performance.now());
        t.decoded++;
        t.presented++;
        const l = lumaOf(dec);
        let id = null;
        try {
          id = l ? decodeLumaStrip(l.y, l.width, l.stride) : null;
        } catch {
          id = null;
        }
        record(t, id, at);
      },
    });
    players.push(player);
  }
  (window as unknown as { __players: JsmpegPlayer[] }).__players = players;
  const p0 = players[0];
  setReady({ player: 'JSMpeg.Player', decoder: p0?.video?.constructor.name, renderer: p0?.renderer?.constructor.name, tiles: keys.length });
}

start();
