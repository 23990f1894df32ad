/**
 * The peer's ffmpeg output arguments (after `-rtsp_transport tcp -i URL`): node-rtsp-stream's
 * Mpeg1Muxer and rtsp-relay both write `-f mpegts -codec:v mpeg1video` to stdout; their READMEs
 * add a bitrate and frame rate, and `-bf 0` as jsmpeg's docs advise (no B-frames: less delay).
 */
export const PEER_OUTPUT_ARGS = ['-f', 'mpegts', '-codec:v', 'mpeg1video', '-b:v', '1000k', '-bf', '0', '-r', '25', '-an', '-'];
