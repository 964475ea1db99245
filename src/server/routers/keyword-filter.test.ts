import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, conversationPair, failure, makeUser, onMessageAs, untrack, type TestUser } from "@tests/support/fixtures";
import { TEST_REDIS_URL } from "@tests/support/limits";
import { waitFor } from "@tests/support/wait";
import { createRedisEventBus } from "@/server/realtime/redis-event-bus";
import type { MessageDTO } from "@/server/services/message-dto";
import { normalizeTerm } from "@/server/safety/keyword-matcher";

const { db, bus } = databaseForThisFile();

let customer: TestUser;
let artist: TestUser;
let admin: TestUser;
let conversationId: string;

beforeAll(async () => {
  ({ customer, artist, conversationId } = await conversationPair(db, bus));
  admin = await makeUser(db.prisma, "ADMIN");
});

const asAdmin = () => callerFor(db, bus, admin).admin.keywords;
const send = (text: string, user = customer) => callerFor(db, bus, user).message.send({ conversationId, clientId: randomUUID(), text });

async function withTerms<T>(terms: { term: string; action: "BLOCK" | "FLAG" | "MASK" }[], run: () => Promise<T>): Promise<T> {
  const added = [];
  for (const term of terms) added.push(await asAdmin().add(term));
  try {
    return await run();
  } finally {
    for (const { id } of added) await asAdmin().remove({ id });
  }
}

