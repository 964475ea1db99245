import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, conversationPair } from "@tests/support/fixtures";

const { db, bus } = databaseForThisFile();

const pair = () => conversationPair(db, bus);

describe("sending messages", () => {
  it("stores one message when the same clientId is sent twice in a row", async () => {
    const { customer, conversationId } = await pair();
    const caller = callerFor(db, bus, customer);
    const clientId = randomUUID();
    const first = await caller.message.send({ conversationId, clientId, text: "Hello" });
    const retry = await caller.message.send({ conversationId, clientId, text: "Hello" });
    expect(retry).toEqual(first);
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(1);
  });

  it("stores one message when the same clientId is sent 10 times at once", async () => {
    const { customer, conversationId } = await pair();
    const caller = callerFor(db, bus, customer);
    const clientId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => caller.message.send({ conversationId, clientId, text: "Once" })),
    );
    expect(new Set(results.map((m) => m.id)).size).toBe(1);
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(1);
    expect(results[0]!.seq).toBe(1);
  });

  it("gives 50 concurrent sends from both sides seq 1..50 with no gap and no repeat", async () => {
    const { customer, artist, conversationId } = await pair();
    const callers = [callerFor(db, bus, customer), callerFor(db, bus, artist)];
    const sent = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        callers[i % 2]!.message.send({ conversationId, clientId: randomUUID(), text: `message ${i}` }),
      ),
    );
    expect(sent.map((m) => m.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const stored = await db.prisma.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" } });
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(conversation.lastSeq).toBe(50);
  });

  it("trims the text and returns the Message shape of the contract", async () => {
    const { customer, conversationId } = await pair();
    const clientId = randomUUID();
    const message = await callerFor(db, bus, customer).message.send({ conversationId, clientId, text: "  Hi there \n" });
    expect(message).toEqual({
      id: expect.any(String),
      conversationId,
      seq: 1,
      senderId: customer.id,
      kind: "TEXT",
      text: "Hi there",
      createdAt: expect.any(Date),
      clientId,
      bookingId: null,
      attachments: [],
      contactDetailsHidden: false,
      removed: false,
      deleted: false,
    });
  });

  it("refuses a clientId that the other participant already used, without storing anything", async () => {
    const { customer, artist, conversationId } = await pair();
    const clientId = randomUUID();
    await callerFor(db, bus, customer).message.send({ conversationId, clientId, text: "mine" });
    await expect(
      callerFor(db, bus, artist).message.send({ conversationId, clientId, text: "theirs" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(1);
  });
});

describe("history", () => {
  it("pages 50 at a time, ascending, back to the first message", async () => {
    const { customer, conversationId } = await pair();
    const caller = callerFor(db, bus, customer);
    for (let i = 1; i <= 120; i++) await caller.message.send({ conversationId, clientId: randomUUID(), text: `m${i}` });
    const newest = await caller.message.list({ conversationId });
    expect(newest.items.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 71 + i));
    expect(newest.nextBeforeSeq).toBe(71);
    const middle = await caller.message.list({ conversationId, beforeSeq: newest.nextBeforeSeq! });
    expect(middle.items.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 21 + i));
    const oldest = await caller.message.list({ conversationId, beforeSeq: middle.nextBeforeSeq! });
    expect(oldest.items.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 1 + i));
    expect(oldest.nextBeforeSeq).toBeNull();
    const small = await caller.message.list({ conversationId, limit: 5 });
    expect(small.items.map((m) => m.text)).toEqual(["m116", "m117", "m118", "m119", "m120"]);
  });
});
