/**
 * bench:wall, page "ours": the product's own tile player (src-renderer/video/player.ts,
 * TilePlayer: every tile on the page's one multiplexed /video socket, MSE in segments mode, append queue, buffer trim,
 * live-edge seek/nudge) on a grid of <video> elements, served by the app's own loopback server.
 * Query: ?cams=<id>,<id>…&nums=1,2…&kinds=sub,sub,main…&token=…&session=… (one entry per tile)
 * Each presented picture (requestVideoFrameCallback) is timed at metadata.presentationTime
 * (when the frame was handed to the compositor) and its identity strip read.
 */
import { TilePlayer } from '../../../src-renderer/video/player';
import { addTile, epochOf, grid, params, record, setReady, videoStripReader } from './page-common';

type VfcMeta = { presentationTime: number; presentedFrames: number; mediaTime: number };
type VfcVideo = HTMLVideoElement & { requestVideoFrameCallback(cb: (now: number, meta: VfcMeta) => void): number };

function start(): void {
  const p = params();
  const ids = (p.get('cams') ?? '').split(',').filter(Boolean);
  const nums = (p.get('nums') ?? '').split(',').map(Number);
  const kinds = (p.get('kinds') ?? '').split(',');
  const token = p.get('token') ?? '';
  // the session the app-server child signed in (TilePlayer reads it through sessionKey())
  window.localStorage.setItem('trucban.session', p.get('session') ?? '');
  const url = `ws://${window.location.host}/video`;
  const wall = grid(ids.length);
  const players: TilePlayer[] = [];
  // one endpoint for every tile: they share the page's one video connection, as on the wall
  const endpoint = async () => ({ url, token });
  ids.forEach((cameraId, i) => {
    const video = document.createElement('video') as VfcVideo;
    video.style.cssText = 'width:100%;height:100%;object-fit:contain;background:#000;min-width:0;min-height:0';
    wall.appendChild(video);
    const stream = kinds[i] === 'main' ? 'main' : 'sub';
    const player = new TilePlayer(video, { cameraId, stream, endpoint });
    players.push(player);
    const t = addTile(nums[i] ?? i + 1, () => {
      const s = player.getStats();
      t.decoded = s.framesDecoded;
      t.dropped = s.framesDropped;
      t.extra = { state: s.state, lag: Math.round(s.lag * 1000) / 1000, reconnects: s.reconnects, codec: s.codec, transcoding: s.transcoding, health: s.health };
    });
    const read = videoStripReader();
    const onFrame = (_now: number, meta: VfcMeta) => {
      video.requestVideoFrameCallback(onFrame);
      t.presented = meta.presentedFrames;
      let id = null;
      try {
        id = read(video);
      } catch {
        id = null;
      }
      record(t, id, epochOf(meta.presentationTime));
    };
    video.requestVideoFrameCallback(onFrame);
  });
  (window as unknown as { __players: TilePlayer[] }).__players = players;
  setReady({ player: 'TilePlayer (src-renderer/video/player.ts)', tiles: ids.length });
}

start();
