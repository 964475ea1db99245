"use client";

import { useCallback, useSyncExternalStore } from "react";

/**
 * The time now to within `intervalMs`, for a relative time on screen ("5 min ago"): while
 * `ticking`, the component is rendered again as it moves on. Any render reads it afresh.
 */
export function useNow(intervalMs: number, ticking = true): Date {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!ticking) return () => {};
      // Twice per step: a step is never shown more than one interval late.
      const timer = setInterval(onChange, intervalMs / 2);
      return () => clearInterval(timer);
    },
    [intervalMs, ticking],
  );
  const step = useSyncExternalStore(
    subscribe,
    () => Math.floor(Date.now() / intervalMs),
    () => 0,
  );
  return new Date(step * intervalMs);
}
