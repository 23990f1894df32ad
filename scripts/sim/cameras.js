#!/usr/bin/env node
// `npm run sim:cameras -- --count N [--faults] [--port P] [--auth user:pass]`
// Starts the RTSP camera simulator (scripts/sim/cameras.py, Debian's GStreamer RTSP server run by
// /usr/bin/python3), relays its JSON lines, prints the camera URLs and forwards signals.
// Every other option is passed through (see `--help` and scripts/sim/README.md).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const PYTHON = process.env.TRUCBAN_SIM_PYTHON || '/usr/bin/python3';
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cameras.py');
const args = process.argv.slice(2);

const check = spawnSync(PYTHON, ['-c', [
  'import gi',
  "gi.require_version('Gst', '1.0')",
  "gi.require_version('GstRtspServer', '1.0')",
  'from gi.repository import Gst, GstRtspServer',
  'Gst.init(None)',
  "assert Gst.ElementFactory.find('appsrc') and Gst.ElementFactory.find('h264parse') and Gst.ElementFactory.find('rtph264pay')",
].join('\n')], { stdio: ['ignore', 'ignore', 'pipe'] });
const ffmpeg = spawnSync('ffmpeg', ['-hide_banner', '-filters'], { encoding: 'utf8' });
if (check.status !== 0 || ffmpeg.status !== 0 || !/\bdrawtext\b/.test(ffmpeg.stdout) || !/\bgeq\b/.test(ffmpeg.stdout)) {
  console.error(
    'The camera simulator needs the GStreamer RTSP server for Debian\'s Python and ffmpeg.\n' +
      'Install: sudo apt install python3-gi python3-gst-1.0 gir1.2-gst-rtsp-server-1.0 ' +
      'gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad ffmpeg\n' +
      (check.status !== 0 ? `(${PYTHON}: ${check.error ? check.error.message : String(check.stderr).trim().split('\n').at(-1)})\n` : '') +
      (ffmpeg.status !== 0 ? '(ffmpeg not found on PATH)\n' : ''),
  );
  process.exit(2);
}

const child = spawn(PYTHON, [SCRIPT, ...args, '--watch-stdin'], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
const lines = readline.createInterface({ input: child.stdout });
lines.on('line', (line) => {
  console.log(line);
  let ev;
  try {
    ev = JSON.parse(line);
  } catch {
    return;
  }
  if (ev.event === 'ready') {
    const auth = ev.protected.length ? ` (camera ${ev.protected.join(', ')}: --auth credentials)` : '';
    console.error(`\n${ev.cameras} cameras on rtsp://127.0.0.1:${ev.port}/camN/{main,sub}${auth}; control ${ev.control}`);
    for (let cam = 1; cam <= ev.cameras; cam++) {
      console.error(`  cam ${cam}: rtsp://127.0.0.1:${ev.port}/cam${cam}/main  rtsp://127.0.0.1:${ev.port}/cam${cam}/sub`);
    }
    if (ev.faulty.length) console.error(`  faults cycle on cameras ${ev.faulty.join(', ')}`);
    console.error('Ctrl+C to stop.\n');
  }
});

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* gone */
  }
  setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }, 3000).unref();
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal === 'SIGHUP' ? 'SIGTERM' : signal));
child.on('exit', (code, signal) => {
  try {
    process.kill(-child.pid, 'SIGKILL'); // ffmpeg encoders left in the group, if any
  } catch {
    /* none */
  }
  process.exit(code ?? (signal ? 0 : 1));
});
