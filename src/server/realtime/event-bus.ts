import type { MessageDTO } from "@/server/services/message-dto";

/**
 * What happened, addressed to a channel. Events are published only after the change they describe
 * is committed, so a subscriber that reads the database after hearing one always finds it.
 */
export type ChatEvent =
  | { type: "message"; message: MessageDTO }
  /** A message already sent changed (Glow support removed it): shown in its place, same seq. */
  | { type: "message-changed"; message: MessageDTO }
  /** Something in one of this user's conversations changed (new message, read position); accessChanged: a block, mute or archive (open threads read conversation.byId again). */
  | { type: "inbox"; conversationId: string; accessChanged?: boolean }
  /** These sessions ended (sign-out, sign out everywhere, password change): refuse them, close their sockets. */
  | { type: "sessions-ended"; sessionIds: string[] }
  /** An admin changed the keyword filter: every process reloads its terms before the next send. */
  | { type: "keywords-changed" }
  /** Someone is typing in a conversation (never stored); only published where no block stands. */
  | { type: "typing"; conversationId: string; userId: string }
  /** A participant's read position moved; only published where both show read receipts and no block stands. */
  | { type: "read"; conversationId: string; userId: string; seq: number; readAt: Date }
  /**
   * A user came online, went offline, or changed what they share (settings): listeners read the
   * state again (presence.ts, settings.ts).
   */
  | { type: "presence-changed"; userId: string };

/** What a listener may hear: an event, or "you may have missed events: read the database". */
export type BusEvent = ChatEvent | { type: "resync" };

export const channels = {
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  user: (userId: string) => `user:${userId}`,
  /** Every process listens here for ended sessions. */
  sessions: "sessions",
  /** Every process listens here for changes to the keyword filter. */
  keywords: "keywords",
  /** A conversation's ephemeral state: typing and read receipts (conversation.onEvents). */
  conversationEvents: (conversationId: string) => `conversation-events:${conversationId}`,
  /** A user's presence and sharing settings changed. */
  presence: (userId: string) => `presence:${userId}`,
};

export type Unsubscribe = () => void;

export interface EventBus {
  readonly kind: "memory" | "redis";
  /** Whether events currently reach other processes (always true in memory). */
  isConnected(): boolean;
  /** Never throws: an event that cannot go out is recovered by listeners from the database. */
  publish(channel: string, event: ChatEvent): void;
  /** The handler starts receiving synchronously, before this returns. */
  subscribe(channel: string, handler: (event: BusEvent) => void): Unsubscribe;
  close(): Promise<void>;
}

/** One process: every subscriber lives here. */
export function createMemoryEventBus(): EventBus {
  const handlers = new Map<string, Set<(event: BusEvent) => void>>();
  return {
    kind: "memory",
    isConnected: () => true,
    publish(channel, event) {
      for (const handler of handlers.get(channel) ?? []) handler(event);
    },
    subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(channel) === set) handlers.delete(channel);
      };
    },
    async close() {
      handlers.clear();
    },
  };
}

/** Events of one or more channels, in arrival order. */
export interface Listener extends AsyncIterable<BusEvent> {
  /** Removes waiting events the caller no longer needs. */
  drop(which: (event: BusEvent) => boolean): void;
  /** Stops listening; iteration ends. */
  close(): void;
}

/**
 * Listens on one or more channels from the moment it is called and hands events out in arrival
 * order. Ends when the signal aborts or close() is called.
 */
export function listen(bus: EventBus, channel: string | string[], signal: AbortSignal | undefined): Listener {
  const queue: BusEvent[] = [];
  let wake: (() => void) | undefined;
  const push = (event: BusEvent) => {
    queue.push(event);
    wake?.();
  };
  const unsubscribes = (typeof channel === "string" ? [channel] : channel).map((name) => bus.subscribe(name, push));
  // Unsubscribe on abort even if nobody ever iterates, so a dropped subscription never leaks.
  const close = () => {
    for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    signal?.removeEventListener("abort", close);
    wake?.();
  };
  signal?.addEventListener("abort", close);
  return {
    close,
    drop(which) {
      for (let i = queue.length - 1; i >= 0; i--) if (which(queue[i]!)) queue.splice(i, 1);
    },
    async *[Symbol.asyncIterator]() {
      try {
        while (!signal?.aborted && unsubscribes.length > 0) {
          const event = queue.shift();
          if (event) {
            yield event;
            continue;
          }
          await new Promise<void>((resolve) => (wake = resolve));
          wake = undefined;
        }
      } finally {
        close();
      }
    },
  };
}
