import type { PrismaClient } from "@/generated/prisma/client";
import { channels, type EventBus } from "@/server/realtime/event-bus";
import { openSessionsAmong } from "@/server/services/sessions";

/**
 * Answers "is this session still open?" on every request, cheaply: an answer from the database is
 * trusted for `cacheMs` (1 s), and an ended session announced on the bus is refused at once. So a
 * sign-out takes effect immediately on every process that hears the bus, and within a second on
 * one that does not (Redis away). Listeners hear of ended sessions (to close their sockets).
 */
export interface SessionGuard {
  isOpen(sessionId: string): Promise<boolean>;
  /** Called with each session that ends, whether announced on the bus or found by recheck(). */
  onEnded(listener: (sessionId: string) => void): () => void;
  /** Asks the database about these sessions now; those that ended are reported to listeners. */
  recheck(sessionIds: string[]): Promise<void>;
  close(): void;
}

interface Entry {
  open: boolean;
  checkedAt: number;
}

/** Beyond this many remembered answers, the oldest are forgotten (and asked again when needed). */
const MAX_ENTRIES = 50_000;

export function createSessionGuard(deps: { prisma: PrismaClient; bus: EventBus; cacheMs?: number }): SessionGuard {
  const cacheMs = deps.cacheMs ?? 1000;
  const known = new Map<string, Entry>();
  const asking = new Map<string, Promise<boolean>>();
  const listeners = new Set<(sessionId: string) => void>();

  const remember = (sessionId: string, open: boolean) => {
    known.delete(sessionId); // re-inserted last: Map order is the eviction order
    known.set(sessionId, { open, checkedAt: Date.now() });
    if (known.size > MAX_ENTRIES) known.delete(known.keys().next().value!);
  };
  const ended = (sessionId: string) => {
    const wasOpen = known.get(sessionId)?.open !== false;
    // An ended session never reopens: remembered as ended for good (until evicted).
    known.delete(sessionId);
    known.set(sessionId, { open: false, checkedAt: Infinity });
    if (wasOpen) for (const listener of listeners) listener(sessionId);
  };

  const unsubscribe = deps.bus.subscribe(channels.sessions, (event) => {
    if (event.type === "sessions-ended") for (const id of event.sessionIds) ended(id);
    // Announcements may have been missed while the bus was away: ask the database again.
    if (event.type === "resync") for (const [id, entry] of known) if (entry.open) known.delete(id);
  });

  const ask = (sessionId: string): Promise<boolean> => {
    let pending = asking.get(sessionId);
    if (!pending) {
      pending = openSessionsAmong(deps.prisma, [sessionId])
        .then((open) => {
          const isOpen = open.has(sessionId);
          if (isOpen) remember(sessionId, true);
          else ended(sessionId);
          return isOpen;
        })
        .finally(() => asking.delete(sessionId));
      asking.set(sessionId, pending);
    }
    return pending;
  };

  return {
    async isOpen(sessionId) {
      const entry = known.get(sessionId);
      if (entry && (!entry.open || Date.now() - entry.checkedAt < cacheMs)) return entry.open;
      return ask(sessionId);
    },
    onEnded(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async recheck(sessionIds) {
      const candidates = sessionIds.filter((id) => known.get(id)?.open !== false);
      if (candidates.length === 0) return;
      const open = await openSessionsAmong(deps.prisma, candidates);
      for (const id of candidates) {
        if (open.has(id)) remember(id, true);
        else ended(id);
      }
    },
    close() {
      unsubscribe();
      listeners.clear();
    },
  };
}
