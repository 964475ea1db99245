import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import { channels, type EventBus } from "./event-bus";
import { createRedisPresenceStore, type PresenceStore } from "./presence-redis";

/**
 * Who is online: a user with at least one connected socket (a tab of the app), on any process.
 *
 * Without Redis, this process's sockets are the truth. With Redis, every process keeps an entry
 * per user it holds, expiring TTL after its last heartbeat, and a sweeper in every process
 * removes the entries of processes that stopped beating (killed): their users go offline, with
 * User.lastSeenAt set to when that process was last heard of. Whenever a user's presence may
 * have changed, `presence-changed` goes out on channels.presence(userId): listeners read the
 * state again, so the order in which such announcements arrive never matters.
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

/** How quickly a killed process's users go offline: at most ttlMs + sweepMs after its last heartbeat. */
export interface PresenceTiming {
  /** How often this process refreshes its entries in Redis. */
  heartbeatMs: number;
  /** How long an entry lives without a heartbeat. */
  ttlMs: number;
  /** How often this process looks for expired entries. */
  sweepMs: number;
}

/** A killed process's users are offline 40–45 s after its last heartbeat: within a minute of the kill. */
export const DEFAULT_PRESENCE_TIMING: PresenceTiming = { heartbeatMs: 10_000, ttlMs: 40_000, sweepMs: 5_000 };

export interface PresenceOptions {
  prisma: PrismaClient;
  bus: EventBus;
  /** Counted across processes through Redis (heartbeats with a TTL) when set; this process only otherwise. */
  redisUrl?: string;
  log?: (message: string, error?: unknown) => void;
  /** Every process of one deployment must use the same timing (the sweeper dates a dead entry by its TTL). */
  timing?: Partial<PresenceTiming>;
  /** Names this process's entries in Redis; a fresh id by default. */
  processId?: string;
  /** Where the entries live in Redis; default "glow:presence:". Tests use their own. */
  keyPrefix?: string;
}

