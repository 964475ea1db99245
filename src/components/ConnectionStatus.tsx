"use client";

import { useConnectionState } from "@/app/providers";

/** Quiet when all is well; says so when live updates are paused. */
export function ConnectionStatus() {
  const state = useConnectionState();
  if (state !== "reconnecting") return null;
  return (
    <span role="status" className="rounded-full bg-amber-100 px-2.5 py-1 text-xs font-medium text-amber-900">
      Reconnecting…
    </span>
  );
}
