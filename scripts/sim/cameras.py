#!/usr/bin/python3
"""RTSP camera simulator for Trực ban (see scripts/sim/README.md).

Run with Debian's /usr/bin/python3 (python3-gi, gir1.2-gst-rtsp-server-1.0). Serves N cameras on
127.0.0.1, each with /camN/main (1280x720) and /camN/sub (640x360), H.264 at 25 fps, from clips
pre-encoded once by ffmpeg and cached. Every picture carries a 40-cell identity strip (frame
index in the clip, camera number, stream) and the control endpoint publishes the wall-clock time
at which each frame was handed to the RTSP pipeline, so a viewer can compute glass-to-glass
latency. Output: JSON lines on stdout.
"""

import argparse
import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtsp', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

FPS = 25
# how long a killed camera's clients stay open while the main loop flushes their backlog
CLOSE_DELAY_MS = 100
FRAME_NS = Gst.SECOND // FPS
CLIP_SECONDS = 10
CLIP_FRAMES = CLIP_SECONDS * FPS  # 250: frame ids 0..249, keyframe every 25
GOP = FPS
CELLS = 40
CLIP_VERSION = 'v1'
FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'
STREAMS = {'main': (1280, 720, 0, '2500k'), 'sub': (640, 360, 1, '800k')}
NAMES = [
    'Cổng A', 'Cổng B', 'Làn xuất cảnh', 'Làn nhập cảnh', 'Bãi xe chờ', 'Khu kiểm hóa',
    'Sảnh thủ tục', 'Máy soi container', 'Cân xe', 'Kho ngoại quan', 'Cầu cảng số 1',
    'Bãi container', 'Khu hành lý', 'Cổng cảng', 'Nhà ga hàng hóa', 'Khu cách ly',
]
TIMELINE_LEN = CLIP_FRAMES * 2  # send records kept per stream (~20 s at 25 fps)

# Fault cycle for --faults cameras: (state, seconds). Staggered per camera.
FAULT_CYCLE = [('ok', 20), ('drop', 8), ('ok', 15), ('freeze', 6), ('ok', 15), ('stutter', 8)]
STUTTER_FPS = 4


def parse_cameras(text):
    return frozenset(int(x) for x in text.split(',') if x.strip())


def emit(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + '\n')
    sys.stdout.flush()


def now_ms():
    return int(time.time() * 1000)


# Captions from the camera registry (--names), by camera number; the built-in NAMES otherwise.
CAPTIONS = {}
MAX_CAPTION = 80


def clean_caption(text):
    """One line of printable text (control characters dropped), at most MAX_CAPTION characters."""
    text = ''.join(ch if ch.isprintable() else ' ' for ch in str(text))
    return ' '.join(text.split())[:MAX_CAPTION]


def load_names(path):
    """Camera number -> caption from a JSON object {"1": "Cổng A", …} or a registry CSV
    (the header names `number` and `name`, as assets/cameras/demo-cameras.csv). Rows that are
    not a camera number 1..255 with a non-empty name are skipped."""
    with open(path, encoding='utf-8-sig') as f:
        text = f.read()
    names = {}
    if path.lower().endswith('.csv'):
        rows = ((r.get('number'), r.get('name')) for r in csv.DictReader(text.splitlines()))
    else:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError('--names: expected a JSON object {"number": "name"}')
        rows = data.items()
    for num, name in rows:
        try:
            n = int(str(num).strip())
        except (TypeError, ValueError):
            continue
        caption = clean_caption(name or '')
        if 1 <= n <= 255 and caption:
            names[n] = caption
    return names


def camera_name(cam):
    return CAPTIONS.get(cam) or NAMES[(cam - 1) % len(NAMES)]


def caption_size(text):
    """A font size (px) at which the caption fits the 1280-wide picture (DejaVu Sans Bold ≈ 0.62 em per character)."""
    return max(20, min(48, int(1200 / (0.62 * max(1, len(text))))))


# ---------------------------------------------------------------------------------------------
# Clips


def strip_expr(cam, stream_bit):
    """geq expression over a 40x1 picture: one pixel per cell (see README)."""
    value = f'(N+65536*{cam}+16777216*{stream_bit})'
    return (
        'if(lt(X,4),255*(1-mod(X,2)),'
        'if(lt(X,20),255*mod(floor(N/pow(2,19-X)),2),'
        f'if(lt(X,28),255*mod(floor({cam}/pow(2,27-X)),2),'
        f'if(lt(X,30),255*mod(floor({stream_bit}/pow(2,29-X)),2),'
        f'if(lt(X,36),255*mod(floor(mod({value},61)/pow(2,35-X)),2),'
        '255*mod(X,2))))))'
    )


