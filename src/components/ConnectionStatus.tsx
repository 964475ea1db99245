"use client";

import { useConnectionState } from "@/app/providers";

/** A small green dot when live; says so, calmly, when live updates are paused. */
export function ConnectionStatus() {
  const state = useConnectionState();
  return (
    <span role="status" aria-live="polite" data-testid="connection-status" data-state={state}>
      {state === "connected" && (
        <span className="hidden items-center gap-1.5 text-xs text-stone-500 sm:flex" title="Connected: messages arrive live">
          <span aria-hidden className="h-2 w-2 rounded-full bg-emerald-500" />
          <span className="sr-only">Connected</span>
        </span>
      )}
      {state === "reconnecting" && (
        <span className="whitespace-nowrap rounded-full bg-amber-100 px-2.5 py-1 text-xs font-medium text-amber-900">Reconnecting…</span>
      )}
      {state === "offline" && (
        <span className="whitespace-nowrap rounded-full bg-stone-200 px-2.5 py-1 text-xs font-medium text-stone-800" title="Messages you write are sent when you are back online.">
          Offline
        </span>
      )}
    </span>
  );
}
