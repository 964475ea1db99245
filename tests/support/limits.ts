/**
 * Limits for tests, benchmarks and e2e runs, which make many users and messages from one address:
 * generous ones that nothing reaches by accident, and small ones for the tests that prove a limit,
 * each counted under a key prefix of its own so that runs sharing one Redis never count each other.
 * Free of test-runner imports, so the launchers and the bench can use it too.
 */
import { randomUUID } from "node:crypto";
import { createLimits, type Limits, type LimitsConfig } from "@/server/limits";

const PLENTY = 1_000_000_000;

export const GENEROUS_LIMITS: LimitsConfig = {
  sendBurst: PLENTY,
  sendPerSecond: PLENTY,
  registerPerHour: PLENTY,
  signInFailuresPer15Min: PLENTY,
  uploadsPerHour: PLENTY,
  maxBatchSize: PLENTY,
  maxSubscriptionsPerSocket: PLENTY,
  maxSocketsPerUser: PLENTY,
};

/** The same, as the environment of an app process (src/env.ts). */
export const GENEROUS_LIMITS_ENV: Record<string, string> = {
  SEND_LIMIT_BURST: String(PLENTY),
  SEND_LIMIT_PER_SECOND: String(PLENTY),
  REGISTER_LIMIT_PER_HOUR: String(PLENTY),
  SIGN_IN_FAILURES_PER_15_MIN: String(PLENTY),
  UPLOAD_LIMIT_PER_HOUR: String(PLENTY),
  MAX_BATCH_SIZE: String(PLENTY),
  MAX_SUBSCRIPTIONS_PER_SOCKET: String(PLENTY),
  MAX_SOCKETS_PER_USER: String(PLENTY),
};

let generous: Limits | undefined;

/** Generous limits in memory, shared by every caller and test server of a test file. */
export function generousLimits(): Limits {
  generous ??= createLimits(GENEROUS_LIMITS);
  return generous;
}

/** The Redis the unit tests count in (a real one, shared; keys are prefixed per use). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** A key prefix nobody else uses, so a test's counts start at zero. */
export const uniqueKeyPrefix = (label = "test") => `glow-${label}-${randomUUID()}`;

/**
 * Generous limits except those given, counted in the shared test Redis under a fresh prefix (or
 * under `keyPrefix`, for two "processes" that must share one count). Close them after use.
 */
export async function limitsInRedis(overrides: Partial<LimitsConfig>, keyPrefix = uniqueKeyPrefix()): Promise<Limits> {
  const limits = createLimits({ ...GENEROUS_LIMITS, ...overrides }, { redisUrl: TEST_REDIS_URL, keyPrefix });
  await limits.connected();
  return limits;
}
