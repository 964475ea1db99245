import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, conversationPair, failure, makeUser, NO_SUCH_ID, type TestUser } from "@tests/support/fixtures";
import { channels, type BusEvent } from "@/server/realtime/event-bus";

/**
 * A person's own state of a conversation and account: messenger settings, read receipts as the
 * other person sees them, mute, archive and the unread total.
 */
const { db, bus } = databaseForThisFile();

let customer: TestUser;
let artist: TestUser;
let conversationId: string;

beforeEach(async () => {
  ({ customer, artist, conversationId } = await conversationPair(db, bus));
});

const as = (user: TestUser) => callerFor(db, bus, user);
const send = (user: TestUser, text = "Hello!", id = conversationId) =>
  as(user).message.send({ conversationId: id, clientId: randomUUID(), text });

/** Every event published on a channel from now on. */
function heard(channel: string): BusEvent[] {
  const events: BusEvent[] = [];
  bus.subscribe(channel, (event) => events.push(event));
  return events;
}

describe("user.settings and user.updateSettings", () => {
  it("are all on by default", async () => {
    expect(await as(customer).user.settings()).toEqual({ readReceipts: true, showPresence: true, pushPreviews: true });
  });

  it("change only the settings given, and say so to my partners' open threads", async () => {
    const presence = heard(channels.presence(customer.id));
    expect(await as(customer).user.updateSettings({ readReceipts: false })).toEqual({ readReceipts: false, showPresence: true, pushPreviews: true });
    expect(await as(customer).user.updateSettings({ pushPreviews: false, showPresence: false })).toEqual({
      readReceipts: false,
      showPresence: false,
      pushPreviews: false,
    });
    expect(await as(customer).user.settings()).toEqual({ readReceipts: false, showPresence: false, pushPreviews: false });
    expect(presence).toEqual([
      { type: "presence-changed", userId: customer.id },
      { type: "presence-changed", userId: customer.id },
    ]);
    // Someone else's stay as they were.
    expect(await as(artist).user.settings()).toEqual({ readReceipts: true, showPresence: true, pushPreviews: true });
  });

  it("refuse an empty change or an unknown setting with a sentence", async () => {
    expect(await failure(as(customer).user.updateSettings({}))).toMatchObject({
      code: "BAD_REQUEST",
      message: "Say which setting to change: readReceipts, showPresence or pushPreviews.",
    });
    expect(await failure(as(customer).user.updateSettings({ readReceipts: "no" } as never))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(as(customer).user.updateSettings({ sounds: false } as never))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("need a session", async () => {
    expect(await failure(callerFor(db, bus, null).user.settings())).toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("read receipts", () => {
  it("byId gives how far the other person has read, and when", async () => {
    await send(customer, "one");
    const { seq } = await send(customer, "two");
    expect(await as(customer).conversation.byId({ id: conversationId })).toMatchObject({ otherLastReadSeq: 0, otherLastReadAt: null });
    const before = Date.now();
    await as(artist).conversation.markRead({ conversationId, seq: seq - 1 });
    const seen = await as(customer).conversation.byId({ id: conversationId });
    expect(seen.otherLastReadSeq).toBe(seq - 1);
    expect(seen.otherLastReadAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("markRead announces a position that moved on the conversation's events channel, once", async () => {
    const { seq } = await send(customer);
    const events = heard(channels.conversationEvents(conversationId));
    await as(artist).conversation.markRead({ conversationId, seq });
    await as(artist).conversation.markRead({ conversationId, seq }); // not moved: nothing new to say
    await as(artist).conversation.markRead({ conversationId, seq: seq + 50 }); // capped at the newest: not moved
    expect(events).toEqual([{ type: "read", conversationId, userId: artist.id, seq, readAt: expect.any(Date) }]);
  });

  it("writing a message counts as reading everything before it", async () => {
    await send(customer, "are you free on Saturday?");
    const reply = await send(artist, "yes!");
    expect(await as(customer).conversation.byId({ id: conversationId })).toMatchObject({
      otherLastReadSeq: reply.seq,
      otherLastReadAt: reply.createdAt,
    });
  });

  describe.each([
    ["I turned them off", () => customer],
    ["the other person turned them off", () => artist],
  ])("are reciprocal: when %s", (_, whoTurnsOff) => {
    beforeEach(async () => {
      await as(whoTurnsOff()).user.updateSettings({ readReceipts: false });
    });

    it("neither sees the other's, and no read event goes out", async () => {
      const { seq } = await send(customer);
      const events = heard(channels.conversationEvents(conversationId));
      await as(artist).conversation.markRead({ conversationId, seq });
      await send(artist, "reply");
      for (const user of [customer, artist]) {
        expect(await as(user).conversation.byId({ id: conversationId })).toMatchObject({ otherLastReadSeq: null, otherLastReadAt: null });
      }
      expect(events).toEqual([]);
      // The read position itself still moves: unread counts and badges depend on it.
      expect(await as(artist).conversation.unreadTotal()).toEqual({ total: 0 });
    });

    it("come back when turned on again", async () => {
      const { seq } = await send(customer);
      await as(artist).conversation.markRead({ conversationId, seq });
      await as(whoTurnsOff()).user.updateSettings({ readReceipts: true });
      expect(await as(customer).conversation.byId({ id: conversationId })).toMatchObject({ otherLastReadSeq: seq });
    });
  });

  it("are hidden both ways while a block stands, whoever blocked", async () => {
    const { seq } = await send(customer);
    await as(artist).user.block({ userId: customer.id });
    const events = heard(channels.conversationEvents(conversationId));
    await as(artist).conversation.markRead({ conversationId, seq });
    for (const user of [customer, artist]) {
      expect(await as(user).conversation.byId({ id: conversationId })).toMatchObject({ otherLastReadSeq: null });
    }
    expect(events).toEqual([]);
  });
});

describe("conversation.unreadTotal", () => {
  it("counts what others wrote (people and the system) after my read position, in every conversation", async () => {
    const other = await makeUser(db.prisma, "ARTIST");
    const second = await as(customer).conversation.getOrCreate({ participantId: other.id });
    expect(await as(customer).conversation.unreadTotal()).toEqual({ total: 0 });
    await send(artist, "one");
    await send(artist, "two");
    await send(customer, "mine never counts");
    // Writing moved my read position past the artist's two: only what comes after counts.
    expect(await as(customer).conversation.unreadTotal()).toEqual({ total: 0 });
    await send(artist, "three");
    await send(other, "hello from another artist", second.id);
    const service = await as(artist).service.create({ name: "Bridal makeup", durationMinutes: 60, priceCents: 9000 });
    await as(customer).booking.create({ serviceId: service.id, startsAt: new Date(Date.now() + 7 * 86_400_000) });
    // The booking request is a system message: unread for the artist, not for the customer who made it.
    expect(await as(customer).conversation.unreadTotal()).toEqual({ total: 2 });
    expect(await as(artist).conversation.unreadTotal()).toEqual({ total: 1 });
  });

  it("a booking change I make is never unread for me; my unread messages stay unread", async () => {
    const { seq } = await send(artist, "Saturday works");
    await as(customer).conversation.markRead({ conversationId, seq });
    const service = await as(artist).service.create({ name: "Bridal makeup", durationMinutes: 60, priceCents: 9000 });
    const booking = await as(customer).booking.create({ serviceId: service.id, startsAt: new Date(Date.now() + 7 * 86_400_000) });
    expect(await as(customer).conversation.unreadTotal()).toEqual({ total: 0 });
    expect(await as(artist).conversation.unreadTotal()).toEqual({ total: 1 });
    await as(artist).booking.transition({ id: booking.id, to: "CONFIRMED" });
    expect(await as(artist).conversation.unreadTotal()).toEqual({ total: 1 }); // the request, still unread
    expect(await as(customer).conversation.unreadTotal()).toEqual({ total: 1 }); // "confirmed"
    const list = await as(artist).conversation.list();
    expect(list.items[0]).toMatchObject({ id: conversationId, unreadCount: 1 });
  });

  it("clears as I read, on any device", async () => {
    await send(artist, "one");
    const { seq } = await send(artist, "two");
    expect(await as(customer).conversation.unreadTotal()).toEqual({ total: 2 });
    await as(customer).conversation.markRead({ conversationId, seq: seq - 1 });
    expect(await as(customer).conversation.unreadTotal()).toEqual({ total: 1 });
    await as(customer).conversation.markRead({ conversationId, seq });
    expect(await as(customer).conversation.unreadTotal()).toEqual({ total: 0 });
  });
});

describe("conversation.mute", () => {
  it("keeps a muted conversation listed but out of the unread total, until unmuted", async () => {
    await send(artist, "one");
    const inbox = heard(channels.user(customer.id));
    expect(await as(customer).conversation.mute({ conversationId, muted: true })).toEqual({ muted: true });
    expect(inbox).toEqual([{ type: "inbox", conversationId, accessChanged: true }]);
    expect(await as(customer).conversation.unreadTotal()).toEqual({ total: 0 });
    const list = await as(customer).conversation.list();
    expect(list.items).toEqual([expect.objectContaining({ id: conversationId, muted: true, unreadCount: 1 })]);
    expect(await as(customer).conversation.byId({ id: conversationId })).toMatchObject({ muted: true });
    // Only for me: the artist's side is unchanged.
    expect(await as(artist).conversation.byId({ id: conversationId })).toMatchObject({ muted: false });

    await as(customer).conversation.mute({ conversationId, muted: true }); // again: still muted
    await as(customer).conversation.mute({ conversationId, muted: false });
    expect(await as(customer).conversation.unreadTotal()).toEqual({ total: 1 });
    expect(await as(customer).conversation.byId({ id: conversationId })).toMatchObject({ muted: false });
  });

  it("is refused for a conversation that is not mine, as if it did not exist", async () => {
    const stranger = await makeUser(db.prisma, "CUSTOMER");
    for (const id of [conversationId, NO_SUCH_ID]) {
      expect(await failure(as(stranger).conversation.mute({ conversationId: id, muted: true }))).toMatchObject({ code: "NOT_FOUND" });
      expect(await failure(as(stranger).conversation.archive({ conversationId: id, archived: true }))).toMatchObject({ code: "NOT_FOUND" });
    }
  });
});

describe("conversation.archive", () => {
  const inboxIds = async (user: TestUser, archived = false) => (await as(user).conversation.list({ limit: 20, archived })).items.map((c) => c.id);

  it("hides it from my inbox and lists it under Archived, until a new message brings it back", async () => {
    await send(artist, "one");
    const inbox = heard(channels.user(customer.id));
    expect(await as(customer).conversation.archive({ conversationId, archived: true })).toEqual({ archived: true });
    expect(inbox).toEqual([{ type: "inbox", conversationId, accessChanged: true }]);
    expect(await inboxIds(customer)).toEqual([]);
    expect(await inboxIds(customer, true)).toEqual([conversationId]);
    expect(await as(customer).conversation.byId({ id: conversationId })).toMatchObject({ archived: true });
    expect((await as(customer).conversation.list({ limit: 20, archived: true })).items[0]).toMatchObject({ archived: true });
    // An archived conversation's unread messages leave the total too.
    expect(await as(customer).conversation.unreadTotal()).toEqual({ total: 0 });
    // The artist's inbox is unchanged.
    expect(await inboxIds(artist)).toEqual([conversationId]);

    await send(artist, "are you still there?");
    expect(await inboxIds(customer)).toEqual([conversationId]);
    expect(await inboxIds(customer, true)).toEqual([]);
    expect(await as(customer).conversation.byId({ id: conversationId })).toMatchObject({ archived: false });
    expect(await as(customer).conversation.unreadTotal()).toEqual({ total: 2 });
  });

  it("a message I write brings it back too", async () => {
    await as(customer).conversation.archive({ conversationId, archived: true });
    await send(customer, "hello again");
    expect(await inboxIds(customer)).toEqual([conversationId]);
  });

  it("is undone by archived: false", async () => {
    await as(customer).conversation.archive({ conversationId, archived: true });
    await as(customer).conversation.archive({ conversationId, archived: false });
    expect(await inboxIds(customer)).toEqual([conversationId]);
    expect(await inboxIds(customer, true)).toEqual([]);
  });

  it("pages the Archived view and the inbox apart, newest first", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const other = await makeUser(db.prisma, "ARTIST");
      const { id } = await as(customer).conversation.getOrCreate({ participantId: other.id });
      await send(other, `hello ${i}`, id);
      ids.push(id);
    }
    for (const id of ids.slice(0, 3)) await as(customer).conversation.archive({ conversationId: id, archived: true });
    const first = await as(customer).conversation.list({ limit: 2, archived: true });
    expect(first.items.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    const second = await as(customer).conversation.list({ limit: 2, archived: true, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expect(await inboxIds(customer)).toEqual([ids[4], ids[3], conversationId]);
  });
});
