import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, conversationPair, onMessageAs, untrack, type TestUser } from "@tests/support/fixtures";
import { take } from "@tests/support/wait";

const { db, bus } = databaseForThisFile();

const pair = () => conversationPair(db, bus);

async function send(user: TestUser, conversationId: string, text: string) {
  return callerFor(db, bus, user).message.send({ conversationId, clientId: randomUUID(), text });
}

type Sent = { seq: number; text: string };
const seqs = (items: unknown[]) =>
  items.map((item) => {
    const { id, data } = untrack<Sent>(item);
    return [id, data.seq] as const;
  });

describe("message.onMessage", () => {
  it("without lastEventId yields only new messages, live, as tracked(seq)", async () => {
    const { customer, artist, conversationId } = await pair();
    await send(customer, conversationId, "before");
    const { iterator, stop } = await onMessageAs(db, bus, artist, { conversationId });
    const first = iterator.next();
    await new Promise((r) => setTimeout(r, 50));
    await send(customer, conversationId, "after 1");
    await send(artist, conversationId, "after 2");
    const items = [await first, ...(await take(iterator, 1))].map((r) => ("value" in r ? r.value : r));
    expect(seqs(items)).toEqual([
      ["2", 2],
      ["3", 3],
    ]);
    stop();
  });

  it("given lastEventId yields every later message once, in order, and then live ones", async () => {
    const { customer, artist, conversationId } = await pair();
    for (let i = 1; i <= 5; i++) await send(customer, conversationId, `m${i}`);
    const { iterator, stop } = await onMessageAs(db, bus, artist, { conversationId, lastEventId: "2" });
    const backlog = await take(iterator, 3);
    expect(seqs(backlog)).toEqual([
      ["3", 3],
      ["4", 4],
      ["5", 5],
    ]);
    // live sends racing with each other still arrive once each, in seq order
    await Promise.all(Array.from({ length: 10 }, (_, i) => send(i % 2 ? artist : customer, conversationId, `live ${i}`)));
    const live = await take(iterator, 10);
    expect(seqs(live).map(([, seq]) => seq)).toEqual(Array.from({ length: 10 }, (_, i) => 6 + i));
    stop();
  });

  it("has no gap and no duplicate when messages are sent while the backlog is being read", async () => {
    const { customer, artist, conversationId } = await pair();
    for (let i = 1; i <= 30; i++) await send(customer, conversationId, `old ${i}`);
    const { iterator, stop } = await onMessageAs(db, bus, artist, { conversationId, lastEventId: "0" });
    const reading = take(iterator, 60);
    const sending = (async () => {
      for (let i = 1; i <= 30; i++) await send(artist, conversationId, `new ${i}`);
    })();
    const [items] = await Promise.all([reading, sending]);
    expect(seqs(items).map(([, seq]) => seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    stop();
  });

  it("a reconnect with the last seq seen misses nothing that was sent while away", async () => {
    const { customer, artist, conversationId } = await pair();
    const first = await onMessageAs(db, bus, artist, { conversationId });
    const iterator = first.iterator;
    const pending = iterator.next();
    await new Promise((r) => setTimeout(r, 50));
    await send(customer, conversationId, "seen");
    const lastSeen = untrack<Sent>((await pending).value).id;
    first.stop();
    await send(customer, conversationId, "sent while away 1");
    await send(customer, conversationId, "sent while away 2");
    const resumed = await callerFor(db, bus, artist).message.onMessage({ conversationId, lastEventId: lastSeen });
    const items = await take(resumed[Symbol.asyncIterator](), 2);
    expect(items.map((item) => untrack<Sent>(item).data.text)).toEqual(["sent while away 1", "sent while away 2"]);
  });
});
