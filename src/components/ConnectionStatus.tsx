"use client";

import { useConnectionState } from "@/app/providers";

/** Quiet when all is well; says so, calmly, when live updates are paused. */
export function ConnectionStatus() {
  const state = useConnectionState();
  return (
    <span role="status" aria-live="polite" data-testid="connection-status" data-state={state}>
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
