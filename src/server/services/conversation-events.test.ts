import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { channels } from "@/server/realtime/event-bus";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, conversationPair, failure, makeUser, NO_SUCH_ID, presenceFor, type TestUser } from "@tests/support/fixtures";
import { onEventsAs, type ConversationEventsRecorder } from "@tests/support/conversation-events";
import { CANNOT_SEND } from "./access";
import type { ConversationEvent } from "./conversation-events";

const { db, bus } = databaseForThisFile();
/** Stopped after each test, whatever it left open. */
const openedHere: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(openedHere.splice(0).map((close) => close()));
});

const as = (user: TestUser) => callerFor(db, bus, user);
const presence = () => presenceFor(db, bus);

async function follow(user: TestUser, conversationId: string): Promise<ConversationEventsRecorder> {
  const recorder = await onEventsAs(db, bus, user, conversationId);
  openedHere.push(() => recorder.stop());
  return recorder;
}

/** A pair, each following the conversation, the artist online (a tab on this "process"); both streams have begun. */
async function followingPair() {
  const { customer, artist, conversationId } = await conversationPair(db, bus);
  const tab = randomUUID();
  presence().connect(artist.id, tab);
  openedHere.push(() => presence().disconnect(artist.id, tab));
  const [ofCustomer, ofArtist] = [await follow(customer, conversationId), await follow(artist, conversationId)];
  await ofCustomer.next(isPresence(artist, true), "the artist shown online");
  await ofArtist.next(isPresence(customer, false), "the customer shown offline");
  return { customer, artist, conversationId, ofCustomer, ofArtist };
}

const isPresence = (user: TestUser, online: boolean) => (event: ConversationEvent) =>
  event.type === "presence" && event.userId === user.id && event.online === online;
const isHidden = (user: TestUser) => (event: ConversationEvent) =>
  event.type === "presence" && event.userId === user.id && !event.online && event.lastSeenAt === null;
const isTyping = (user: TestUser) => (event: ConversationEvent) => event.type === "typing" && event.userId === user.id;
const isRead = (user: TestUser) => (event: ConversationEvent) => event.type === "read" && event.userId === user.id;

async function send(user: TestUser, conversationId: string, text = "hello") {
  return as(user).message.send({ conversationId, clientId: randomUUID(), text });
}

describe("conversation.onEvents: presence", () => {
  it("yields the other person's presence first, then live: online when a tab opens, last seen when their last one closes", async () => {
    const { customer, artist, conversationId } = await conversationPair(db, bus);
    const stream = await follow(customer, conversationId);
    const first = await stream.next(() => true, "the first event");
    expect(first).toEqual({ type: "presence", userId: artist.id, online: false, lastSeenAt: null });

    presence().connect(artist.id, "tab-1");
    presence().connect(artist.id, "tab-2");
    await stream.next(isPresence(artist, true), "the artist online");
    presence().disconnect(artist.id, "tab-1");
    const before = Date.now();
    presence().disconnect(artist.id, "tab-2");
    const gone = await stream.next(isPresence(artist, false), "the artist offline", 2);
    expect(gone).toMatchObject({ type: "presence", userId: artist.id, online: false });
    expect((gone as { lastSeenAt: Date }).lastSeenAt).toBeInstanceOf(Date);
    expect((gone as { lastSeenAt: Date }).lastSeenAt.getTime()).toBeGreaterThanOrEqual(before);

    // My own tabs are no news; the artist's next tab is.
    presence().connect(customer.id, "mine");
    openedHere.push(() => presence().disconnect(customer.id, "mine"));
    presence().connect(artist.id, "tab-3");
    openedHere.push(() => presence().disconnect(artist.id, "tab-3"));
    await stream.next(isPresence(artist, true), "the artist online again", 3);
    expect(stream.summary()).toEqual(["presence(offline/hidden)", "presence(online)", "presence(last seen)", "presence(online)"]);
    expect(stream.received.every((event) => event.userId === artist.id)).toBe(true);
  });

  it("is hidden when either person turns showPresence off (reciprocal), and shown again when it is back on", async () => {
    for (const who of ["customer", "artist"] as const) {
      const { customer, artist, ofCustomer, ofArtist } = await followingPair();
      const turning = who === "customer" ? customer : artist;

      await as(turning).user.updateSettings({ showPresence: false });
      await ofCustomer.next(isHidden(artist), `the artist hidden from the customer (${who} turned it off)`, 1);
      // The artist's view of the customer was "offline, never seen" already: the same as hidden, so nothing new.
      await as(turning).user.updateSettings({ showPresence: true });
      await ofCustomer.next(isPresence(artist, true), "the artist shown again", 2);
      expect(ofCustomer.summary()).toEqual(["presence(online)", "presence(offline/hidden)", "presence(online)"]);

      // Nothing shared meanwhile ever reached the artist's stream but the customer's presence.
      expect(ofArtist.received.every((event) => event.type === "presence" && event.userId === customer.id)).toBe(true);
    }
  });

  it("reads what is shared again on a resync (an announcement may have been missed)", async () => {
    const { customer, artist, ofCustomer } = await followingPair();
    // A block written without its announcement, as if the bus had been away.
    await db.prisma.block.create({ data: { blockerId: artist.id, blockedId: customer.id } });
    bus.publish(channels.presence(artist.id), { type: "resync" } as never);
    await ofCustomer.next(isHidden(artist), "the artist hidden after the resync", 1);
  });
});

