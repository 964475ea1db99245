"use client";

import type { OtherPresence } from "@/lib/conversation-live";
import { presenceText } from "@/lib/relative-time";
import { useNow } from "@/lib/use-now";

/** How often "Last seen 5 min ago" is written again. */
const REFRESH_MS = 30_000;

/**
 * "· Online" (with a green dot) or "· Last seen 5 min ago" after the role in the thread header,
 * kept current; nothing while the other person does not share it or it is not known yet.
 */
export function PresenceLine({ presence }: { presence: OtherPresence | null }) {
  const ticking = presence !== null && !presence.online && presence.lastSeenAt !== null;
  const now = useNow(REFRESH_MS, ticking);
  const text = presenceText(presence, now);
  if (!text) return null;
  return (
    <>
      <span aria-hidden>·</span>
      <span data-testid="presence" className="inline-flex min-w-0 items-center gap-1">
        {presence?.online && <span aria-hidden className="h-2 w-2 shrink-0 rounded-full bg-emerald-600" />}
        <span className="truncate">{text}</span>
      </span>
    </>
  );
}
