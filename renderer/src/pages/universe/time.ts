import { useEffect, useMemo, useState } from 'react';
import { formatDuration, formatRelative } from '../../format';

export function useNow(intervalMs: number, data: unknown): number {
  const [tick, setTick] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new answer is a reason to read the clock again
  const fresh = useMemo(() => Date.now(), [data]);
  return Math.max(tick, fresh);
}

/** For moments that have happened: a server clock a little ahead never reads "in 1 s". */
export const ago = (iso: string, now: number) => formatRelative(Math.min(Date.parse(iso), now), now);

/** "0.4 s" below a second, else "2 min 5 s". */
export const formatRunDuration = (ms: number) =>
  ms < 1000 ? `${(ms / 1000).toFixed(1)} s` : formatDuration(ms);
