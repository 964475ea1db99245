import type { PrismaClient } from "@/generated/prisma/client";
import { channels, listen, type BusEvent } from "@/server/realtime/event-bus";
import type { Presence } from "@/server/realtime/presence";
import { requireConversationAccess } from "./access";
import type { ServiceDeps } from "./deps";
import { NOTHING_SHARED, sharingBetween } from "./sharing";

/** What conversation.onEvents yields: the ephemeral state of one conversation, never stored. */
export type ConversationEvent =
  | { type: "typing"; userId: string }
  | { type: "read"; userId: string; seq: number; readAt: Date }
  /** online false and lastSeenAt null also means "not shared (any more)": show nothing. */
  | { type: "presence"; userId: string; online: boolean; lastSeenAt: Date | null };

type PresenceEvent = Extract<ConversationEvent, { type: "presence" }>;

/** A second typing announcement of one person in one conversation within this long is dropped. */
export const TYPING_THROTTLE_MS = 1000;

/**
 * The other participant's typing, read position and presence, as they happen, for as long as the
 * signal lives: first their presence (when the two share it), then live events. Never my own.
 *
 * What the two share (sharing.ts) is read at the start and again whenever it may have changed:
 * either one's settings or presence (their presence channels), a block or unblock between them
 * (my inbox hears accessChanged), or a resync. Typing and read events are checked against the
 * last reading, without a database read per event.
 */
export async function* streamConversationEvents(
  deps: ServiceDeps & { presence: Presence },
  userId: string,
  conversationId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<ConversationEvent> {
  const { otherId } = await requireConversationAccess(deps.prisma, userId, conversationId, "read");
  // Listening before the first reading: nothing that changes after it goes unheard.
  const events = listen(
    deps.bus,
    [channels.conversationEvents(conversationId), channels.presence(otherId), channels.presence(userId), channels.user(userId)],
    signal,
  );
  const hidden: PresenceEvent = { type: "presence", userId: otherId, online: false, lastSeenAt: null };
  let sharing = NOTHING_SHARED;
  let shown = hidden;

  /** Reads what is shared and the other's presence again; the presence to yield if it changed. */
  const reread = async (): Promise<PresenceEvent | null> => {
    sharing = await sharingBetween(deps.prisma, userId, otherId);
    const now = sharing.presence ? await presenceOf(deps, otherId) : hidden;
    if (now.online === shown.online && now.lastSeenAt?.getTime() === shown.lastSeenAt?.getTime()) return null;
    return (shown = now);
  };

  try {
    await reread();
    if (sharing.presence) yield shown;
    for await (const event of events) {
      if (event.type === "typing" || event.type === "read") {
        if (event.conversationId !== conversationId || event.userId !== otherId) continue;
        if (event.type === "typing" && sharing.typing) yield { type: "typing", userId: otherId };
        if (event.type === "read" && sharing.readReceipts) yield { type: "read", userId: otherId, seq: event.seq, readAt: event.readAt };
        continue;
      }
      if (!mayChangeSharing(event, conversationId)) continue;
      // One reading answers every such event already waiting.
      events.drop((waiting) => mayChangeSharing(waiting, conversationId));
      const changed = await reread();
      if (changed) yield changed;
    }
  } finally {
    events.close();
  }
}

function mayChangeSharing(event: BusEvent, conversationId: string): boolean {
  return (
    event.type === "presence-changed" ||
    event.type === "resync" ||
    (event.type === "inbox" && event.conversationId === conversationId && event.accessChanged === true)
  );
}

async function presenceOf(deps: { prisma: PrismaClient; presence: Presence }, userId: string): Promise<PresenceEvent> {
  if (await deps.presence.isOnline(userId)) return { type: "presence", userId, online: true, lastSeenAt: null };
  const user = await deps.prisma.user.findUnique({ where: { id: userId }, select: { lastSeenAt: true } });
  return { type: "presence", userId, online: false, lastSeenAt: user?.lastSeenAt ?? null };
}

/** When each person last announced typing in each conversation, in this process. */
const lastTyping = new Map<string, number>();

/**
 * Tells the other participant that this one is typing (never stored). Clients send at most one
 * announcement every 2 s; one that sends more has the extra dropped here, before any database
 * read, so it cannot flood the bus: `announced` says whether this one went out.
 */
export async function announceTyping(deps: ServiceDeps, userId: string, conversationId: string): Promise<{ announced: boolean }> {
  const key = `${userId}|${conversationId}`;
  const now = Date.now();
  if (now - (lastTyping.get(key) ?? -Infinity) < TYPING_THROTTLE_MS) return { announced: false };
  forgetOldTyping(now);
  lastTyping.set(key, now);
  try {
    await requireConversationAccess(deps.prisma, userId, conversationId, "send");
  } catch (error) {
    // Only an announcement that goes out is remembered: a throttled caller was free to write a moment ago.
    lastTyping.delete(key);
    throw error;
  }
  deps.bus.publish(channels.conversationEvents(conversationId), { type: "typing", conversationId, userId });
  return { announced: true };
}

function forgetOldTyping(now: number) {
  if (lastTyping.size < 10_000) return;
  for (const [key, at] of lastTyping) if (now - at >= TYPING_THROTTLE_MS) lastTyping.delete(key);
}
