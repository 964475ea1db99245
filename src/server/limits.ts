import type { Redis } from "ioredis";
import {
  BurstyRateLimiter,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import type { Env } from "@/env";
import { connectRedis } from "@/server/redis/connect-redis";
import { createSocketLimits, type SocketLimits } from "@/server/realtime/socket-limits";
import { RateLimitedError } from "@/server/services/errors";

/**
 * The fair limits (README, "Security model"), built in one place from the environment, or from
 * whatever a test gives. Counted in Redis when there is one, so every process shares one count,
 * and in this process otherwise.
 */
export interface LimitsConfig {
  /** message.send per user: this many at once… */
  sendBurst: number;
  /** …then this many per second. */
  sendPerSecond: number;
  /** auth.register per client IP per hour. */
  registerPerHour: number;
  /** Failed sign-ins per account per 15 minutes. */
  signInFailuresPer15Min: number;
  /** Photo uploads per user per hour. */
  uploadsPerHour: number;
  /** Calls in one tRPC HTTP batch. */
  maxBatchSize: number;
  maxSubscriptionsPerSocket: number;
  /** Open WebSockets per user, in every process together. */
  maxSocketsPerUser: number;
}

export function limitsConfigFromEnv(env: Env): LimitsConfig {
  return {
    sendBurst: env.SEND_LIMIT_BURST,
    sendPerSecond: env.SEND_LIMIT_PER_SECOND,
    registerPerHour: env.REGISTER_LIMIT_PER_HOUR,
    signInFailuresPer15Min: env.SIGN_IN_FAILURES_PER_15_MIN,
    uploadsPerHour: env.UPLOAD_LIMIT_PER_HOUR,
    maxBatchSize: env.MAX_BATCH_SIZE,
    maxSubscriptionsPerSocket: env.MAX_SUBSCRIPTIONS_PER_SOCKET,
    maxSocketsPerUser: env.MAX_SOCKETS_PER_USER,
  };
}

/** Attempts counted per key (a user, an IP, an account) over a window. */
export interface Quota {
  /** Counts one attempt; throws RateLimitedError, with the time to wait, when the key is over. */
  take(key: string): Promise<void>;
  /** Gives one attempt back (a sign-in that turned out right was not a failure). */
  giveBack(key: string): Promise<void>;
}

export interface Limits {
  config: LimitsConfig;
  /** Where the counts live: "redis" (every process) or "memory" (this process). */
  store: "redis" | "memory";
  send: Quota;
  register: Quota;
  signInFailures: Quota;
  uploads: Quota;
  sockets: SocketLimits;
  /** Resolves once the counts are shared (Redis connected); at once in memory. For tests. */
  connected(): Promise<void>;
  close(): Promise<void>;
}

export interface LimitsOptions {
  /** Count in this Redis (every process); unset = in this process. */
  redisUrl?: string;
  /** Prepended to every key, so tests sharing one Redis do not count each other. Default "glow". */
  keyPrefix?: string;
  log?: (message: string, error?: unknown) => void;
}

/** "in 1 second", "in 12 minutes", "in 2 hours": the wait, rounded up, as a person says it. */
export function inWords(ms: number): string {
  const unit = (n: number, word: string) => `in ${n} ${word}${n === 1 ? "" : "s"}`;
  if (ms <= 60_000) return unit(Math.max(1, Math.ceil(ms / 1000)), "second");
  if (ms <= 90 * 60_000) return unit(Math.ceil(ms / 60_000), "minute");
  return unit(Math.ceil(ms / 3_600_000), "hour");
}

interface Window {
  name: string;
  points: number;
  seconds: number;
  /**
   * Once a key is over, refuse it from memory until its window ends, without asking Redis: a
   * flood costs one round trip per window, not one per call. Off where points are given back.
   */
  blockInMemory: boolean;
}

type LimiterFactory = (window: Window) => RateLimiterAbstract;

function memoryLimiters(prefix: string): LimiterFactory {
  return ({ name, points, seconds }) => new RateLimiterMemory({ keyPrefix: `${prefix}:${name}`, points, duration: seconds });
}

function redisLimiters(redis: Redis, prefix: string): LimiterFactory {
  return ({ name, points, seconds, blockInMemory }) =>
    new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:${name}`,
      points,
      duration: seconds,
      inMemoryBlockOnConsumed: blockInMemory ? points + 1 : undefined,
      // Redis away: each process counts on its own until it is back, rather than refusing
      // everyone or letting everything through.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${prefix}:${name}`, points, duration: seconds }),
    });
}