export function createPresence(options: PresenceOptions): Presence {
  const { prisma, bus } = options;
  const log = options.log ?? (() => {});
  const timing = { ...DEFAULT_PRESENCE_TIMING, ...options.timing };
  if (timing.ttlMs < 2 * timing.heartbeatMs) {
    throw new Error(`Presence: ttlMs (${timing.ttlMs}) must be at least twice heartbeatMs (${timing.heartbeatMs}), or live users flicker offline.`);
  }
  const store: PresenceStore | null = options.redisUrl
    ? createRedisPresenceStore({
        url: options.redisUrl,
        keyPrefix: options.keyPrefix ?? "glow:presence:",
        processId: options.processId ?? randomUUID(),
        ttlMs: timing.ttlMs,
      })
    : null;

  /** This process's open sockets, and those of them whose tab is focused, per user. */
  const sockets = new Map<string, Set<string>>();
  const focused = new Map<string, Set<string>>();
  /** Work under way (Redis, the database): close() waits for it. */
  const pending = new Set<Promise<void>>();
  let closed = false;

  // Redis away: this process goes on with what it knows itself, and says so once per outage.
  let degraded = false;
  const redisFailed = (error: unknown) => {
    if (!degraded) log("Presence: Redis is not answering; using this process's sockets only until it is back", error);
    degraded = true;
  };
  const redisAnswered = () => {
    if (degraded) log("Presence: Redis is back");
    degraded = false;
  };

  const run = (work: () => Promise<void>) => {
    const done: Promise<void> = work()
      .catch((error: unknown) => log("Presence: an update failed", error))
      .finally(() => pending.delete(done));
    pending.add(done);
  };
  const announce = (userId: string) => bus.publish(channels.presence(userId), { type: "presence-changed", userId });
  /** Never moves lastSeenAt back: two sweepers, or a sweeper and a close, may both date one departure. */
  const wentOffline = async (userId: string, at: Date) => {
    await prisma.user.updateMany({ where: { id: userId, OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: at } }] }, data: { lastSeenAt: at } });
    announce(userId);
  };

  /** The user's first socket here: this process's entry in Redis, then the announcement. */
  const arrive = (userId: string) => {
    // Issued now, in call order on one connection: a quick close-and-reopen cannot land out of order.
    const added = store?.arrive(userId).then(redisAnswered, redisFailed);
    run(async () => {
      await added;
      announce(userId);
    });
  };
  /** The user's last socket here closed: offline, unless another process still holds them. */
  const depart = (userId: string) => {
    const left = store?.depart(userId).then(
      (liveElsewhere) => (redisAnswered(), liveElsewhere),
      (error: unknown) => (redisFailed(error), 0),
    );
    run(async () => {
      if (((await left) ?? 0) > 0) return;
      await wentOffline(userId, new Date());
    });
  };

  /** Whether another process knows of it (Redis says); with Redis away or absent, nobody but this process does. */
  const elsewhere = async (ask: (redis: PresenceStore) => Promise<boolean>): Promise<boolean> => {
    if (!store) return false;
    return ask(store).then(
      (answer) => (redisAnswered(), answer),
      (error: unknown) => (redisFailed(error), false),
    );
  };

  const heartbeat = async () => {
    if (!store || sockets.size === 0) return;
    const held = [...sockets.keys()].map((userId) => ({ userId, focused: [...(focused.get(userId) ?? [])] }));
    try {
      for (const userId of await store.refresh(held)) {
        // An entry Redis had lost (restarted empty, or swept while this process stalled) is back: say so.
        if (sockets.has(userId)) announce(userId);
        // Or the user left while the refresh was on its way, and it put their entry back: take it out.
        else depart(userId);
      }
      redisAnswered();
    } catch (error) {
      redisFailed(error);
    }
  };
  const sweep = async () => {
    if (!store) return;
    try {
      const gone = await store.sweep();
      redisAnswered();
      for (const { userId, lastHeardAt } of gone) {
        // Our own entry, swept because this process stalled past the TTL: the user is still here.
        if (sockets.has(userId)) arrive(userId);
        else run(() => wentOffline(userId, lastHeardAt));
      }
    } catch (error) {
      redisFailed(error);
    }
  };
  const timers = store
    ? [setInterval(() => run(heartbeat), timing.heartbeatMs), setInterval(() => run(sweep), timing.sweepMs)]
    : [];
  for (const timer of timers) timer.unref();
  // Connected (again): whatever this process holds goes back into Redis at once.
  store?.onReady(() => run(heartbeat));

  return {
    connect(userId, connectionId) {
      if (closed) return;
      const set = sockets.get(userId);
      if (set) return void set.add(connectionId);
      sockets.set(userId, new Set([connectionId]));
      arrive(userId);
    },
    disconnect(userId, connectionId) {
      const set = sockets.get(userId);
      if (!set?.delete(connectionId)) return;
      if (focused.get(userId)?.has(connectionId)) setFocus(userId, connectionId, false);
      if (set.size > 0) return;
      sockets.delete(userId);
      depart(userId);
    },
    setFocused(userId, connectionId, isFocused) {
      // Only a socket that is open here has a tab to focus.
      if (!sockets.get(userId)?.has(connectionId)) return;
      if (isFocused === (focused.get(userId)?.has(connectionId) ?? false)) return;
      setFocus(userId, connectionId, isFocused);
    },
    isOnline: async (userId) => sockets.has(userId) || (await elsewhere((redis) => redis.isOnline(userId))),
    hasFocusedTab: async (userId) => focused.has(userId) || (await elsewhere((redis) => redis.hasFocusedTab(userId))),
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearInterval(timer);
      for (const [userId, connections] of focused) for (const connectionId of connections) setFocus(userId, connectionId, false);
      // Graceful stop: this process's users go offline now (unless another process holds them).
      for (const userId of [...sockets.keys()]) {
        sockets.delete(userId);
        depart(userId);
      }
      while (pending.size > 0) await Promise.all(pending);
      await store?.close();
    },
  };

  function setFocus(userId: string, connectionId: string, isFocused: boolean) {
    const set = focused.get(userId);
    if (isFocused) {
      if (set) set.add(connectionId);
      else focused.set(userId, new Set([connectionId]));
    } else {
      set?.delete(connectionId);
      if (set?.size === 0) focused.delete(userId);
    }
    if (store) {
      const change = store.setFocus(userId, connectionId, isFocused).then(redisAnswered, redisFailed);
      run(() => change);
    }
  }
}
