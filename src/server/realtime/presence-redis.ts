import { connectRedis } from "@/server/redis/connect-redis";

/**
 * The part of presence that lives in Redis, shared by every process (presence.ts decides when to
 * call what). Keys, under the prefix:
 *
 * - `user:<userId>`: a sorted set of the processes holding a socket of the user, each scored with
 *   the time its entry expires (refreshed by that process's heartbeat);
 * - `expiries`: the same entries, as `<userId>|<processId>`, for the sweeper to find the expired;
 * - `focus:<userId>`: the user's focused tabs (connection ids), scored the same way.
 *
 * Every script reads the clock of Redis (TIME), so processes on hosts whose clocks disagree still
 * agree on what has expired. A sweep is one script: it removes each expired entry exactly once,
 * whichever processes sweep at the same moment, and says which users that left with no entry.
 * Standalone Redis, like the rest of the app (the sweep names keys it finds as it goes).
 */
export interface PresenceStore {
  /** This process holds a socket of the user. */
  arrive(userId: string): Promise<void>;
  /** This process holds no socket of the user any more; resolves with how many other processes still do. */
  depart(userId: string): Promise<number>;
  /** Refreshes this process's entries; resolves with the users whose entry Redis no longer had. */
  refresh(held: { userId: string; focused: string[] }[]): Promise<string[]>;
  /** Removes expired entries; the users left with none anywhere, dated by their last heartbeat. */
  sweep(): Promise<{ userId: string; lastHeardAt: Date }[]>;
  isOnline(userId: string): Promise<boolean>;
  setFocus(userId: string, connectionId: string, focused: boolean): Promise<void>;
  hasFocusedTab(userId: string): Promise<boolean>;
  /** Called on every (re)connection to Redis. */
  onReady(listener: () => void): void;
  close(): Promise<void>;
}

const NOW_MS = `local t = redis.call('TIME') local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** Extends a key's life to at least ttl ms (never shortens what a later-expiring entry needs). */
const KEEP = `local function keep(key, ttl) if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end end`;

/**
 * KEYS: user set, expiries, focus set. ARGV: processId, userId, ttl ms, then the focused connection
 * ids to refresh. Returns 1 when the user's entry for this process was not there (new, or lost).
 */
const REFRESH = `${NOW_MS} ${KEEP}
local ttl = tonumber(ARGV[3])
local expires = now + ttl
local added = redis.call('ZADD', KEYS[1], expires, ARGV[1])
redis.call('ZADD', KEYS[2], expires, ARGV[2] .. '|' .. ARGV[1])
keep(KEYS[1], ttl)
if #ARGV > 3 then
  for i = 4, #ARGV do redis.call('ZADD', KEYS[3], expires, ARGV[i]) end
  keep(KEYS[3], ttl)
end
return added`;

/** KEYS: user set, expiries. ARGV: processId, userId. Returns the live entries left (other processes). */
const DEPART = `${NOW_MS}
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[2] .. '|' .. ARGV[1])
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')`;

/** KEYS: a user's set (processes or focused tabs). Returns how many entries are live. */
const COUNT_LIVE = `${NOW_MS}
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')`;

/** KEYS: focus set. ARGV: connection id, ttl ms, 1 (focused) or 0. */
const FOCUS = `${NOW_MS} ${KEEP}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
  keep(KEYS[1], tonumber(ARGV[2]))
else
  redis.call('ZREM', KEYS[1], ARGV[1])
end
return 1`;

/**
 * KEYS: expiries. ARGV: key prefix, how many at most. Removes expired entries (from expiries and
 * from their user's set); returns how many it removed, then, flat, the userId and expiry of each
 * user left with no live entry.
 */
const SWEEP = `${NOW_MS}
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
local gone = { #expired / 2 }
for i = 1, #expired, 2 do
  local entry = expired[i]
  redis.call('ZREM', KEYS[1], entry)
  local bar = string.find(entry, '|', 1, true)
  local userId = string.sub(entry, 1, bar - 1)
  local processId = string.sub(entry, bar + 1)
  local userKey = ARGV[1] .. 'user:' .. userId
  local score = redis.call('ZSCORE', userKey, processId)
  if score and tonumber(score) <= now then redis.call('ZREM', userKey, processId) end
  if redis.call('ZCOUNT', userKey, '(' .. now, '+inf') == 0 then
    table.insert(gone, userId)
    table.insert(gone, expired[i + 1])
  end
end
return gone`;

