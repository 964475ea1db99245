// Unread counts and the inbox's last messages read Message only in the months that can hold what
// they look for (bounded by Participant.lastReadMessageAt and Conversation.updatedAt). These tests
// write messages months apart, each month in its own partition, and check that nothing is missed.
import { beforeAll, describe, expect, it } from "vitest";
import { sqlQueryOf } from "@/server/db/query";
import { monthStart } from "@/server/maintenance/months";
import { createMonthPartitions } from "@/server/maintenance/partitions";
import { callerFor, conversationPair, makeUser, type TestUser } from "@tests/support/fixtures";
import { databaseForThisFile } from "@tests/support/test-file";

const { db, bus } = databaseForThisFile();

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

beforeAll(async () => {
  // Each of the last five months in its own partition, so a read that skipped one would miss rows.
  await createMonthPartitions(sqlQueryOf(db), "Message", [0, -1, -2, -3, -4].map((add) => monthStart(new Date(), add)));
});

/** A message written at `createdAt` with the conversation's next seq, moving lastSeq and updatedAt as a send does. */
async function messageAt(conversationId: string, sender: TestUser, text: string, createdAt: Date) {
  const { lastSeq } = await db.prisma.conversation.update({
    where: { id: conversationId },
    data: { lastSeq: { increment: 1 }, updatedAt: createdAt },
  });
  return db.prisma.message.create({ data: { conversationId, senderId: sender.id, seq: lastSeq, text, createdAt } });
}

/** A conversation whose artist wrote at each of `times`, in order. */
async function conversationWritten(times: Date[]) {
  const pair = await conversationPair(db, bus);
  const messages = [];
  for (const [i, time] of times.entries()) messages.push(await messageAt(pair.conversationId, pair.artist, `message ${i + 1}`, time));
  return { ...pair, messages };
}

async function customerView(customer: TestUser, conversationId: string) {
  const caller = callerFor(db, bus, customer);
  const inbox = await caller.conversation.list({});
  const row = inbox.items.find((c) => c.id === conversationId);
  return { unread: row?.unreadCount, lastText: row?.lastMessage?.text, total: (await caller.conversation.unreadTotal()).total };
}

const participantRow = (conversationId: string, userId: string) =>
  db.prisma.participant.findUniqueOrThrow({ where: { conversationId_userId: { conversationId, userId } } });

describe("unread counts across months", () => {
  it("count every unread message however many months back, with or without the read position's time", async () => {
    const { customer, conversationId, messages } = await conversationWritten([daysAgo(120), daysAgo(95), daysAgo(65), daysAgo(35), daysAgo(3), daysAgo(0)]);
    // Never read: no time known, every message counts.
    expect(await participantRow(conversationId, customer.id)).toMatchObject({ lastReadSeq: 0, lastReadMessageAt: null });
    expect(await customerView(customer, conversationId)).toEqual({ unread: 6, lastText: "message 6", total: 6 });

    // Read up to the first message, months ago, as a migrated read position says it.
    await db.prisma.participant.update({
      where: { conversationId_userId: { conversationId, userId: customer.id } },
      data: { lastReadSeq: 1, lastReadMessageAt: messages[0]!.createdAt },
    });
    expect(await customerView(customer, conversationId)).toEqual({ unread: 5, lastText: "message 6", total: 5 });
  });

  it("markRead keeps the older time when it stops part of the way, and takes the newest message's when it reads to the end", async () => {
    const { customer, artist, conversationId, messages } = await conversationWritten([daysAgo(100), daysAgo(70), daysAgo(40), daysAgo(1)]);
    const asCustomer = callerFor(db, bus, customer);

    await asCustomer.conversation.markRead({ conversationId, seq: 1 });
    // Up to a seq short of the end: the time stays unknown (no message was read for it).
    expect(await participantRow(conversationId, customer.id)).toMatchObject({ lastReadSeq: 1, lastReadMessageAt: null });
    expect(await customerView(customer, conversationId)).toMatchObject({ unread: 3, total: 3 });

    await asCustomer.conversation.markRead({ conversationId, seq: 4 });
    expect(await participantRow(conversationId, customer.id)).toMatchObject({ lastReadSeq: 4, lastReadMessageAt: messages[3]!.createdAt });
    expect(await customerView(customer, conversationId)).toMatchObject({ unread: 0, total: 0 });

    // Older months stay behind the read position; a new message counts, live from the send path.
    await callerFor(db, bus, artist).message.send({ conversationId, text: "Still on for Saturday?", clientId: crypto.randomUUID() });
    expect(await customerView(customer, conversationId)).toEqual({ unread: 1, lastText: "Still on for Saturday?", total: 1 });
  });

  it("a message stamped a little before the one at the read position (another process's clock) still counts", async () => {
    const { customer, artist, conversationId } = await conversationWritten([daysAgo(40), daysAgo(2)]);
    await callerFor(db, bus, customer).conversation.markRead({ conversationId, seq: 2 });
    // The next seq, stamped an hour earlier than the message read.
    await messageAt(conversationId, artist, "clock behind", new Date(daysAgo(2).getTime() - 60 * 60 * 1000));
    await db.prisma.conversation.update({ where: { id: conversationId }, data: { updatedAt: daysAgo(2) } });
    expect(await customerView(customer, conversationId)).toEqual({ unread: 1, lastText: "clock behind", total: 1 });
  });

  it("a send keeps the sender's read position with its own message's time, on the one-statement path and the full one", async () => {
    const { customer, conversationId } = await conversationWritten([daysAgo(80), daysAgo(50)]);
    const asCustomer = callerFor(db, bus, customer);

    const quick = await asCustomer.message.send({ conversationId, text: "Hello again", clientId: crypto.randomUUID() });
    expect(await participantRow(conversationId, customer.id)).toMatchObject({ lastReadSeq: quick.seq, lastReadMessageAt: quick.createdAt });

    // A text the keyword filter flags takes the full path: a transaction under the row lock, with its report.
    const admin = await makeUser(db.prisma, "ADMIN");
    const term = await callerFor(db, bus, admin).admin.keywords.add({ term: "zephyrbloom", action: "FLAG" });
    try {
      const full = await asCustomer.message.send({ conversationId, text: "the zephyrbloom palette please", clientId: crypto.randomUUID() });
      expect(await db.prisma.report.count({ where: { messageId: full.id } })).toBe(1);
      expect(await participantRow(conversationId, customer.id)).toMatchObject({ lastReadSeq: full.seq, lastReadMessageAt: full.createdAt });
    } finally {
      await callerFor(db, bus, admin).admin.keywords.remove({ id: term.id });
    }
    expect(await customerView(customer, conversationId)).toMatchObject({ unread: 0, total: 0 });
  });
});