def clip_paths(cache, cam, codec='h264'):
    key = hashlib.sha1(f'{CLIP_VERSION}|{cam}|{camera_name(cam)}|{CLIP_FRAMES}|{codec}'.encode()).hexdigest()[:12]
    return {s: os.path.join(cache, f'cam{cam}-{s}-{key}.{codec}') for s in STREAMS}


def encoder_args(codec, rate):
    """Closed GOPs of 25 frames, no B-frames, an access unit delimiter before every picture."""
    if codec == 'h265':
        return ['-c:v', 'libx265', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-crf', '28',
                '-x265-params', f'aud=1:keyint={GOP}:min-keyint={GOP}:bframes=0:scenecut=0:'
                f'vbv-maxrate={rate[:-1]}:vbv-bufsize={rate[:-1]}:log-level=error', '-f', 'hevc']
    return ['-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-pix_fmt', 'yuv420p',
            '-bf', '0', '-g', str(GOP), '-keyint_min', str(GOP), '-sc_threshold', '0', '-crf', '23',
            '-maxrate', rate, '-bufsize', rate, '-x264-params', 'aud=1', '-f', 'h264']


def encode_clip(cache, cam, codec='h264'):
    """Renders and encodes both streams of one camera with one ffmpeg run (atomic rename)."""
    paths = clip_paths(cache, cam, codec)
    if all(os.path.exists(p) for p in paths.values()):
        return None
    tmp = {s: p + f'.tmp{os.getpid()}' for s, p in paths.items()}
    text_file = os.path.join(cache, f'cam{cam}.txt.tmp{os.getpid()}')
    caption = f'CAM {cam} — {camera_name(cam)}'
    with open(text_file, 'w', encoding='utf-8') as f:
        f.write(caption)
    dur = CLIP_SECONDS
    graph = (
        '[1:v]split[sa][sb];'
        f"[sa]geq=lum='{strip_expr(cam, 0)}',scale=1280:32:flags=neighbor,format=yuv420p[stm];"
        f"[sb]geq=lum='{strip_expr(cam, 1)}',scale=1280:32:flags=neighbor,format=yuv420p[sts];"
        f'[0:v]drawtext=fontfile={FONT}:textfile={text_file}:expansion=none:fontsize={caption_size(caption)}:fontcolor=white:'
        'box=1:boxcolor=black@0.6:boxborderw=12:x=32:y=h-96,split[b1][b2];'
        '[b1][stm]overlay=0:0,format=yuv420p[m];'
        '[b2][sts]overlay=0:0,scale=640:360:flags=area,format=yuv420p[s]'
    )
    cmd = [
        'ffmpeg', '-hide_banner', '-loglevel', 'error', '-y', '-threads', '1',
        '-f', 'lavfi', '-i', f'testsrc2=size=1280x720:rate={FPS}:duration={dur}',
        '-f', 'lavfi', '-i', f'color=c=black:s={CELLS}x1:r={FPS}:d={dur},format=gray',
        '-filter_complex', graph,
    ]
    for s, label in (('main', '[m]'), ('sub', '[s]')):
        rate = STREAMS[s][3]
        cmd += ['-map', label, '-frames:v', str(CLIP_FRAMES), *encoder_args(codec, rate), tmp[s]]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL)
    return proc, tmp, paths, text_file


def ensure_clips(cache, count, jobs, h265=frozenset()):
    os.makedirs(cache, exist_ok=True)
    pending = list(range(1, count + 1))
    running = []
    made = 0
    try:
        while pending or running:
            while pending and len(running) < jobs:
                cam = pending.pop(0)
                job = encode_clip(cache, cam, 'h265' if cam in h265 else 'h264')
                if job:
                    running.append(job)
                    made += 1
            for job in list(running):
                proc, tmp, paths, text_file = job
                if proc.poll() is None:
                    continue
                running.remove(job)
                os.unlink(text_file)
                if proc.returncode != 0:
                    raise RuntimeError(f'ffmpeg failed encoding a clip (exit {proc.returncode})')
                for s in paths:
                    os.replace(tmp[s], paths[s])
            time.sleep(0.05)
    finally:
        for proc, _tmp, _paths, _text in running:
            proc.kill()
    return made


