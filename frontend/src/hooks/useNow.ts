import { useEffect, useState } from "react";

/**
 * The current time, re-read every `intervalMs` while `active`: what makes an elapsed time
 * tick. Inactive (a finished deployment) it stops, so a long history page costs no timers.
 */
export function useNow(active: boolean, intervalMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!active) return;
    setNow(new Date());
    const timer = window.setInterval(() => setNow(new Date()), intervalMs);
    return () => window.clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
