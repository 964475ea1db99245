import { randomUUID } from "node:crypto";
import superjson from "superjson";
import { afterAll, describe, expect, it, vi } from "vitest";
import { TEST_REDIS_URL } from "@tests/support/limits";
import { waitFor } from "@tests/support/wait";
import type { BusEvent, ChatEvent } from "./event-bus";
import { createRedisEventBus } from "./redis-event-bus";

/** Two app processes on one Redis: events published "here" are heard "there". */
const here = createRedisEventBus(TEST_REDIS_URL);
const there = createRedisEventBus(TEST_REDIS_URL);
afterAll(async () => {
  await here.close();
  await there.close();
});

/** Channels of this test only, each subscribed "there" and heard once Redis routes it. */
async function listening(count: number) {
  const heard = new Map<string, BusEvent[]>();
  const names = Array.from({ length: count }, () => `test:${randomUUID()}`);
  for (const name of names) {
    heard.set(name, []);
    there.subscribe(name, (event) => heard.get(name)!.push(event));
  }
  // A subscription reaches Redis on its own connection: publish until each channel is heard.
  await waitFor(() => {
    if (!here.isConnected()) return undefined;
    const deaf = names.filter((name) => heard.get(name)!.length === 0);
    for (const name of deaf) here.publish(name, { type: "keywords-changed" });
    return deaf.length === 0;
  }, "the test channels to be heard through Redis", { timeoutMs: 10_000 });
  for (const events of heard.values()) events.length = 0;
  return { names, heard };
}

describe("the Redis event bus", () => {
  it("serialises an event once however many channels it goes to, and every channel hears it", async () => {
    const { names, heard } = await listening(3);
    const stringify = vi.spyOn(superjson, "stringify");
    const event: ChatEvent = { type: "read", conversationId: "c1", userId: "u1", seq: 7, readAt: new Date("2026-01-02T03:04:05Z") };
    for (const name of names) here.publish(name, event);
    expect(stringify).toHaveBeenCalledTimes(1);
    stringify.mockRestore();
    await waitFor(() => names.every((name) => heard.get(name)!.length === 1), "the event on every channel", { timeoutMs: 10_000 });
    for (const name of names) expect(heard.get(name)).toEqual([event]);
  });

  it("gives each event its own payload: two events published in one tick are not confused", async () => {
    const { names, heard } = await listening(2);
    here.publish(names[0]!, { type: "inbox", conversationId: "first" });
    here.publish(names[1]!, { type: "inbox", conversationId: "second" });
    await waitFor(() => names.every((name) => heard.get(name)!.length === 1), "one event on each channel", { timeoutMs: 10_000 });
    expect(heard.get(names[0]!)).toEqual([{ type: "inbox", conversationId: "first" }]);
    expect(heard.get(names[1]!)).toEqual([{ type: "inbox", conversationId: "second" }]);
  });
});

describe("counting for the metrics", () => {
  it("counts each event it could not publish (Redis unreachable)", async () => {
    let failed = 0;
    const unreachable = createRedisEventBus("redis://127.0.0.1:1", () => {}, { publishFailed: () => (failed += 1), resynced: () => {} });
    try {
      unreachable.publish("test:nowhere", { type: "keywords-changed" });
      unreachable.publish("test:nowhere", { type: "keywords-changed" });
      expect(failed).toBe(2);
    } finally {
      await unreachable.close();
    }
  });
});