describe("admin.keywords", () => {
  it("is for Glow support only: customers and artists get FORBIDDEN, anonymous callers UNAUTHORIZED, and nothing changes", async () => {
    for (const user of [customer, artist]) {
      const as = callerFor(db, bus, user).admin.keywords;
      expect(await failure(as.add({ term: "scam", action: "BLOCK" }))).toMatchObject({ code: "FORBIDDEN" });
      expect(await failure(as.list())).toMatchObject({ code: "FORBIDDEN" });
      expect(await failure(as.remove({ id: admin.id }))).toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await failure(callerFor(db, bus, null).admin.keywords.list())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await db.prisma.keyword.count()).toBe(0);
  });

  it("adds, lists alphabetically, changes the action of the same term in another spelling, and removes", async () => {
    const scam = await asAdmin().add({ term: "  Scam ", action: "BLOCK" });
    expect(scam).toEqual({ id: expect.any(String), term: "Scam", action: "BLOCK", createdAt: expect.any(Date) });
    await asAdmin().add({ term: "bank transfer", action: "FLAG" });
    const again = await asAdmin().add({ term: "SCAM", action: "MASK" });
    expect(again).toMatchObject({ id: scam.id, term: "Scam", action: "MASK" });
    expect((await asAdmin().list()).map((k) => [k.term, k.action])).toEqual([
      ["bank transfer", "FLAG"],
      ["Scam", "MASK"],
    ]);
    for (const { id } of await asAdmin().list()) await expect(asAdmin().remove({ id })).resolves.toEqual({ id });
    expect(await failure(asAdmin().remove({ id: scam.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await asAdmin().list()).toEqual([]);
  });

  it("imports a list: new terms added, known ones (in any spelling) given the list's action, in force on the next send", async () => {
    await asAdmin().add({ term: "Cash Only", action: "FLAG" });
    const result = await asAdmin().import({ terms: ["wire me", "", "CASH ONLY", "***", "Wire Me"], action: "BLOCK" });
    expect(result).toEqual({
      added: 1,
      updated: 1,
      skipped: [
        { term: "***", reason: "has no letters or digits" },
        { term: "Wire Me", reason: 'the same term as "wire me"' },
      ],
    });
    expect((await asAdmin().list()).map((k) => [k.term, k.action])).toEqual([
      ["Cash Only", "BLOCK"],
      ["wire me", "BLOCK"],
    ]);
    expect(await failure(send("please wire me the deposit"))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(send("cash only, sorry"))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(asAdmin().import({ terms: ["!!!", " "], action: "MASK" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^terms: /) });
    for (const { id } of await asAdmin().list()) await asAdmin().remove({ id });
  });

  it("refuses a term with nothing to match and a term over 100 characters", async () => {
    expect(await failure(asAdmin().add({ term: "!!!", action: "BLOCK" }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^term: /) });
    expect(await failure(asAdmin().add({ term: "x".repeat(101), action: "BLOCK" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.prisma.keyword.count()).toBe(0);
  });
});

describe("the keyword filter on every send", () => {
  it("BLOCK: BAD_REQUEST with a sentence that does not repeat the term; nothing is stored", async () => {
    await withTerms([{ term: "scammer", action: "BLOCK" }], async () => {
      const before = await db.prisma.message.count({ where: { conversationId } });
      const error = await failure(send("you are a SCAMMER, honestly"));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/community guidelines/);
      expect(error.message.toLowerCase()).not.toContain("scammer");
      expect(await db.prisma.message.count({ where: { conversationId } })).toBe(before);
    });
  });

  it("BLOCK in a booking request's note: BAD_REQUEST naming the note, no booking and no SYSTEM message", async () => {
    const service = await callerFor(db, bus, artist).service.create({ name: "Lashes", durationMinutes: 60, priceCents: 5_000 });
    await withTerms([{ term: "scammer", action: "BLOCK" }], async () => {
      const before = { bookings: await db.prisma.booking.count(), messages: await db.prisma.message.count({ where: { conversationId } }) };
      const error = await failure(callerFor(db, bus, customer).booking.create({ serviceId: service.id, startsAt: new Date(Date.now() + 86_400_000), note: "last one was a scammer" }));
      expect(error.code).toBe("BAD_REQUEST");
      expect(error.message).toMatch(/^note: /);
      expect(error.message).not.toContain("scammer");
      expect({ bookings: await db.prisma.booking.count(), messages: await db.prisma.message.count({ where: { conversationId } }) }).toEqual(before);
    });
  });

  it("MASK: stored and delivered with the term starred; the original is kept for admins only", async () => {
    await withTerms([{ term: "rubbish", action: "MASK" }], async () => {
      const { lastSeq } = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      const stream = await onMessageAs(db, bus, artist, { conversationId, lastEventId: String(lastSeq) });
      try {
        const sent = await send("that was rubbish work");
        expect(sent.text).toBe("that was ******* work");
        const delivered = untrack<MessageDTO>((await stream.iterator.next()).value).data;
        expect(delivered.text).toBe("that was ******* work");
        expect(JSON.stringify(delivered)).not.toContain("rubbish");
        const history = await callerFor(db, bus, artist).message.list({ conversationId });
        expect(history.items.at(-1)?.text).toBe("that was ******* work");
        expect(await db.prisma.message.findUniqueOrThrow({ where: { id: sent.id } })).toMatchObject({
          text: "that was ******* work",
          originalText: "that was rubbish work",
          contactDetailsHidden: false,
        });
      } finally {
        stream.stop();
      }
    });
  });

  it("FLAG: delivered unchanged, and an AUTOMATIC report with a snapshot goes to the moderation queue", async () => {
    await withTerms([{ term: "bank transfer", action: "FLAG" }], async () => {
      const sent = await send("can I pay by bank transfer? bank transfer is easier");
      expect(sent.text).toBe("can I pay by bank transfer? bank transfer is easier");
      const reports = await db.prisma.report.findMany({ where: { messageId: sent.id } });
      expect(reports).toEqual([
        expect.objectContaining({
          reason: "AUTOMATIC",
          reporterId: null,
          status: "OPEN",
          reportedUserId: customer.id,
          conversationId,
          note: 'Keyword filter: "bank transfer"',
          messageSnapshot: expect.objectContaining({ text: sent.text, senderId: customer.id, senderName: customer.name }),
        }),
      ]);
    });
  });

  it("a photo-only message has no text to check", async () => {
    await withTerms([{ term: "scammer", action: "BLOCK" }], async () => {
      const upload = await db.prisma.upload.create({
        data: { conversationId, uploaderId: customer.id, storage: "local", fullKey: "f", thumbKey: "t", mime: "image/jpeg", width: 1, height: 1, thumbMime: "image/jpeg", thumbWidth: 1, thumbHeight: 1, bytes: 1 },
      });
      await expect(callerFor(db, bus, customer).message.send({ conversationId, clientId: randomUUID(), attachmentIds: [upload.id] })).resolves.toMatchObject({ kind: "IMAGE" });
    });
  });
});

describe("the filter sees through evasion, and respects word boundaries, on the send path", () => {
  const terms = [
    { term: "idiot", action: "BLOCK" as const },
    { term: "ass", action: "BLOCK" as const },
    { term: "cunt", action: "BLOCK" as const },
  ];
  const evasions: [string, string][] = [
    ["Unicode NFKC (fullwidth letters)", "you ｉｄｉｏｔ"],
    ["case", "you IDIOT"],
    ["zero-width and invisible characters", "you id\u200Bi\u00ADo\u2060t"],
    ["look-alike letters from other scripts (Cyrillic і, о)", "you \u0456d\u0456\u043Et"],
    ["repeated letters", "you idiooooooot"],
    ["spacing", "you i d i o t"],
    ["digit swaps", "you 1d10t"],
    ["punctuation inside the word", "you i.d.i.o.t"],
  ];
  for (const [evasion, text] of evasions) {
    it(`${evasion}: "${text}" is refused`, async () => {
      await withTerms(terms, async () => {
        expect(await failure(send(text))).toMatchObject({ code: "BAD_REQUEST" });
      });
    });
  }
  for (const text of ["I grew up in Scunthorpe", "the skin assessment went well", "a classic red lip", "Cassie's brass compact"]) {
    it(`a short term does not hit inside a longer word: "${text}" is sent as written`, async () => {
      await withTerms(terms, async () => {
        await expect(send(text)).resolves.toMatchObject({ text });
      });
    });
  }
});

describe("a change whose event never arrived", () => {
  it("is found by the once-a-second comparison and in force within about a second", async () => {
    // A term written straight to the database: no event, as when Redis was away at the moment of
    // the change and the process never heard of it.
    await expect(send("a charlatan, frankly")).resolves.toBeDefined();
    const term = await db.prisma.keyword.create({ data: { term: "charlatan", normalized: normalizeTerm("charlatan"), action: "BLOCK" } });
    try {
      await waitFor(async () => (await failure(send("a charlatan, frankly"))).code === "BAD_REQUEST", "the term to be in force without an event", {
        timeoutMs: 3_000,
        intervalMs: 100,
      });
    } finally {
      await db.prisma.keyword.delete({ where: { id: term.id } });
    }
  });
});

describe("a change to the filter on one process", () => {
  const redisBuses = [createRedisEventBus(TEST_REDIS_URL), createRedisEventBus(TEST_REDIS_URL)];
  afterAll(async () => {
    for (const redisBus of redisBuses) await redisBus.close();
  });

  it("is in force on another process within 1 s, both ways", async () => {
    const [here, there] = redisBuses as [typeof bus, typeof bus];
    await waitFor(() => here.isConnected() && there.isConnected(), "both processes on Redis", { timeoutMs: 5_000 });
    const sendThere = (text: string) => callerFor(db, there, customer).message.send({ conversationId, clientId: randomUUID(), text });
    // The other process has its filter loaded (no terms) before the change.
    await expect(sendThere("what a grifter")).resolves.toMatchObject({ text: "what a grifter" });

    const { id } = await callerFor(db, here, admin).admin.keywords.add({ term: "grifter", action: "BLOCK" });
    await waitFor(async () => (await failure(sendThere("what a grifter"))).code === "BAD_REQUEST", "the BLOCK term to be in force there", {
      timeoutMs: 1_000,
      intervalMs: 20,
    });

    await callerFor(db, here, admin).admin.keywords.remove({ id });
    await waitFor(async () => (await sendThere("what a grifter").then(() => true, () => false)), "the term to be lifted there", {
      timeoutMs: 1_000,
      intervalMs: 20,
    });
  });
});
