"use client";

import { useConnectionState } from "@/lib/connection-state";

/**
 * A quiet line while the browser has no network: what is on screen is what was here last, and
 * nothing is lost (the outbox sends what is written once the network is back).
 */
export function OfflineNote({ children }: { children?: React.ReactNode }) {
  const offline = useConnectionState() === "offline";
  if (!offline) return null;
  return (
    <p role="status" className="border-b border-stone-200 bg-stone-100 px-4 py-2 text-sm text-stone-700" data-testid="offline-note">
      {children ?? "You're offline. Showing what was here last; new messages arrive when you're back."}
    </p>
  );
}
