import { useEffect, useState } from 'react';
import { selectors, useAppStore } from '../store';

/** Date.now(), re-read every `intervalMs`, aligned to whole intervals so seconds change together everywhere. */
export function useTicker(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, intervalMs - (Date.now() % intervalMs) + 5);
    };
    timer = setTimeout(tick, intervalMs - (Date.now() % intervalMs) + 5);
    return () => clearTimeout(timer);
  }, [intervalMs]);
  return now;
}

/** The station's current time (ms), ticking every `intervalMs`. */
export function useNow(intervalMs = 1000): number {
  const offset = useAppStore(selectors.app.clockOffset);
  return useTicker(intervalMs) + offset;
}
