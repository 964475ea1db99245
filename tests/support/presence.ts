/**
 * Presence for tests: trackers that count in the shared test Redis under a key prefix of their
 * own (two trackers with one prefix are two "processes" of one deployment), and a recorder of a
 * user's presence announcements. Free of test-runner imports, so child processes can use it too.
 */
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { PrismaClient } from "@/generated/prisma/client";
import { channels, type EventBus } from "@/server/realtime/event-bus";
import { createPresence, type Presence, type PresenceTiming } from "@/server/realtime/presence";
import { TEST_REDIS_URL } from "./limits";
import { Changes } from "./wait";

/** A prefix nobody else uses, so a test starts with no entries. */
export const presenceKeyPrefix = () => `glow-test-presence-${randomUUID()}:`;

/** Short enough that a test sees a killed tracker's users swept in a couple of seconds. */
export const QUICK_PRESENCE_TIMING: PresenceTiming = { heartbeatMs: 300, ttlMs: 1500, sweepMs: 300 };

export function redisPresence(
  prisma: PrismaClient,
  bus: EventBus,
  options: { keyPrefix: string; processId?: string; timing?: Partial<PresenceTiming>; redisUrl?: string; log?: (message: string, error?: unknown) => void },
): Presence {
  return createPresence({ prisma, bus, redisUrl: options.redisUrl ?? TEST_REDIS_URL, ...options });
}

/** Removes every key under the prefix from the test Redis. */
export async function deletePresenceKeys(keyPrefix: string, redisUrl = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${keyPrefix}*`, "COUNT", 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
}

/** Counts the presence-changed announcements of one user on a bus, from now on. */
export class PresenceAnnouncements {
  count = 0;
  private readonly changes = new Changes();
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus, readonly userId: string) {
    this.unsubscribe = bus.subscribe(channels.presence(userId), (event) => {
      if (event.type !== "presence-changed" || event.userId !== userId) return;
      this.count += 1;
      this.changes.notify();
    });
  }

  /** Waits until at least `count` announcements have been heard. */
  until(count: number, timeoutMs = 10_000): Promise<void> {
    return this.changes.until(() => this.count >= count, () => `${count} presence announcements of ${this.userId} (heard ${this.count})`, timeoutMs);
  }

  stop(): void {
    this.unsubscribe();
  }
}
