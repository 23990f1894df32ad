import { useEffect, useRef } from 'react';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/**
 * Calls `onIdle` after `minutes` without keyboard or mouse activity, and `onActiveTick`
 * every minute in which there was activity (a heartbeat that keeps main's session from
 * idling out while the user types a long entry).
 */
export function useIdleLock(enabled: boolean, minutes: number, onIdle: () => void, onActiveTick: () => void): void {
  const last = useRef(Date.now());
  const onIdleRef = useRef(onIdle);
  const onTickRef = useRef(onActiveTick);
  onIdleRef.current = onIdle;
  onTickRef.current = onActiveTick;

  useEffect(() => {
    if (!enabled) return;
    last.current = Date.now();
    const mark = () => {
      last.current = Date.now();
    };
    for (const ev of ACTIVITY) window.addEventListener(ev, mark, { capture: true, passive: true });
    let lastTick = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      if (now - last.current >= minutes * 60_000) {
        onIdleRef.current();
        return;
      }
      if (now - lastTick >= 60_000) {
        lastTick = now;
        if (now - last.current < 60_000) onTickRef.current();
      }
    }, 2000);
    return () => {
      clearInterval(timer);
      for (const ev of ACTIVITY) window.removeEventListener(ev, mark, { capture: true });
    };
  }, [enabled, minutes]);
}
