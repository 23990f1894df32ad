/**
 * The duty alarm's sound (docs/security.md, "Alarm sound"): one shared WebAudio context, the
 * tones (no audio files), a repeating alarm while something waits, and whether sound can play
 * at all. A page loaded without a user gesture gets a SUSPENDED context in a browser (its
 * autoplay policy): `audioState()` says so and the app shows a one-click "Bật âm thanh" prompt
 * until `enableSound()` (called from that click) has it running. Electron's windows set
 * `autoplayPolicy: 'no-user-gesture-required'` (src-main/electron/security.ts), so there the
 * context runs at once and no prompt shows — also after a reload nobody clicked.
 *
 * Never throws: no AudioContext (an old engine, tests on Node) or no audio device means
 * silence, and the screens still show what waits.
 */
import type { WaitingSeverity } from '../../src-shared/domain/incidents';

/** 'unavailable': this engine has no WebAudio (nothing to enable). */
export type AudioState = 'running' | 'suspended' | 'closed' | 'unavailable';

type Ctor = typeof AudioContext;
interface AlarmWindow {
  AudioContext?: Ctor;
  webkitAudioContext?: Ctor;
  /** Tones played so far (e2e tests read it; a headless browser has no speaker to listen to). */
  __trucbanBeeps?: number;
  /** Tones the repeating alarm played so far (e2e tests read it). */
  __trucbanAlarmTones?: number;
}

let ctx: AudioContext | null = null;
let ctxFailed = false;
const listeners = new Set<() => void>();

const win = (): AlarmWindow | null => (typeof window === 'undefined' ? null : (window as unknown as AlarmWindow));

function notify(): void {
  for (const fn of [...listeners]) {
    try {
      fn();
    } catch {
      // a failing listener must not stop the others
    }
  }
}

/** The shared context, made on first use (null without WebAudio). */
function context(): AudioContext | null {
  if (ctx || ctxFailed) return ctx;
  const w = win();
  const Ctx = w?.AudioContext ?? w?.webkitAudioContext;
  if (!Ctx) {
    ctxFailed = true;
    return null;
  }
  try {
    ctx = new Ctx();
    ctx.addEventListener('statechange', notify);
  } catch {
    ctxFailed = true;
    ctx = null;
  }
  return ctx;
}

const GESTURES = ['pointerdown', 'keydown'] as const;

/**
 * Makes the shared context at once (the page's first moments, before anything else: a browser
 * decides then whether it may run) and resumes it on the officer's first key press or click
 * anywhere (typing the password is enough), so the prompt is needed only after a reload
 * nobody has touched yet. Called once by the renderer's entry (main.tsx).
 */
export function primeAudio(): void {
  const c = context();
  const w = typeof window === 'undefined' ? null : window;
  if (!c || !w) return;
  const onGesture = () => {
    if (c.state === 'running') {
      for (const ev of GESTURES) w.removeEventListener(ev, onGesture, { capture: true });
      return;
    }
    void c.resume().then(notify, notify);
  };
  for (const ev of GESTURES) w.addEventListener(ev, onGesture, { capture: true, passive: true });
}

/** Whether sound can play now (the context is made if it was not yet). */
export function audioState(): AudioState {
  const c = context();
  if (!c) return 'unavailable';
  const s = c.state as string;
  return s === 'running' || s === 'closed' ? s : 'suspended';
}

/** Calls `fn` whenever the context's state may have changed; returns the unsubscribe. */
export function onAudioState(fn: () => void): () => void {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}

/**
 * Asks the context to run: call it from a click (the gesture the browser's autoplay policy
 * wants). True when it runs afterwards.
 */
export async function enableSound(): Promise<boolean> {
  const c = context();
  if (!c) return false;
  try {
    await c.resume();
  } catch {
    // refused (no gesture, no device): still suspended
  }
  notify();
  return audioState() === 'running';
}

/** The tones of one ring, by how urgent: three high tones, two, or one. */
export const TONES: Record<Exclude<WaitingSeverity, 'none'>, readonly number[]> = {
  urgent: [880, 660, 880],
  warning: [740, 740],
  notice: [620],
};

/** One ring of short sine tones; silent when sound cannot play. */
export function ring(severity: Exclude<WaitingSeverity, 'none'>): void {
  const w = win();
  if (w) w.__trucbanBeeps = (w.__trucbanBeeps ?? 0) + 1;
  const c = context();
  if (!c) return;
  try {
    // no resume() here: only a real gesture (primeAudio's listeners, the prompt's click) may
    // start the sound, so the prompt tells the truth about what the room will hear
    if (c.state !== 'running') return;
    const t0 = c.currentTime;
    TONES[severity].forEach((f, i) => {
      const osc = c.createOscillator();
      const gain = c.createGain();
      osc.type = 'sine';
      osc.frequency.value = f;
      const start = t0 + i * 0.22;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.3, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
      osc.connect(gain).connect(c.destination);
      osc.start(start);
      osc.stop(start + 0.2);
    });
  } catch {
    // no audio device: the screen still shows what waits
  }
}

/** Pause between two rings of the repeating alarm, by how urgent. */
export const REPEAT_MS: Record<Exclude<WaitingSeverity, 'none'>, number> = { urgent: 4_000, warning: 8_000, notice: 15_000 };

export interface AlarmTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimers: AlarmTimers = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

/**
 * The repeating alarm: rings at once and then every REPEAT_MS[severity] while set to a
 * severity; `set('none')` (acknowledged, cleared, muted) stops it. Setting the same severity
 * again changes nothing (the rhythm is not restarted by each recount).
 */
export class Alarm {
  private severity: WaitingSeverity = 'none';
  private handle: unknown = null;

  constructor(
    private readonly play: (s: Exclude<WaitingSeverity, 'none'>) => void = ring,
    private readonly timers: AlarmTimers = realTimers,
  ) {}

  get current(): WaitingSeverity {
    return this.severity;
  }

  set(severity: WaitingSeverity): void {
    if (severity === this.severity) return;
    this.stop();
    this.severity = severity;
    if (severity === 'none') return;
    const tick = () => {
      const w = win();
      if (w) w.__trucbanAlarmTones = (w.__trucbanAlarmTones ?? 0) + 1;
      this.play(severity);
    };
    tick();
    this.handle = this.timers.setInterval(tick, REPEAT_MS[severity]);
  }

  stop(): void {
    if (this.handle !== null) this.timers.clearInterval(this.handle);
    this.handle = null;
    this.severity = 'none';
  }
}
