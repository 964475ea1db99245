"use client";

import { useEffect } from "react";

/** The Badging API, where the browser has it (installed apps in Chromium, Safari on iOS 16.4+). */
export type BadgingNavigator = Partial<Pick<Navigator, "setAppBadge" | "clearAppBadge">>;

/**
 * Shows the count on the installed app's icon, or clears it at 0. Browsers without the API are
 * skipped, and a refusal (the page is not an installed app, the permission is not granted) is
 * ignored: the badge is an extra, the header and the tab title say the same.
 */
export function showAppBadge(count: number, badging: BadgingNavigator | undefined = globalThis.navigator): void {
  if (!badging) return;
  try {
    const done = count > 0 ? badging.setAppBadge?.(count) : badging.clearAppBadge?.();
    done?.catch(() => undefined);
  } catch {
    // Some browsers throw at once instead of rejecting (no document in focus, not allowed here).
  }
}

/** Keeps the app badge at the count, once it is known (null: not yet known, leave the badge alone). */
export function useAppBadge(count: number | null): void {
  useEffect(() => {
    if (count !== null) showAppBadge(count);
  }, [count]);
}