describe("conversation.typing and onEvents: typing", () => {
  it("reaches the other person and never comes back to the one typing", async () => {
    const { customer, artist, conversationId, ofCustomer, ofArtist } = await followingPair();
    expect(await as(customer).conversation.typing({ conversationId })).toEqual({ announced: true });
    await ofArtist.next(isTyping(customer), "the customer typing");
    expect(await as(artist).conversation.typing({ conversationId })).toEqual({ announced: true });
    await ofCustomer.next(isTyping(artist), "the artist typing");

    expect(ofCustomer.received.filter((event) => event.type === "typing")).toEqual([{ type: "typing", userId: artist.id }]);
    expect(ofArtist.received.filter((event) => event.type === "typing")).toEqual([{ type: "typing", userId: customer.id }]);
  });

  it("drops a second announcement within a second (a client ignoring the 2 s rule floods nobody)", async () => {
    const { customer, artist, conversationId, ofArtist } = await followingPair();
    await send(artist, conversationId, "are you there?");
    const from = ofArtist.received.length;
    const typing = () => as(customer).conversation.typing({ conversationId });
    expect(await typing()).toEqual({ announced: true });
    expect(await typing()).toEqual({ announced: false });
    expect(await typing()).toEqual({ announced: false });
    // Something of the customer's that does go out after them: the dropped ones would be before it.
    await as(customer).conversation.markRead({ conversationId, seq: 1 });
    await ofArtist.next(isRead(customer), "the customer's read position", from);
    expect(ofArtist.summary(from)).toEqual(["typing", "read(1)"]);
  });

  it("is refused to a stranger with NOT_FOUND, the same as for a conversation that does not exist", async () => {
    const { conversationId } = await conversationPair(db, bus);
    const stranger = await makeUser(db.prisma, "CUSTOMER");
    for (const id of [conversationId, NO_SUCH_ID]) {
      expect(await failure(as(stranger).conversation.typing({ conversationId: id }))).toMatchObject({ code: "NOT_FOUND" });
      const stream = await callerFor(db, bus, stranger).conversation.onEvents({ conversationId: id });
      await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });
});

describe("conversation.onEvents: read receipts", () => {
  it("tells the other person how far I have read, with when; never me", async () => {
    const { customer, artist, conversationId, ofCustomer, ofArtist } = await followingPair();
    await send(artist, conversationId, "one");
    await send(artist, conversationId, "two");
    const before = Date.now();
    await as(customer).conversation.markRead({ conversationId, seq: 2 });
    const read = await ofArtist.next(isRead(customer), "the customer's read position");
    expect(read).toMatchObject({ type: "read", userId: customer.id, seq: 2 });
    expect((read as { readAt: Date }).readAt.getTime()).toBeGreaterThanOrEqual(before - 1000); // the database's clock

    await send(customer, conversationId, "three");
    await as(artist).conversation.markRead({ conversationId, seq: 3 });
    await ofCustomer.next(isRead(artist), "the artist's read position");
    expect(ofCustomer.received.filter((event) => event.type === "read")).toEqual([
      { type: "read", userId: artist.id, seq: 3, readAt: expect.any(Date) },
    ]);
    expect(ofArtist.received.filter((event) => event.type === "read")).toEqual([{ type: "read", userId: customer.id, seq: 2, readAt: expect.any(Date) }]);
  });

  it("are not shared while either person has readReceipts off (reciprocal), in the stream or in conversation.byId", async () => {
    for (const who of ["customer", "artist"] as const) {
      const { customer, artist, conversationId, ofCustomer } = await followingPair();
      const turning = who === "customer" ? customer : artist;
      await send(customer, conversationId, "one");
      await send(customer, conversationId, "two");
      await as(turning).user.updateSettings({ readReceipts: false });

      await as(artist).conversation.markRead({ conversationId, seq: 1 });
      expect((await as(customer).conversation.byId({ id: conversationId })).otherLastReadSeq).toBeNull();
      expect((await as(artist).conversation.byId({ id: conversationId })).otherLastReadSeq).toBeNull();
      // An announcement from a process that has not heard of the change yet is dropped as well.
      bus.publish(channels.conversationEvents(conversationId), { type: "read", conversationId, userId: artist.id, seq: 1, readAt: new Date() });
      // A marker after them: the artist typing arrives, the reads before it never did.
      await as(artist).conversation.typing({ conversationId });
      await ofCustomer.next(isTyping(artist), `the artist typing (${who} turned receipts off)`);
      expect(ofCustomer.received.filter((event) => event.type === "read")).toEqual([]);

      await as(turning).user.updateSettings({ readReceipts: true });
      await as(artist).conversation.markRead({ conversationId, seq: 2 });
      await ofCustomer.next(isRead(artist), "the artist's read position once receipts are back on");
      expect((await as(customer).conversation.byId({ id: conversationId })).otherLastReadSeq).toBe(2);
    }
  });
});

describe("conversation.onEvents under a block", () => {
  it("shares no typing, no read receipts and no presence, either way, until the block is lifted", async () => {
    for (const who of ["customer", "artist"] as const) {
      const { customer, artist, conversationId, ofCustomer, ofArtist } = await followingPair();
      await send(customer, conversationId, "before the block");
      const [blocker, blocked] = who === "customer" ? [customer, artist] : [artist, customer];

      await as(blocker).user.block({ userId: blocked.id });
      await ofCustomer.next(isHidden(artist), `the artist's presence hidden (${who} blocked)`, 1);
      const afterBlock = { customer: ofCustomer.received.length, artist: ofArtist.received.length };

      for (const user of [customer, artist]) {
        expect(await failure(as(user).conversation.typing({ conversationId }))).toEqual({ code: "FORBIDDEN", message: CANNOT_SEND });
      }
      await as(artist).conversation.markRead({ conversationId, seq: 1 });
      expect((await as(customer).conversation.byId({ id: conversationId })).otherLastReadSeq).toBeNull();
      // An announcement from a process that has not heard of the block yet is dropped as well.
      bus.publish(channels.conversationEvents(conversationId), { type: "typing", conversationId, userId: artist.id });
      bus.publish(channels.conversationEvents(conversationId), { type: "typing", conversationId, userId: customer.id });

      // Lifting the block shows the artist again: nothing in between reached either side.
      await as(blocker).user.unblock({ userId: blocked.id });
      await ofCustomer.next(isPresence(artist, true), "the artist shown again after the unblock", afterBlock.customer);
      expect(ofCustomer.summary(afterBlock.customer)).toEqual(["presence(online)"]);
      await as(customer).conversation.typing({ conversationId });
      await ofArtist.next(isTyping(customer), "the customer typing after the unblock", afterBlock.artist);
      expect(ofArtist.summary(afterBlock.artist)).toEqual(["typing"]);
    }
  });
});
