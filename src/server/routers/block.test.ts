import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { apiServerForThisFile, databaseForThisFile } from "@tests/support/test-file";
import { callerFor, conversationPair, failure, makeUser, NO_SUCH_ID, onMessageAs, untrack, type TestUser } from "@tests/support/fixtures";
import { sessionCookie } from "@tests/support/api-server";
import { photo } from "@tests/support/images";
import { channels } from "@/server/realtime/event-bus";
import type { MessageDTO } from "@/server/services/message-dto";

const { db, bus } = databaseForThisFile();
const server = apiServerForThisFile({ db, bus });
const CANNOT_SEND = "You can't send messages in this conversation.";
const inAWeek = () => new Date(Date.now() + 7 * 86_400_000);

let customer: TestUser;
let artist: TestUser;
let conversationId: string;
let serviceId: string;

beforeEach(async () => {
  ({ customer, artist, conversationId } = await conversationPair(db, bus));
  serviceId = (await callerFor(db, bus, artist).service.create({ name: "Bridal makeup", durationMinutes: 90, priceCents: 12_000 })).id;
  await callerFor(db, bus, customer).message.send({ conversationId, clientId: randomUUID(), text: "Hello!" });
});

const send = (user: TestUser, text = "are you there?") => callerFor(db, bus, user).message.send({ conversationId, clientId: randomUUID(), text });

async function upload(user: TestUser): Promise<Response> {
  const body = new FormData();
  body.append("file", new Blob([new Uint8Array(await photo(64, 64, "jpeg"))], { type: "image/jpeg" }), "look.jpg");
  return fetch(`${server.url}/api/uploads?conversationId=${conversationId}`, { method: "POST", body, headers: { cookie: await sessionCookie(user) } });
}

// Both sides of a block: the one who blocked and the one who was blocked are held alike.
describe.each([
  ["the customer blocks the artist", () => ({ blocker: customer, blocked: artist })],
  ["the artist blocks the customer", () => ({ blocker: artist, blocked: customer })],
])("%s", (_, who) => {
  beforeEach(async () => {
    const { blocker, blocked } = who();
    const block = await callerFor(db, bus, blocker).user.block({ userId: blocked.id });
    expect(block).toEqual({ id: blocked.id, name: blocked.name, blockedAt: expect.any(Date) });
  });

  it("neither can send: FORBIDDEN with a sentence, and nothing is stored", async () => {
    const before = await db.prisma.message.count({ where: { conversationId } });
    for (const user of [customer, artist]) {
      expect(await failure(send(user))).toMatchObject({ code: "FORBIDDEN", message: CANNOT_SEND });
    }
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(before);
  });

  it("neither can upload a photo into the conversation: 403 with the sentence, nothing stored", async () => {
    for (const user of [customer, artist]) {
      const response = await upload(user);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: CANNOT_SEND });
    }
    expect(await db.prisma.upload.count({ where: { conversationId } })).toBe(0);
  });

  it("the customer cannot book the artist: FORBIDDEN, no booking and no SYSTEM message", async () => {
    const error = await failure(callerFor(db, bus, customer).booking.create({ serviceId, startsAt: inAWeek() }));
    expect(error).toMatchObject({ code: "FORBIDDEN", message: "You can't book with this person." });
    expect(await db.prisma.booking.count({ where: { conversationId } })).toBe(0);
    expect(await db.prisma.message.count({ where: { conversationId, kind: "SYSTEM" } })).toBe(0);
  });

  it("history stays readable to both", async () => {
    for (const user of [customer, artist]) {
      const page = await callerFor(db, bus, user).message.list({ conversationId });
      expect(page.items.map((m) => m.text)).toEqual(["Hello!"]);
      await expect(callerFor(db, bus, user).conversation.markRead({ conversationId, seq: 1 })).resolves.toEqual({ lastReadSeq: 1 });
    }
  });

  it("conversation.byId and conversation.list say who blocked and that nobody can send", async () => {
    const { blocker, blocked } = who();
    for (const [user, blockedByMe] of [
      [blocker, true],
      [blocked, false],
    ] as const) {
      const as = callerFor(db, bus, user);
      expect(await as.conversation.byId({ id: conversationId })).toMatchObject({ blockedByMe, canSend: false });
      const listed = (await as.conversation.list({})).items.find((c) => c.id === conversationId);
      expect(listed).toMatchObject({ blockedByMe, canSend: false });
    }
  });

  it("unblocking lets both send again, and the blocked person's own block (if any) is not lifted by it", async () => {
    const { blocker, blocked } = who();
    await expect(callerFor(db, bus, blocked).user.unblock({ userId: blocker.id })).resolves.toEqual({ unblocked: false });
    expect(await failure(send(blocked))).toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(db, bus, blocker).user.unblock({ userId: blocked.id })).resolves.toEqual({ unblocked: true });
    for (const user of [customer, artist]) await expect(send(user, "back again")).resolves.toMatchObject({ text: "back again" });
    expect(await callerFor(db, bus, blocked).conversation.byId({ id: conversationId })).toMatchObject({ blockedByMe: false, canSend: true });
  });
});

