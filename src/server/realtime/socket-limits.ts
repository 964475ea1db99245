import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * The WebSocket's limits: open sockets per user (in every process together) and subscriptions
 * per socket.
 *
 * Sockets per user are counted in a Redis sorted set per user: one member per open socket, scored
 * with the time it expires. Admission (drop the expired, count, add) is one Lua script, so two
 * processes admitting at once cannot both take the last place; closing a socket removes its
 * member; and every process refreshes its own members on a heartbeat. A process that is killed
 * stops refreshing, so its sockets stop counting SOCKET_TTL_MS later: nothing leaks for ever.
 * rate-limiter-flexible is made for rates, not for things that stay open: used as a counter
 * (consume on open, reward on close) its key must expire for a killed process's points to go,
 * and expiring it forgets the sockets that are still open (or, refreshed by them, it never
 * expires and keeps the dead process's points). A member per socket has neither problem.
 */

/** How long a socket counts without a heartbeat from its process (refreshed every third of it). */
export const SOCKET_TTL_MS = 30_000;

export type SocketAdmission = { admitted: true; release: () => void } | { admitted: false; message: string };

export interface SocketLimits {
  /** Counts a new socket of the user, or refuses it when they already have the most allowed open. */
  admit(userId: string): Promise<SocketAdmission>;
  /** Sockets this process counts (all users). */
  localCount(): number;
  close(): Promise<void>;
}

const NOW_MS = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS[1] the user's set; ARGV: member, ttl ms, max. Returns 1 when admitted. */
const ADMIT = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** KEYS[1] the user's set; ARGV: ttl ms, then this process's members (re-added if Redis lost them). */
const REFRESH = `${NOW_MS}
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

/** A release that counts once, however often the socket or the stream reports its end. */
function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}

type ScriptCall = (key: string, ...args: (string | number)[]) => Promise<number>;

const tooMany = (max: number) =>
  `You have ${max} connections open, the most one account may have. Close a tab or window you no longer use and try again.`;

export function createSocketLimits(options: {
  redis: Redis | null;
  keyPrefix: string;
  maxPerUser: number;
  /** Default SOCKET_TTL_MS; tests shorten it. */
  ttlMs?: number;
  log?: (message: string, error?: unknown) => void;
}): SocketLimits {
  const { redis, maxPerUser } = options;
  if (!redis) return memorySocketLimits(maxPerUser);
  return redisSocketLimits(redis, { ...options, ttlMs: options.ttlMs ?? SOCKET_TTL_MS, log: options.log ?? (() => {}) });
}

function memorySocketLimits(maxPerUser: number): SocketLimits {
  const open = new Map<string, number>();
  return {
    async admit(userId) {
      const count = open.get(userId) ?? 0;
      if (count >= maxPerUser) return { admitted: false, message: tooMany(maxPerUser) };
      open.set(userId, count + 1);
      return {
        admitted: true,
        release: once(() => {
          const left = (open.get(userId) ?? 1) - 1;
          if (left > 0) open.set(userId, left);
          else open.delete(userId);
        }),
      };
    },
    localCount: () => [...open.values()].reduce((a, b) => a + b, 0),
    close: async () => open.clear(),
  };
}

function redisSocketLimits(
  redis: Redis,
  { keyPrefix, maxPerUser, ttlMs, log }: { keyPrefix: string; maxPerUser: number; ttlMs: number; log: (message: string, error?: unknown) => void },
): SocketLimits {
  redis.defineCommand("glowAdmitSocket", { numberOfKeys: 1, lua: ADMIT });
  redis.defineCommand("glowRefreshSockets", { numberOfKeys: 1, lua: REFRESH });
  const scripts = redis as unknown as { glowAdmitSocket: ScriptCall; glowRefreshSockets: ScriptCall };
  const processId = randomUUID();
  let sequence = 0;
  /** This process's members, per user: what the heartbeat refreshes. */
  const local = new Map<string, Set<string>>();
  const keyOf = (userId: string) => `${keyPrefix}:sockets:${userId}`;
  let warned = false;
  const redisFailed = (error: unknown) => {
    if (!warned) log("Socket limits: Redis is not answering; admitting sockets until it is back", error);
    warned = true;
  };

  const localCount = () => [...local.values()].reduce((a, set) => a + set.size, 0);

  const heartbeat = setInterval(() => {
    for (const [userId, members] of local) {
      scripts.glowRefreshSockets(keyOf(userId), ttlMs, ...members).then(() => (warned = false), redisFailed);
    }
  }, ttlMs / 3);
  heartbeat.unref();

  return {
    async admit(userId) {
      const member = `${processId}:${++sequence}`;
      try {
        const admitted = await scripts.glowAdmitSocket(keyOf(userId), member, ttlMs, maxPerUser);
        if (admitted !== 1) return { admitted: false, message: tooMany(maxPerUser) };
      } catch (error) {
        // Redis away: refusing everyone would take the app down with it. The socket is counted
        // here, and the heartbeat adds it to Redis once it is back.
        redisFailed(error);
      }
      const members = local.get(userId) ?? new Set<string>();
      members.add(member);
      local.set(userId, members);
      return {
        admitted: true,
        release: once(() => {
          members.delete(member);
          if (members.size === 0) local.delete(userId);
          // If this fails, the member is no longer refreshed and stops counting after the TTL.
          redis.zrem(keyOf(userId), member).catch(() => {});
        }),
      };
    },
    localCount,
    async close() {
      clearInterval(heartbeat);
      const removals = [...local].map(([userId, members]) => redis.zrem(keyOf(userId), ...members).catch(() => 0));
      local.clear();
      await Promise.all(removals);
    },
  };
}

/** Subscriptions open on one socket: a slot is taken when one starts and given back when it ends. */
export interface SubscriptionSlots {
  /** Takes a slot (returns its release); null when the socket already has the most allowed. */
  take(): (() => void) | null;
}

export function createSubscriptionSlots(max: number): SubscriptionSlots {
  let open = 0;
  return {
    take() {
      if (open >= max) return null;
      open += 1;
      return once(() => (open -= 1));
    },
  };
}

export const tooManySubscriptions = (max: number) =>
  `This connection already follows ${max} live updates, the most it may. Reload the page to start afresh.`;
