"use client";

import { useConnectionState } from "@/lib/connection-state";

/**
 * A small green dot when live; says so, calmly, when live updates are paused. On a phone the
 * notice hangs just under the header, where it does not push the main links aside.
 */
export function ConnectionStatus() {
  const state = useConnectionState();
  const notice = "absolute left-1/2 top-full mt-1 -translate-x-1/2 whitespace-nowrap rounded-full px-2.5 py-1 text-xs font-medium shadow-sm sm:static sm:mt-0 sm:translate-x-0 sm:shadow-none";
  return (
    <span role="status" aria-live="polite" data-testid="connection-status" data-state={state}>
      {state === "connected" && (
        <span className="hidden items-center gap-1.5 text-xs text-stone-600 sm:flex" title="Connected: messages arrive live">
          <span aria-hidden className="h-2 w-2 rounded-full bg-emerald-500" />
          <span className="sr-only">Connected</span>
        </span>
      )}
      {state === "reconnecting" && <span className={`${notice} bg-amber-100 text-amber-900`}>Reconnecting…</span>}
      {state === "offline" && (
        <span className={`${notice} bg-stone-200 text-stone-800`} title="Messages you write are sent when you are back online.">
          Offline
        </span>
      )}
    </span>
  );
}
