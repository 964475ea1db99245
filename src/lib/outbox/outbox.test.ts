import { TRPCClientError } from "@trpc/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Message } from "../trpc";
import type { OutboxEntry } from "./idb";
import { Outbox } from "./outbox";
import { stored } from "@tests/support/memory-outbox-store";

// The outbox's IndexedDB, in memory (Node has none); the rest of the outbox runs as in the browser.
vi.mock("./idb", () => import("@tests/support/memory-outbox-store"));

const answer = (httpStatus: number, code: string, message: string, extra: Record<string, unknown> = {}) =>
  TRPCClientError.from({ error: { code: -32000, message, data: { httpStatus, code, ...extra } } });

const sent = (entry: OutboxEntry): Message => ({
  id: `m-${entry.clientId}`,
  conversationId: entry.conversationId,
  seq: 1,
  senderId: entry.userId,
  kind: "TEXT",
  text: entry.text,
  createdAt: new Date(),
  clientId: entry.clientId,
  bookingId: null,
  attachments: [],
  contactDetailsHidden: false,
  removed: false,
  deleted: false,
});

/** Lets the outbox's promise chains run (fake timers do not move them). */
const settle = () => vi.advanceTimersByTimeAsync(0);

let outbox: Outbox | undefined;
beforeEach(() => {
  stored.clear();
  vi.useFakeTimers();
});
afterEach(() => {
  outbox?.close();
  vi.useRealTimers();
});

describe("the outbox follows the retry policy", () => {
  it("a rate-limited message waits as long as the server asked, stays queued (never failed), then is sent once", async () => {
    const send = vi
      .fn<(entry: OutboxEntry) => Promise<Message>>()
      .mockRejectedValueOnce(answer(429, "TOO_MANY_REQUESTS", "Slow down.", { retryAfterMs: 30_000 }))
      .mockImplementation(async (entry) => sent(entry));
    outbox = new Outbox("u1", send);
    await outbox.enqueue({ clientId: "c1", conversationId: "conv", text: "Hello", photos: [] });
    await settle();
    expect(send).toHaveBeenCalledTimes(1);
    expect(stored.get("c1")?.status).toBe("queued");

    // Coming back online or to the tab does not skip the server's wait.
    await vi.advanceTimersByTimeAsync(20_000);
    await outbox.flush(true);
    await settle();
    expect(send).toHaveBeenCalledTimes(1);
    expect(stored.get("c1")?.status).toBe("queued");

    await vi.advanceTimersByTimeAsync(10_000);
    expect(send).toHaveBeenCalledTimes(2);
    expect(stored.has("c1")).toBe(false);
  });

  it("a network failure or a server error is retried with backoff, in order", async () => {
    const send = vi
      .fn<(entry: OutboxEntry) => Promise<Message>>()
      .mockRejectedValueOnce(new TypeError("Failed to fetch"))
      .mockRejectedValueOnce(answer(500, "INTERNAL_SERVER_ERROR", "Something went wrong on our side. Please try again."))
      .mockImplementation(async (entry) => sent(entry));
    outbox = new Outbox("u1", send);
    await outbox.enqueue({ clientId: "c1", conversationId: "conv", text: "First", photos: [] });
    await outbox.enqueue({ clientId: "c2", conversationId: "conv", text: "Second", photos: [] });
    await settle();
    // Two failures: the waits are at most 0.75 s and 1.5 s (0.5 s and 1 s, ±50 %).
    await vi.advanceTimersByTimeAsync(750 + 1500);
    expect(send.mock.calls.map(([entry]) => entry.text)).toEqual(["First", "First", "First", "Second"]);
    expect(stored.size).toBe(0);
  });

  it("a refusal is kept as failed, with the server's sentence, and not tried again by itself", async () => {
    const send = vi.fn<(entry: OutboxEntry) => Promise<Message>>().mockRejectedValue(answer(400, "BAD_REQUEST", "A photo in this message is not one you uploaded."));
    outbox = new Outbox("u1", send);
    await outbox.enqueue({ clientId: "c1", conversationId: "conv", text: "Look", photos: [] });
    await settle();
    expect(stored.get("c1")).toMatchObject({ status: "failed", error: "A photo in this message is not one you uploaded." });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it("a message refused because of a block (FORBIDDEN) fails with the server's sentence, and the next one still goes", async () => {
    const send = vi
      .fn<(entry: OutboxEntry) => Promise<Message>>()
      .mockRejectedValueOnce(answer(403, "FORBIDDEN", "You can't send messages in this conversation."))
      .mockImplementation(async (entry) => sent(entry));
    outbox = new Outbox("u1", send);
    await outbox.enqueue({ clientId: "c1", conversationId: "blocked", text: "Hello?", photos: [] });
    await outbox.enqueue({ clientId: "c2", conversationId: "other", text: "Hi", photos: [] });
    await settle();
    expect(stored.get("c1")).toMatchObject({ status: "failed", error: "You can't send messages in this conversation." });
    expect(stored.has("c2")).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(send.mock.calls.map(([entry]) => entry.clientId)).toEqual(["c1", "c2"]);
  });

  it("a message the keyword filter refuses (BAD_REQUEST) fails with its sentence and is never sent again by itself", async () => {
    const refusal = "This message can't be sent because it goes against Glow's community guidelines. Please reword it.";
    const send = vi.fn<(entry: OutboxEntry) => Promise<Message>>().mockRejectedValue(answer(400, "BAD_REQUEST", refusal));
    outbox = new Outbox("u1", send);
    await outbox.enqueue({ clientId: "c1", conversationId: "conv", text: "something rude", photos: [] });
    await settle();
    expect(stored.get("c1")).toMatchObject({ status: "failed", error: refusal });
    await vi.advanceTimersByTimeAsync(60_000);
    await outbox.flush(true);
    await settle();
    expect(send).toHaveBeenCalledTimes(1);
  });
});