/** Expired entries a sweep handles at most per script run (it runs again while it finds that many). */
const SWEEP_BATCH = 200;

type Script = (...args: (string | number)[]) => Promise<unknown>;
interface Scripts {
  glowPresenceRefresh: Script;
  glowPresenceDepart: Script;
  glowPresenceCountLive: Script;
  glowPresenceFocus: Script;
  glowPresenceSweep: Script;
}

export function createRedisPresenceStore(options: { url: string; keyPrefix: string; processId: string; ttlMs: number }): PresenceStore {
  const { keyPrefix, processId, ttlMs } = options;
  const redis = connectRedis(options.url, {
    // Never wait for a reconnect: presence falls back to this process's sockets meanwhile.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    retryStrategy: (times: number) => Math.min(2000, 100 * times),
  });
  redis.on("error", () => {}); // presence.ts says when a call fails; the event bus reports Redis on /api/health
  // The first connection is worth a short wait (the sockets of a process that just started are
  // not "Redis down"); after it, a call fails at once while Redis is away.
  const started = new Promise<void>((resolve) => {
    redis.once("ready", resolve);
    setTimeout(resolve, 2000).unref();
  });
  redis.defineCommand("glowPresenceRefresh", { numberOfKeys: 3, lua: REFRESH });
  redis.defineCommand("glowPresenceDepart", { numberOfKeys: 2, lua: DEPART });
  redis.defineCommand("glowPresenceCountLive", { numberOfKeys: 1, lua: COUNT_LIVE });
  redis.defineCommand("glowPresenceFocus", { numberOfKeys: 1, lua: FOCUS });
  redis.defineCommand("glowPresenceSweep", { numberOfKeys: 1, lua: SWEEP });
  const scripts = redis as unknown as Scripts;

  const userKey = (userId: string) => `${keyPrefix}user:${userId}`;
  const focusKey = (userId: string) => `${keyPrefix}focus:${userId}`;
  const expiries = `${keyPrefix}expiries`;
  const refreshArgs = (userId: string, focused: string[] = []) =>
    [userKey(userId), expiries, focusKey(userId), processId, userId, ttlMs, ...focused] as const;

  return {
    async arrive(userId) {
      await started;
      await scripts.glowPresenceRefresh(...refreshArgs(userId));
    },
    async depart(userId) {
      await started;
      return Number(await scripts.glowPresenceDepart(userKey(userId), expiries, processId, userId));
    },
    async refresh(held) {
      if (held.length === 0) return [];
      await started;
      // One round trip for all the users this process holds.
      const pipeline = redis.pipeline() as unknown as Scripts & { exec(): Promise<[Error | null, unknown][] | null> };
      for (const { userId, focused } of held) void pipeline.glowPresenceRefresh(...refreshArgs(userId, focused));
      const results = (await pipeline.exec()) ?? [];
      const lost: string[] = [];
      results.forEach(([error, added], i) => {
        if (error) throw error;
        if (Number(added) === 1) lost.push(held[i]!.userId);
      });
      return lost;
    },
    async sweep() {
      await started;
      const gone: { userId: string; lastHeardAt: Date }[] = [];
      for (;;) {
        const [removed, ...flat] = (await scripts.glowPresenceSweep(expiries, keyPrefix, SWEEP_BATCH)) as [number, ...string[]];
        for (let i = 0; i < flat.length; i += 2) {
          // The entry expired ttl after the dead process's last heartbeat.
          gone.push({ userId: flat[i]!, lastHeardAt: new Date(Number(flat[i + 1]) - ttlMs) });
        }
        // A full batch may mean more: a whole process's users expire together.
        if (removed < SWEEP_BATCH) return gone;
      }
    },
    async isOnline(userId) {
      await started;
      return Number(await scripts.glowPresenceCountLive(userKey(userId))) > 0;
    },
    async setFocus(userId, connectionId, focused) {
      await started;
      await scripts.glowPresenceFocus(focusKey(userId), connectionId, ttlMs, focused ? 1 : 0);
    },
    async hasFocusedTab(userId) {
      await started;
      return Number(await scripts.glowPresenceCountLive(focusKey(userId))) > 0;
    },
    onReady(listener) {
      redis.on("ready", listener);
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
