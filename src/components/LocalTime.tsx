"use client";

import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};

/**
 * False while the server renders and while the browser hydrates that HTML, true after. Text that
 * depends on the viewer's zone or locale waits for it, so the two renders agree.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/** A date as the viewer reads it (one of the formatters in `@/lib/format`), written in the browser. */
export function LocalTime({ date, show, className }: { date: Date; show: (date: Date) => string; className?: string }) {
  const hydrated = useHydrated();
  return (
    <time dateTime={date.toISOString()} className={className}>
      {hydrated ? show(date) : ""}
    </time>
  );
}
