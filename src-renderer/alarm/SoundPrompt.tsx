/**
 * The one-click "Bật âm thanh / Enable sound" prompt (docs/security.md, "Alarm sound"): shown
 * while the alarm's audio context is not running — a browser page reloaded without a click —
 * and gone once the click has it running. Electron's windows may play without a gesture, so
 * there the context runs and the prompt never shows.
 */
import { useEffect, useState } from 'react';
import { useMessages } from '../hooks/useI18n';
import { audioState, enableSound, onAudioState } from './alarm';
import type { AudioState } from './alarm';

/** Re-read this often too: not every engine fires 'statechange' on every change. */
const RECHECK_MS = 2_000;

export function useAudioState(): AudioState {
  const [state, setState] = useState<AudioState>(() => audioState());
  useEffect(() => {
    const read = () => setState(audioState());
    const off = onAudioState(read);
    const t = setInterval(read, RECHECK_MS);
    read();
    return () => {
      off();
      clearInterval(t);
    };
  }, []);
  return state;
}

export function SoundPrompt() {
  const m = useMessages();
  const state = useAudioState();
  // nothing to enable without WebAudio; a closed context cannot be resumed either
  if (state === 'running' || state === 'unavailable' || state === 'closed') return null;
  return (
    <div className="sound-prompt" role="alert" data-testid="sound-prompt" data-audio-state={state}>
      <span>{m.sound.prompt}</span>
      <button type="button" className="btn btn--small btn--primary" onClick={() => void enableSound()} data-testid="sound-enable">
        {m.sound.enable}
      </button>
    </div>
  );
}
