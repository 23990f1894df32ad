/**
 * Live video over the loopback server. The /video socket lives in browser.ts (same port, same
 * token as the RPC socket); `startCoreServer(core)` in serve.ts starts the server with video
 * wired to the core and sets the core's endpoint (`core.endpointSlot`, channel video:endpoint). Wire format:
 *   binary [1][u32 BE json length][{codec,width,height,transcoding}][init segment]
 *   binary [2][flags: bit0 keyframe, bit1 discontinuity][f64 BE decode time, s][moof+mdat]
 *   text   {"type":"error","code":…,"message":…} before the server closes the socket
 */
export { encodeVideoPacket, VIDEO_FRAGMENT, VIDEO_INIT } from './browser';
export type { VideoSource } from './browser';
export { startCoreServer } from './serve';