def split_access_units(path, codec='h264'):
    """Annex-B file written with aud=1: every access unit starts with an AUD NAL (H.264 type 9, H.265 type 35)."""
    with open(path, 'rb') as f:
        data = f.read()
    starts = []
    i = 0
    while True:
        i = data.find(b'\x00\x00\x01', i)
        if i < 0:
            break
        if (data[i + 3] & 0x1F == 9) if codec == 'h264' else ((data[i + 3] >> 1) & 0x3F == 35):
            starts.append(i - 1 if i > 0 and data[i - 1] == 0 else i)
        i += 3
    aus = [data[a:b] for a, b in zip(starts, starts[1:] + [len(data)])]
    if len(aus) != CLIP_FRAMES:
        raise RuntimeError(f'{path}: expected {CLIP_FRAMES} access units, found {len(aus)}')
    return [Gst.Buffer.new_wrapped(au) for au in aus]


# ---------------------------------------------------------------------------------------------
# Sources: one per camera stream, paced by the pacer thread, pushing the same frames into the
# appsrc of every media (one per client) while any exists.
#
# Each RTSP client gets a media of its own (the factories are not shared). A shared media is
# handed to a new client even while the last one's teardown is under way, and that client then
# waited forever for a picture: the stream tests saw a probe or a grab that joined just as
# another client of the same stream left hang for 15 s, now and then, when other simulator
# tests ran beside them. With one media per client and one pacer per stream, every client sees
# the same frame ids at the same moments (so latency from the frame id still works), and a
# client that joins a running stream starts at its next keyframe, as from a real camera.


class Source:
    def __init__(self, cam, stream, buffers):
        self.cam = cam
        self.stream = stream
        self.buffers = buffers
        self.pos = 0  # next clip frame to send
        self.seq = 0  # frames sent since start
        self.sinks = {}  # appsrc -> True once it has had its first keyframe
        self.next_due = 0.0
        self.timeline = deque(maxlen=TIMELINE_LEN)  # (seq, id, wall ms)
        self.lock = threading.Lock()

    @property
    def attached(self):
        return len(self.sinks) > 0

    def attach(self, appsrc):
        with self.lock:
            if not self.sinks:
                self.pos -= self.pos % GOP  # the first client starts at once, on a keyframe
                self.next_due = time.monotonic()
            self.sinks[appsrc] = False

    def detach(self, appsrc):
        with self.lock:
            self.sinks.pop(appsrc, None)

    def end(self):
        with self.lock:
            sinks, self.sinks = list(self.sinks), {}
        for src in sinks:
            src.emit('end-of-stream')

    def tick(self, frozen, stutter, now):
        """Pushes one frame to every client if due; returns the next due time (monotonic seconds)."""
        with self.lock:
            if not self.sinks:
                return now + 1.0 / FPS
            if now < self.next_due:
                return self.next_due
            if frozen:
                # repeat the keyframe of the current GOP: the picture (and its id) stops
                frame = self.pos - self.pos % GOP
                self.pos = frame + 1
            else:
                frame = self.pos
                self.pos = (self.pos + 1) % CLIP_FRAMES
            interval = 1.0 / (STUTTER_FPS if stutter else FPS)
            self.next_due = max(self.next_due + interval, now - interval)
            self.seq += 1
            self.timeline.append((self.seq, frame, now_ms()))
            keyframe = frame % GOP == 0
            targets = []
            for src, started in self.sinks.items():
                if started or keyframe:
                    self.sinks[src] = True
                    targets.append(src)
            bufs = [self.buffers[frame].copy() for _ in targets]
        for src, buf in zip(targets, bufs):
            buf.duration = int(interval * Gst.SECOND)
            src.emit('push-buffer', buf)
        return self.next_due


def camera_of_path(path):
    parts = (path or '').strip('/').split('/')
    if parts and parts[0].startswith('cam') and parts[0][3:].isdigit():
        return int(parts[0][3:])
    return None


class CameraAuth(GstRtspServer.RTSPAuth):
    """Basic auth on the protected cameras only; the others are open (no default token, so a
    request without or with wrong credentials for a protected camera gets 401)."""

    def __init__(self, protected):
        super().__init__()
        self.protected = protected

    def do_check(self, ctx, check):
        path = ctx.uri.abspath if ctx.uri is not None else None
        if path is not None and camera_of_path(path) not in self.protected:
            return True
        return GstRtspServer.RTSPAuth.do_check(self, ctx, check)


