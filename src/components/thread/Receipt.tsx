"use client";

import { formatSeen } from "@/lib/relative-time";
import { useHydrated } from "../LocalTime";

/**
 * Under one of my messages: "Seen 14:05" when the other person has read it (the time in the
 * viewer's zone, written in the browser), else "Sent". Plain text, not a <time>: the message's own
 * time is the one the bubble shows.
 */
export function Receipt({ seenAt }: { seenAt?: Date | null }) {
  const hydrated = useHydrated();
  if (seenAt === undefined) return <span data-testid="receipt">Sent</span>;
  return <span data-testid="receipt">{seenAt && hydrated ? formatSeen(seenAt, new Date()) : "Seen"}</span>;
}
