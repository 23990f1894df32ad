import { useEffect, useState } from 'react';
import { selectors, useAppStore } from '../store';

/** The station's current time (ms), ticking every `intervalMs`. */
export function useNow(intervalMs = 1000): number {
  const offset = useAppStore(selectors.app.clockOffset);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      // align to the next whole interval so seconds change together everywhere
      timer = setTimeout(tick, intervalMs - (Date.now() % intervalMs) + 5);
    };
    timer = setTimeout(tick, intervalMs - (Date.now() % intervalMs) + 5);
    return () => clearTimeout(timer);
  }, [intervalMs]);
  return now + offset;
}