class Camera:
    def __init__(self, cam, clips, protected, codec='h264'):
        self.cam = cam
        self.protected = protected
        self.codec = codec
        self.sources = {s: Source(cam, s, split_access_units(clips[s], codec)) for s in STREAMS}
        self.control_down = False
        self.control_frozen = False
        self.fault = 'ok'
        self.mounted = False
        self.clients = set()

    @property
    def down(self):
        return self.control_down or self.fault == 'drop'

    @property
    def frozen(self):
        return self.control_frozen or self.fault == 'freeze'

    @property
    def stutter(self):
        return self.fault == 'stutter'


class Sim:
    def __init__(self, args):
        self.args = args
        self.loop = GLib.MainLoop()
        self.server = GstRtspServer.RTSPServer()
        self.server.set_address('127.0.0.1')
        self.server.set_service(str(args.port))
        self.auth = None
        self.cameras = {}
        self.stopping = threading.Event()
        self.state_lock = threading.Lock()

        protected = set()
        if args.auth:
            user, _, password = args.auth.partition(':')
            protected = set(range(1, args.count + 1)) if not args.auth_cameras else {
                int(x) for x in args.auth_cameras.split(',') if x.strip()}
            self.auth = CameraAuth(protected)
            user_token = GstRtspServer.RTSPToken()
            user_token.set_string('media.factory.role', 'user')
            self.auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), user_token)
            self.server.set_auth(self.auth)

        h265 = parse_cameras(args.h265_cameras)
        clips_made = ensure_clips(args.cache, args.count, max(1, os.cpu_count() or 1), h265)
        if clips_made:
            emit({'event': 'clips', 'encoded': clips_made, 'cache': args.cache})
        for cam in range(1, args.count + 1):
            codec = 'h265' if cam in h265 else 'h264'
            self.cameras[cam] = Camera(cam, clip_paths(args.cache, cam, codec), cam in protected, codec)

        self.server.connect('client-connected', self.on_client)
        for camera in self.cameras.values():
            self.mount(camera)

    # -- RTSP mounts -------------------------------------------------------------------------

    def factory(self, camera, stream):
        width, height = STREAMS[stream][:2]
        f = GstRtspServer.RTSPMediaFactory()
        c = camera.codec  # h264 | h265
        f.set_launch(
            '( appsrc name=src is-live=true do-timestamp=true format=time min-latency=0 '
            f'caps=video/x-{c},stream-format=byte-stream,alignment=au,width={width},'
            f'height={height},framerate={FPS}/1 '
            f'! {c}parse ! rtp{c}pay name=pay0 pt=96 config-interval=-1 )')
        f.set_shared(False)  # one media per client (see Source)
        f.set_protocols(GstRtsp.RTSPLowerTrans.TCP | GstRtsp.RTSPLowerTrans.UDP)
        if self.auth is not None:
            f.add_role_from_structure(Gst.Structure.new_from_string(
                'user, media.factory.access=(boolean)true, media.factory.construct=(boolean)true'))
        f.connect('media-configure', self.on_media_configure, camera.sources[stream])
        return f

    def on_media_configure(self, _factory, media, source):
        appsrc = media.get_element().get_by_name('src')
        source.attach(appsrc)
        media.connect('unprepared', lambda _m: source.detach(appsrc))

    def mount(self, camera):
        mounts = self.server.get_mount_points()
        for stream in STREAMS:
            mounts.add_factory(f'/cam{camera.cam}/{stream}', self.factory(camera, stream))
        camera.mounted = True

    def unmount(self, camera):
        mounts = self.server.get_mount_points()
        for stream in STREAMS:
            mounts.remove_factory(f'/cam{camera.cam}/{stream}')
        camera.mounted = False
        for source in camera.sources.values():
            source.end()
        clients = list(camera.clients)
        camera.clients.clear()
        # closed a moment later, once this loop has flushed what the streaming threads queued:
        # a client closed while one of its streaming threads waits for room in its send backlog
        # (which only this loop drains) blocked the loop, and with it every camera, under load
        GLib.timeout_add(CLOSE_DELAY_MS, self.close_clients, clients)

    @staticmethod
    def close_clients(clients):
        for client in clients:
            client.close()
        return False

    def on_client(self, _server, client):
        client.connect('describe-request', self.on_request, client)
        client.connect('setup-request', self.on_request, client)
        client.connect('closed', self.on_client_closed)

    def on_request(self, _client, ctx, client):
        camera = self.cameras.get(camera_of_path(ctx.uri.abspath if ctx.uri is not None else ''))
        if camera is not None:
            camera.clients.add(client)

    def on_client_closed(self, client):
        for camera in self.cameras.values():
            camera.clients.discard(client)

    def apply(self, camera):
        """Main-loop side of a state change: (un)mount to match camera.down."""
        if camera.down and camera.mounted:
            self.unmount(camera)
        elif not camera.down and not camera.mounted:
            self.mount(camera)
        return False

    # -- state changes (any thread) ----------------------------------------------------------

    def control(self, cam, action):
        camera = self.cameras.get(cam)
        if camera is None:
            return None
        with self.state_lock:
            if action == 'kill':
                camera.control_down = True
            elif action == 'restore':
                camera.control_down = False
            elif action == 'freeze':
                camera.control_frozen = True
            elif action == 'unfreeze':
                camera.control_frozen = False
            else:
                return None
        emit({'event': 'control', 'camera': cam, 'action': action, 'at': now_ms()})
        GLib.idle_add(self.apply, camera)
        return self.status_of(camera)

    def status_of(self, camera):
        return {
            'camera': camera.cam, 'name': camera_name(camera.cam), 'down': camera.down,
            'frozen': camera.frozen, 'stutter': camera.stutter, 'fault': camera.fault,
            'protected': camera.protected, 'codec': camera.codec,
            'streams': {s: {'sent': src.seq, 'attached': src.attached}
                        for s, src in camera.sources.items()},
        }

    # -- threads -----------------------------------------------------------------------------

    def pacer(self):
        while not self.stopping.is_set():
            now = time.monotonic()
            due = now + 0.1
            for camera in self.cameras.values():
                for source in camera.sources.values():
                    due = min(due, source.tick(camera.frozen, camera.stutter, now))
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)

    def fault_runner(self):
        faulty = sorted(self.faulty_cameras())
        if not faulty:
            return
        period = sum(d for _, d in FAULT_CYCLE) * self.args.fault_scale
        start = time.monotonic()
        while not self.stopping.wait(0.1):
            for i, cam in enumerate(faulty):
                camera = self.cameras[cam]
                t = (time.monotonic() - start + i * 7 * self.args.fault_scale) % period
                acc = 0.0
                for kind, d in FAULT_CYCLE:
                    d *= self.args.fault_scale
                    if t < acc + d:
                        break
                    acc += d
                if kind != camera.fault:
                    with self.state_lock:
                        camera.fault = kind
                    event = {'event': 'fault', 'camera': cam, 'kind': kind, 'at': now_ms()}
                    if kind != 'ok':
                        event['until'] = now_ms() + int((acc + d - t) * 1000)
                    emit(event)
                    GLib.idle_add(self.apply, camera)

    def faulty_cameras(self):
        if not self.args.faults:
            return set()
        if self.args.fault_cameras:
            return {int(x) for x in self.args.fault_cameras.split(',') if x.strip()} & set(self.cameras)
        every4 = {c for c in self.cameras if c % 4 == 0}
        return every4 or {max(self.cameras)}

    def control_server(self):
        sim = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_a):
                pass

            def reply(self, code, body):
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(code)
                self.send_header('Content-Type', 'application/json; charset=utf-8')
                self.send_header('Content-Length', str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def route(self):
                url = urlparse(self.path)
                parts = url.path.strip('/').split('/')
                if parts == ['status']:
                    return 200, {'cameras': [sim.status_of(c) for c in sim.cameras.values()]}
                if len(parts) >= 2 and parts[0] == 'cameras' and parts[1].isdigit():
                    cam = int(parts[1])
                    camera = sim.cameras.get(cam)
                    if camera is None:
                        return 404, {'error': 'no such camera'}
                    if len(parts) == 2:
                        return 200, sim.status_of(camera)
                    if len(parts) == 4 and parts[2] == 'frames' and parts[3] in STREAMS:
                        since = int(parse_qs(url.query).get('since', ['0'])[0])
                        src = camera.sources[parts[3]]
                        with src.lock:
                            frames = [list(r) for r in src.timeline if r[0] > since]
                        return 200, {'camera': cam, 'stream': parts[3], 'fps': FPS,
                                     'clipFrames': CLIP_FRAMES, 'frames': frames}
                    if len(parts) == 3 and self.command == 'POST':
                        result = sim.control(cam, parts[2])
                        return (200, result) if result else (404, {'error': 'unknown action'})
                return 404, {'error': 'not found'}

            def do_GET(self):
                self.reply(*self.route())

            def do_POST(self):
                self.reply(*self.route())

        httpd = ThreadingHTTPServer(('127.0.0.1', self.args.control_port), Handler)
        httpd.daemon_threads = True
        return httpd

    # -- run ---------------------------------------------------------------------------------

    def run(self):
        if self.server.attach(None) == 0:
            emit({'event': 'error', 'message': f'cannot listen on 127.0.0.1:{self.args.port}'})
            sys.exit(3)
        httpd = self.control_server()
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        threading.Thread(target=self.pacer, daemon=True).start()
        threading.Thread(target=self.fault_runner, daemon=True).start()
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            GLib.unix_signal_add(GLib.PRIORITY_HIGH, sig, self.quit)
        if self.args.watch_stdin:
            GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.PRIORITY_DEFAULT,
                              GLib.IOCondition.IN | GLib.IOCondition.HUP | GLib.IOCondition.ERR,
                              self.on_stdin)
        port = self.server.get_bound_port()
        emit({'event': 'ready', 'port': port, 'control': f'http://127.0.0.1:{httpd.server_address[1]}',
              'cameras': self.args.count, 'faulty': sorted(self.faulty_cameras()),
              'protected': sorted(c.cam for c in self.cameras.values() if c.protected),
              'fps': FPS, 'clipFrames': CLIP_FRAMES})
        self.loop.run()
        self.stopping.set()
        httpd.shutdown()
        emit({'event': 'stopped'})

    def on_stdin(self, _source, condition):
        data = b''
        if condition & GLib.IOCondition.IN:
            data = os.read(sys.stdin.fileno(), 4096)
        if not data:  # parent went away: do not outlive it
            self.quit()
            return False
        return True

    def quit(self):
        self.stopping.set()
        self.loop.quit()
        return False


