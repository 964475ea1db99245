import type { PrismaClient } from "@/generated/prisma/client";
import type { EventBus } from "./event-bus";

/**
 * Who is online: a user with at least one connected socket (a tab of the app), on any process.
 * PLACEHOLDER: the interface is settled; the implementation is being written.
 */
export interface Presence {
  /** A socket of this user opened on this process. */
  connect(userId: string, connectionId: string): void;
  /** That socket closed. The user's last socket anywhere closing sets User.lastSeenAt and announces it. */
  disconnect(userId: string, connectionId: string): void;
  /** The tab behind that socket gained or lost focus (visible and focused). */
  setFocused(userId: string, connectionId: string, focused: boolean): void;
  isOnline(userId: string): Promise<boolean>;
  /** Whether any tab of the user, on any process, is focused now: then no push is sent. */
  hasFocusedTab(userId: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface PresenceOptions {
  prisma: PrismaClient;
  bus: EventBus;
  /** Counted across processes through Redis (heartbeats with a TTL) when set; this process only otherwise. */
  redisUrl?: string;
  log?: (message: string, error?: unknown) => void;
}

export function createPresence(options: PresenceOptions): Presence {
  void options;
  const online = new Map<string, Set<string>>();
  const focused = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, userId: string, id: string) => {
    let set = map.get(userId);
    if (!set) map.set(userId, (set = new Set()));
    set.add(id);
  };
  const remove = (map: Map<string, Set<string>>, userId: string, id: string) => {
    map.get(userId)?.delete(id);
    if (map.get(userId)?.size === 0) map.delete(userId);
  };
  return {
    connect: (userId, connectionId) => add(online, userId, connectionId),
    disconnect: (userId, connectionId) => {
      remove(online, userId, connectionId);
      remove(focused, userId, connectionId);
    },
    setFocused: (userId, connectionId, isFocused) =>
      isFocused ? add(focused, userId, connectionId) : remove(focused, userId, connectionId),
    isOnline: async (userId) => online.has(userId),
    hasFocusedTab: async (userId) => focused.has(userId),
    close: async () => {},
  };
}
