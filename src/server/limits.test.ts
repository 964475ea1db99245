import { afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "@/env";
import { createLimits, inWords, limitsConfigFromEnv, type Limits, type Quota } from "@/server/limits";
import { RateLimitedError } from "@/server/services/errors";
import { GENEROUS_LIMITS, limitsInRedis, uniqueKeyPrefix } from "@tests/support/limits";
import { sleep } from "@tests/support/wait";

const opened: Limits[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((limits) => limits.close()));
});

async function inRedis(...args: Parameters<typeof limitsInRedis>) {
  const limits = await limitsInRedis(...args);
  opened.push(limits);
  return limits;
}

function inMemory(overrides: Partial<typeof GENEROUS_LIMITS>) {
  const limits = createLimits({ ...GENEROUS_LIMITS, ...overrides }, { keyPrefix: uniqueKeyPrefix() });
  opened.push(limits);
  return limits;
}

/** Takes `count` attempts at once; returns how many were allowed and the refusals. */
async function takeMany(quota: Quota, key: string, count: number) {
  const results = await Promise.allSettled(Array.from({ length: count }, () => quota.take(key)));
  const refusals = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
  for (const refusal of refusals) expect(refusal).toBeInstanceOf(RateLimitedError);
  return { allowed: count - refusals.length, refusals: refusals as RateLimitedError[] };
}

describe.each([
  ["in Redis (every process)", (o: Partial<typeof GENEROUS_LIMITS>) => inRedis(o)],
  ["in memory (this process)", async (o: Partial<typeof GENEROUS_LIMITS>) => inMemory(o)],
])("message.send counted %s", (_, make) => {
  it("allows a burst, then the steady rate each second, per user; a refusal says how long to wait", async () => {
    const limits = await make({ sendBurst: 6, sendPerSecond: 2 });
    const burst = await takeMany(limits.send, "alice", 10);
    expect(burst.allowed).toBe(6);
    const [refusal] = burst.refusals;
    expect(refusal!.code).toBe("TOO_MANY_REQUESTS");
    expect(refusal!.message).toMatch(/^You are sending messages faster than we can take them\. Try again in 1 second\.$/);
    expect(refusal!.retryAfterMs).toBeGreaterThan(0);
    expect(refusal!.retryAfterMs).toBeLessThanOrEqual(1000);

    // Someone else is not slowed down by Alice.
    expect((await takeMany(limits.send, "bob", 6)).allowed).toBe(6);

    // Waiting as long as asked is enough: the steady rate again, the burst is spent for the minute.
    await sleep(Math.max(...burst.refusals.map((r) => r.retryAfterMs)) + 50);
    expect((await takeMany(limits.send, "alice", 5)).allowed).toBe(2);
  });
});

describe("counted in Redis", () => {
  it("two processes with the same Redis share one count; another key prefix does not", async () => {
    const prefix = uniqueKeyPrefix();
    const [a, b, elsewhere] = await Promise.all([
      inRedis({ uploadsPerHour: 5 }, prefix),
      inRedis({ uploadsPerHour: 5 }, prefix),
      inRedis({ uploadsPerHour: 5 }),
    ]);
    const [onA, onB] = await Promise.all([takeMany(a.uploads, "carol", 8), takeMany(b.uploads, "carol", 8)]);
    expect(onA.allowed + onB.allowed).toBe(5);
    expect(onB.refusals[0]?.message ?? onA.refusals[0]?.message).toBe(
      "You have uploaded a lot of photos in the last hour. Try again in 60 minutes.",
    );
    expect((await takeMany(elsewhere.uploads, "carol", 5)).allowed).toBe(5);
  });

  it("with Redis unreachable, each process goes on counting on its own instead of failing calls", async () => {
    const limits = createLimits({ ...GENEROUS_LIMITS, registerPerHour: 3 }, { redisUrl: "redis://127.0.0.1:1", keyPrefix: uniqueKeyPrefix() });
    opened.push(limits);
    expect(limits.store).toBe("redis");
    const result = await takeMany(limits.register, "203.0.113.7", 5);
    expect(result.allowed).toBe(3);
    expect(result.refusals[0]!.message).toBe("Too many accounts have been created from your network in the last hour. Try again in 60 minutes.");
  });

  it("a point given back is counted no more (a sign-in that was right)", async () => {
    const limits = await inRedis({ signInFailuresPer15Min: 2 });
    await limits.signInFailures.take("dan@example.com");
    await limits.signInFailures.giveBack("dan@example.com");
    expect((await takeMany(limits.signInFailures, "dan@example.com", 4)).allowed).toBe(2);
  });
});

describe("the limits' configuration", () => {
  it("comes from the documented variables, with the documented defaults", () => {
    const secret = { NEXTAUTH_SECRET: "x".repeat(32) };
    expect(limitsConfigFromEnv(parseEnv(secret))).toEqual({
      sendBurst: 20,
      sendPerSecond: 5,
      registerPerHour: 20,
      signInFailuresPer15Min: 10,
      uploadsPerHour: 120,
      maxBatchSize: 10,
      maxSubscriptionsPerSocket: 100,
      maxSocketsPerUser: 20,
    });
    const set = parseEnv({
      ...secret,
      SEND_LIMIT_BURST: "3",
      SEND_LIMIT_PER_SECOND: "1",
      REGISTER_LIMIT_PER_HOUR: "4",
      SIGN_IN_FAILURES_PER_15_MIN: "5",
      UPLOAD_LIMIT_PER_HOUR: "6",
      MAX_BATCH_SIZE: "7",
      MAX_SUBSCRIPTIONS_PER_SOCKET: "8",
      MAX_SOCKETS_PER_USER: "9",
    });
    expect(Object.values(limitsConfigFromEnv(set))).toEqual([3, 1, 4, 5, 6, 7, 8, 9]);
  });

  it("waits are said as a person says them", () => {
    expect(inWords(1)).toBe("in 1 second");
    expect(inWords(1500)).toBe("in 2 seconds");
    expect(inWords(60_000)).toBe("in 60 seconds");
    expect(inWords(61_000)).toBe("in 2 minutes");
    expect(inWords(15 * 60_000)).toBe("in 15 minutes");
    expect(inWords(3 * 3_600_000)).toBe("in 3 hours");
  });
});