def main():
    p = argparse.ArgumentParser(description='Trực ban RTSP camera simulator')
    p.add_argument('--count', type=int, default=4)
    p.add_argument('--port', type=int, default=8554, help='RTSP port on 127.0.0.1 (0 = any free)')
    p.add_argument('--control-port', type=int, default=0, help='HTTP control port (0 = any free)')
    p.add_argument('--faults', action='store_true')
    p.add_argument('--fault-cameras', default='', help='comma list; default every 4th camera')
    p.add_argument('--fault-scale', type=float, default=1.0, help='multiplies fault durations')
    p.add_argument('--h265-cameras', default='', help='comma list of cameras that send H.265 (default none)')
    p.add_argument('--auth', default='', help='user:pass protecting the cameras')
    p.add_argument('--auth-cameras', default='', help='comma list; default all cameras')
    p.add_argument('--cache', default=os.path.join(
        os.environ.get('XDG_CACHE_HOME') or os.path.expanduser('~/.cache'), 'trucban-sim'))
    p.add_argument('--watch-stdin', action='store_true', help='exit when stdin closes')
    p.add_argument('--prepare-only', action='store_true', help='encode the clips and exit')
    p.add_argument('--names', default='', help='captions: a registry CSV (number,name columns) or a JSON object {"N": "name"}')
    p.add_argument('--name', action='append', default=[], metavar='N=NAME', help='caption of camera N (repeatable; wins over --names)')
    args = p.parse_args()
    if args.count < 1 or args.count > 255:
        p.error('--count must be 1..255')
    try:
        if args.names:
            CAPTIONS.update(load_names(args.names))
    except (OSError, ValueError) as e:
        p.error(f'--names: {e}')
    for item in args.name:
        num, sep, name = item.partition('=')
        if not sep or not num.strip().isdigit() or not 1 <= int(num) <= 255 or not clean_caption(name):
            p.error(f'--name: expected N=NAME with N in 1..255, got {item!r}')
        CAPTIONS[int(num)] = clean_caption(name)
    for sig in (signal.SIGTERM, signal.SIGHUP):  # until the main loop takes over: exit cleanly
        signal.signal(sig, lambda *_a: sys.exit(128 + 15))
    Gst.init(None)
    if args.prepare_only:
        made = ensure_clips(args.cache, args.count, max(1, os.cpu_count() or 1), parse_cameras(args.h265_cameras))
        emit({'event': 'clips', 'encoded': made, 'cache': args.cache})
        return
    Sim(args).run()


if __name__ == '__main__':
    main()