function quota(limiter: RateLimiterAbstract | BurstyRateLimiter, sentence: (wait: string) => string, giveBack?: RateLimiterAbstract): Quota {
  return {
    async take(key) {
      try {
        await limiter.consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const retryAfterMs = Math.max(1, Math.ceil(rejection.msBeforeNext));
        throw new RateLimitedError(sentence(inWords(retryAfterMs)), retryAfterMs);
      }
    },
    async giveBack(key) {
      await giveBack?.reward(key);
    },
  };
}

/**
 * message.send: `sendBurst` at once, then `sendPerSecond`. The steady limiter allows
 * sendPerSecond in each second; when it is spent, the burst limiter lends up to
 * sendBurst - sendPerSecond more, and is refilled a minute after it was first drawn on. So 20
 * can go at once, a steady sender gets 5 a second, and a flood gets at most 15 extra a minute.
 */
function sendQuota(make: LimiterFactory, config: LimitsConfig): Quota {
  const steady = make({ name: "send", points: config.sendPerSecond, seconds: 1, blockInMemory: true });
  const extra = config.sendBurst - config.sendPerSecond;
  const limiter = extra > 0 ? new BurstyRateLimiter(steady, make({ name: "send-burst", points: extra, seconds: 60, blockInMemory: true })) : steady;
  return quota(limiter, (wait) => `You are sending messages faster than we can take them. Try again ${wait}.`);
}

export function createLimits(config: LimitsConfig, options: LimitsOptions = {}): Limits {
  const prefix = `${options.keyPrefix ?? "glow"}:limit`;
  const log = options.log ?? (() => {});
  const redis = options.redisUrl
    ? connectRedis(options.redisUrl, {
        // A call never waits for a reconnect: it is counted in memory meanwhile (see above).
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        retryStrategy: (times: number) => Math.min(2000, 100 * times),
      })
    : null;
  redis?.on("error", () => {}); // the event bus reports Redis on /api/health
  const make = redis ? redisLimiters(redis, prefix) : memoryLimiters(prefix);

  const signInFailures = make({ name: "sign-in-failures", points: config.signInFailuresPer15Min, seconds: 15 * 60, blockInMemory: false });
  const sockets = createSocketLimits({ redis, keyPrefix: prefix, maxPerUser: config.maxSocketsPerUser, log });

  return {
    config,
    store: redis ? "redis" : "memory",
    send: sendQuota(make, config),
    register: quota(
      make({ name: "register", points: config.registerPerHour, seconds: 3600, blockInMemory: true }),
      (wait) => `Too many accounts have been created from your network in the last hour. Try again ${wait}.`,
    ),
    signInFailures: quota(
      signInFailures,
      (wait) => `Too many failed sign-ins for this account. Try again ${wait}.`,
      signInFailures,
    ),
    uploads: quota(
      make({ name: "uploads", points: config.uploadsPerHour, seconds: 3600, blockInMemory: true }),
      (wait) => `You have uploaded a lot of photos in the last hour. Try again ${wait}.`,
    ),
    sockets,
    connected: () =>
      !redis || redis.status === "ready" ? Promise.resolve() : new Promise((resolve) => redis.once("ready", () => resolve())),
    async close() {
      await sockets.close();
      if (redis) await redis.quit().catch(() => redis.disconnect());
    },
  };
}