describe("a block and existing bookings", () => {
  it("does not cancel a confirmed booking, and its SYSTEM messages still arrive live", async () => {
    const booking = await callerFor(db, bus, customer).booking.create({ serviceId, startsAt: inAWeek() });
    await callerFor(db, bus, artist).booking.transition({ id: booking.id, to: "CONFIRMED" });
    await callerFor(db, bus, customer).user.block({ userId: artist.id });
    expect((await callerFor(db, bus, customer).booking.byId({ id: booking.id })).status).toBe("CONFIRMED");

    const { lastSeq } = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    const stream = await onMessageAs(db, bus, customer, { conversationId, lastEventId: String(lastSeq) });
    try {
      // The artist can still cancel it: the customer hears about it in the thread.
      await callerFor(db, bus, artist).booking.transition({ id: booking.id, to: "CANCELLED" });
      const next = await stream.iterator.next();
      const message = untrack<MessageDTO>(next.value).data;
      expect(message).toMatchObject({ kind: "SYSTEM", bookingId: booking.id, seq: lastSeq + 1 });
    } finally {
      stream.stop();
    }
  });

  it("a retry of a message stored before the block returns that message (it was sent), without a second copy", async () => {
    const clientId = randomUUID();
    const first = await callerFor(db, bus, customer).message.send({ conversationId, clientId, text: "sent just in time" });
    await callerFor(db, bus, artist).user.block({ userId: customer.id });
    const retry = await callerFor(db, bus, customer).message.send({ conversationId, clientId, text: "sent just in time" });
    expect(retry).toEqual(first);
    expect(await db.prisma.message.count({ where: { conversationId, clientId } })).toBe(1);
  });
});

describe("a block and a send at the same moment", () => {
  it("a send that waited for the conversation while a block was being written sees the block", async () => {
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // What user.block does: hold the pair's conversation, write the block, commit.
    const blocking = db.prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Conversation" WHERE id = ${conversationId} FOR UPDATE`;
      await tx.block.create({ data: { blockerId: artist.id, blockedId: customer.id } });
      locked();
      await released;
    });
    await lockTaken;
    const sending = failure(send(customer, "sent while the block was being written"));
    // The send is now waiting for the conversation's lock.
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await blocking;
    expect(await sending).toMatchObject({ code: "FORBIDDEN", message: CANNOT_SEND });
    expect(await db.prisma.message.count({ where: { conversationId, text: "sent while the block was being written" } })).toBe(0);
  });
});

describe("user.block, user.unblock, user.blocked", () => {
  it("blocking twice keeps the first block and its time; the list is most recent first", async () => {
    const other = await makeUser(db.prisma, "ARTIST");
    const as = callerFor(db, bus, customer);
    const first = await as.user.block({ userId: artist.id });
    const again = await as.user.block({ userId: artist.id });
    expect(again.blockedAt).toEqual(first.blockedAt);
    await as.user.block({ userId: other.id });
    expect(await as.user.blocked()).toEqual([
      { id: other.id, name: other.name, blockedAt: expect.any(Date) },
      { id: artist.id, name: artist.name, blockedAt: first.blockedAt },
    ]);
    expect(await db.prisma.block.count({ where: { blockerId: customer.id } })).toBe(2);
    // Only the blocker's own list.
    expect(await callerFor(db, bus, artist).user.blocked()).toEqual([]);
  });

  it("refuses blocking oneself, Glow support, or someone who does not exist", async () => {
    const admin = await makeUser(db.prisma, "ADMIN");
    const as = callerFor(db, bus, customer);
    expect(await failure(as.user.block({ userId: customer.id }))).toMatchObject({ code: "BAD_REQUEST", message: "You can't block yourself." });
    expect(await failure(as.user.block({ userId: admin.id }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Glow support/) });
    expect(await failure(as.user.block({ userId: NO_SUCH_ID }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await db.prisma.block.count({ where: { blockerId: customer.id } })).toBe(0);
  });

  it("announces a block and an unblock to both people's inboxes, so open threads swap their composer at once", async () => {
    const heard: string[] = [];
    const stops = [customer, artist].map((user) =>
      bus.subscribe(channels.user(user.id), (event) => {
        // Marked as a change of access, so that an open thread refetches who may send (a message does not).
        if (event.type === "inbox" && event.conversationId === conversationId && event.accessChanged) heard.push(user.id);
      }),
    );
    await callerFor(db, bus, customer).user.block({ userId: artist.id });
    expect(heard.sort()).toEqual([customer.id, artist.id].sort());
    heard.length = 0;
    await callerFor(db, bus, customer).user.unblock({ userId: artist.id });
    expect(heard.sort()).toEqual([customer.id, artist.id].sort());
    heard.length = 0;
    await send(customer, "a message is not a change of access");
    expect(heard).toEqual([]);
    for (const stop of stops) stop();
  });

  it("anonymous callers get UNAUTHORIZED", async () => {
    const anonymous = callerFor(db, bus, null);
    await expect(anonymous.user.block({ userId: artist.id })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.user.blocked()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
