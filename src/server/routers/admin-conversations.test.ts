import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { channels, type BusEvent } from "@/server/realtime/event-bus";
import { CONVERSATION_SEARCH_PAGE_SIZE } from "@/server/services/admin/conversation-search";
import { MESSAGE_PAGE_SIZE } from "@/server/services/messages";
import { REMOVED_MESSAGE_TEXT } from "@/shared/moderation";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, callerFrom, failure, makePair, makeUser, NO_SUCH_ID, type TestUser } from "@tests/support/fixtures";

const { db, bus } = databaseForThisFile();

let admin: TestUser;
let customer: TestUser;
let artist: TestUser;
let conversationId: string;
let bookingId: string;
/** Another conversation, which no search for the first one should find. */
let other: { customer: TestUser; artist: TestUser; conversationId: string };

const asAdmin = () => callerFor(db, bus, admin).admin.conversations;
const send = (user: TestUser, text: string, id = conversationId) => callerFor(db, bus, user).message.send({ conversationId: id, clientId: randomUUID(), text });

async function pairWithConversation(names: { customer: string; artist: string }) {
  const pair = await makePair(db.prisma, names);
  const { id } = await callerFor(db, bus, pair.customer).conversation.getOrCreate({ participantId: pair.artist.id });
  return { ...pair, conversationId: id };
}

/** Entries of the audit trail written while `run` ran (the trail only grows). */
async function auditWrittenBy(run: () => Promise<unknown>) {
  const before = new Set((await db.prisma.auditEntry.findMany({ select: { id: true } })).map((e) => e.id));
  await run().catch(() => {});
  return (await db.prisma.auditEntry.findMany({ orderBy: { createdAt: "asc" } })).filter((e) => !before.has(e.id));
}

beforeAll(async () => {
  admin = await makeUser(db.prisma, "ADMIN");
  ({ customer, artist, conversationId } = await pairWithConversation({ customer: "Philippa Quenby", artist: "Oriane Vasquez-Thorn" }));
  other = await pairWithConversation({ customer: "Bertram Oakes", artist: "Lucinda Marsh" });
  const service = await callerFor(db, bus, artist).service.create({ name: "Brows", durationMinutes: 30, priceCents: 2_500 });
  ({ id: bookingId } = await callerFor(db, bus, customer).booking.create({ serviceId: service.id, startsAt: new Date(Date.now() + 86_400_000) }));
  await send(customer, "Can we talk about the marigold tattoo design?");
  await send(other.customer, "Just a plain hello here", other.conversationId);
  // A word masked by the keyword filter: participants see stars, what was written stays for admins.
  const masked = await callerFor(db, bus, admin).admin.keywords.add({ term: "zanzibarite", action: "MASK" });
  const sent = await send(artist, "you zanzibarite, pay up");
  expect(sent.text).not.toContain("zanzibarite");
  await callerFor(db, bus, admin).admin.keywords.remove({ id: masked.id });
});

describe("admin.conversations.search", () => {
  const idsFound = async (input: Parameters<ReturnType<typeof asAdmin>["search"]>[0]) => (await asAdmin().search(input)).items.map((c) => c.id);

  it("finds a conversation by a participant's name or email, in any case, and not the others", async () => {
    for (const query of ["quenby", "PHILIPPA", "Vasquez-Thorn", customer.email, artist.email.toUpperCase()]) {
      const { items } = await asAdmin().search({ query });
      expect(items.map((c) => c.id)).toEqual([conversationId]);
      expect(items[0]).toMatchObject({
        customer: { id: customer.id, name: "Philippa Quenby", email: customer.email, role: "CUSTOMER", suspended: false },
        artist: { id: artist.id, name: "Oriane Vasquez-Thorn" },
        bookings: 1,
        matchedBy: ["participant"],
      });
    }
  });

  it("a % or _ in the query is taken literally, not as a wildcard", async () => {
    expect(await idsFound({ query: "%" })).toEqual([]);
    expect(await idsFound({ query: "Philippa_Quenby" })).toEqual([]);
  });

  it("finds it by its id, by its booking's id, and by a participant's id", async () => {
    expect((await asAdmin().search({ query: conversationId })).items).toEqual([expect.objectContaining({ id: conversationId, matchedBy: ["id"] })]);
    expect((await asAdmin().search({ query: bookingId })).items).toEqual([expect.objectContaining({ id: conversationId, matchedBy: ["booking"] })]);
    expect((await asAdmin().search({ query: customer.id })).items).toEqual([expect.objectContaining({ id: conversationId, matchedBy: ["participant"] })]);
    expect(await idsFound({ query: NO_SUCH_ID })).toEqual([]);
  });

  it("narrows by userId and by bookingId, with or without a query", async () => {
    expect(await idsFound({ userId: artist.id })).toEqual([conversationId]);
    expect(await idsFound({ userId: other.customer.id })).toEqual([other.conversationId]);
    expect(await idsFound({ bookingId })).toEqual([conversationId]);
    expect(await idsFound({ userId: other.customer.id, bookingId })).toEqual([]);
    expect(await idsFound({ userId: customer.id, query: "marigold" })).toEqual([conversationId]);
    expect(await idsFound({ userId: other.customer.id, query: "marigold" })).toEqual([]);
  });

  it("finds it by words in its messages", async () => {
    const { items } = await asAdmin().search({ query: "marigold tattoo" });
    expect(items).toEqual([expect.objectContaining({ id: conversationId, matchedBy: ["words"] })]);
    expect(await idsFound({ query: "hello" })).toEqual([other.conversationId]);
    expect(await idsFound({ query: "unwritten-word-xyzzy" })).toEqual([]);
  });

  it("finds a common word (in thousands of messages: conversations are walked, not the index read) just the same", async () => {
    const a = await pairWithConversation({ customer: "Walk Customer", artist: "Walk Artist" });
    const b = await pairWithConversation({ customer: "Skip Customer", artist: "Skip Artist" });
    // 2,500 messages with the word in one conversation, and 50 without it in another, inserted
    // directly (seq kept gap-free), then the statistics the planner estimates from.
    for (const [id, count, text] of [
      [a.conversationId, 2_500, "ombre ombre glossy"],
      [b.conversationId, 50, "nothing to see"],
    ] as const) {
      await db.prisma.$executeRaw`
        INSERT INTO "Message" (id, "conversationId", seq, kind, text, "createdAt")
        SELECT 'cwalk' || substr(md5(${id} || n::text), 1, 24), ${id}, n, 'TEXT', ${text}, now() FROM generate_series(1, ${count}::int) n`;
      await db.prisma.conversation.update({ where: { id }, data: { lastSeq: count, updatedAt: new Date() } });
    }
    await db.prisma.$executeRawUnsafe(`ANALYZE "Message"`);
    expect(await idsFound({ query: "ombre" })).toEqual([a.conversationId]);
    expect(await idsFound({ query: "glossy ombre" })).toEqual([a.conversationId]);
  });

  it("finds words participants no longer see: a masked word, in what was written", async () => {
    const stored = await db.prisma.message.findFirstOrThrow({ where: { conversationId, originalText: { contains: "zanzibarite" } } });
    expect(stored.text).not.toContain("zanzibarite");
    expect(await idsFound({ query: "zanzibarite" })).toEqual([conversationId]);
  });

  it("pages through many conversations, most recently active first, each once", async () => {
    const busy = await makeUser(db.prisma, "CUSTOMER", "Busy Customer");
    const expected: string[] = [];
    for (let i = 0; i < CONVERSATION_SEARCH_PAGE_SIZE + 3; i++) {
      const someArtist = await makeUser(db.prisma, "ARTIST");
      const { id } = await callerFor(db, bus, busy).conversation.getOrCreate({ participantId: someArtist.id });
      expected.unshift(id);
    }
    const first = await asAdmin().search({ userId: busy.id });
    expect(first.items).toHaveLength(CONVERSATION_SEARCH_PAGE_SIZE);
    expect(first.nextCursor).toBe(first.items.at(-1)!.id);
    const second = await asAdmin().search({ userId: busy.id, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((c) => c.id)).toEqual(expected);
  });

  it("is recorded in the audit trail, with the query and filters", async () => {
    const entries = await auditWrittenBy(() => asAdmin().search({ query: "marigold", userId: customer.id }));
    expect(entries).toEqual([
      expect.objectContaining({
        adminId: admin.id,
        adminEmail: admin.email,
        action: "conversation.search",
        targetType: "conversation",
        targetId: customer.id,
        details: { query: "marigold", userId: customer.id, bookingId: null },
      }),
    ]);
  });
});

describe("admin.conversations.view", () => {
  const REASON = "Dispute #4411: customer says the artist never showed";

  it("needs a reason of at least 10 characters: BAD_REQUEST, and nothing recorded", async () => {
    for (const reason of ["", "too short", "   short      "]) {
      const entries = await auditWrittenBy(async () => {
        expect(await failure(asAdmin().view({ conversationId, reason }))).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^reason: /) });
      });
      expect(entries).toEqual([]);
    }
  });

  it("records who read it, why, from which address and browser", async () => {
    const origin = { clientIp: "203.0.113.7", userAgent: "Mozilla/5.0 (Glow support laptop)" };
    const entries = await auditWrittenBy(() => callerFrom(db, bus, admin, origin).admin.conversations.view({ conversationId, reason: `  ${REASON}  ` }));
    expect(entries).toEqual([
      expect.objectContaining({
        adminId: admin.id,
        adminEmail: admin.email,
        action: "conversation.view",
        targetType: "conversation",
        targetId: conversationId,
        reason: REASON,
        ip: "203.0.113.7",
        userAgent: "Mozilla/5.0 (Glow support laptop)",
        details: { beforeSeq: null },
      }),
    ]);
  });

  it("records the read before reading: a change made as the entry is written shows in the page returned", async () => {
    const first = await db.prisma.message.findFirstOrThrow({ where: { conversationId, kind: "TEXT" }, orderBy: { seq: "asc" } });
    // Runs in the statement that writes the entry: a read done before it would not see the change.
    await db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION test_touch_message() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE "Message" SET "text" = 'changed as the audit entry was written' WHERE id = '${first.id}'; RETURN NEW; END $$`);
    await db.prisma.$executeRawUnsafe(`CREATE TRIGGER test_touch_message AFTER INSERT ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION test_touch_message()`);
    try {
      const page = await asAdmin().view({ conversationId, reason: REASON });
      expect(page.items.find((m) => m.id === first.id)?.text).toBe("changed as the audit entry was written");
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP TRIGGER test_touch_message ON "AuditEntry"`);
      await db.prisma.$executeRawUnsafe(`DROP FUNCTION test_touch_message()`);
      await db.prisma.message.update({ where: { id: first.id }, data: { text: first.text } });
    }
  });

  it("returns no message when the entry cannot be written", async () => {
    await db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the audit trail is unavailable'; END $$`);
    await db.prisma.$executeRawUnsafe(`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION test_refuse_audit()`);
    try {
      const outcome = await asAdmin()
        .view({ conversationId, reason: REASON })
        .then((page) => ({ page }), (error: unknown) => ({ error }));
      expect(outcome).not.toHaveProperty("page");
      expect(JSON.stringify(outcome)).not.toContain("marigold");
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP TRIGGER test_refuse_audit ON "AuditEntry"`);
      await db.prisma.$executeRawUnsafe(`DROP FUNCTION test_refuse_audit()`);
    }
  });

  it("an admin whose account is gone (between the check of their session and the read) is refused and reads nothing", async () => {
    const leaving = await makeUser(db.prisma, "ADMIN");
    const caller = callerFor(db, bus, leaving).admin.conversations;
    await db.prisma.user.delete({ where: { id: leaving.id } });
    expect(await failure(caller.view({ conversationId, reason: REASON }))).toEqual({ code: "FORBIDDEN", message: "Only Glow support can do this." });
    expect(await failure(caller.search({ query: "marigold" }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await db.prisma.auditEntry.count({ where: { adminId: leaving.id } })).toBe(0);
  });

  it("changes nothing the participants can see: no read position moves, no event goes out, the inbox order stays", async () => {
    const before = {
      participants: await db.prisma.participant.findMany({ where: { conversationId }, orderBy: { userId: "asc" } }),
      conversation: await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } }),
    };
    expect(before.conversation.lastSeq).toBeGreaterThan(0);
    const heard: BusEvent[] = [];
    const stops = [channels.conversation(conversationId), channels.user(customer.id), channels.user(artist.id)].map((channel) =>
      bus.subscribe(channel, (event) => heard.push(event)),
    );
    try {
      const page = await asAdmin().view({ conversationId, reason: REASON });
      expect(page.items.length).toBe(before.conversation.lastSeq);
      await asAdmin().search({ query: "marigold" });
    } finally {
      for (const stop of stops) stop();
    }
    expect(heard).toEqual([]);
    expect(await db.prisma.participant.findMany({ where: { conversationId }, orderBy: { userId: "asc" } })).toEqual(before.participants);
    expect(await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } })).toEqual(before.conversation);
  });

  it("shows the people, the bookings, and each message as written: a masked one with its original text", async () => {
    const page = await asAdmin().view({ conversationId, reason: REASON });
    expect(page.conversation).toMatchObject({
      id: conversationId,
      customer: { id: customer.id, name: customer.name },
      artist: { id: artist.id, name: artist.name },
      bookings: [expect.objectContaining({ id: bookingId, serviceName: "Brows", status: "PENDING" })],
    });
    const masked = page.items.find((m) => m.originalText === "you zanzibarite, pay up");
    expect(masked).toMatchObject({ senderId: artist.id, removed: false, removedAt: null });
    expect(masked!.text).not.toContain("zanzibarite");
    expect(page.items.find((m) => m.text.includes("marigold"))).toMatchObject({ originalText: null, removedAt: null });
  });

  it("shows a message Glow support removed as it was written, with its photos, marked removed", async () => {
    const upload = await db.prisma.upload.create({
      data: { conversationId, uploaderId: artist.id, storage: "local", fullKey: "f", thumbKey: "t", mime: "image/jpeg", width: 64, height: 48, thumbMime: "image/webp", thumbWidth: 64, thumbHeight: 48, bytes: 10 },
    });
    const rude = await callerFor(db, bus, artist).message.send({ conversationId, clientId: randomUUID(), text: "a rude caption", attachmentIds: [upload.id] });
    const report = await callerFor(db, bus, customer).report.create({ messageId: rude.id, reason: "HARASSMENT" });
    await callerFor(db, bus, admin).admin.reports.resolve({ id: report.id, action: "REMOVE_MESSAGE", note: "Harassment, removed" });

    const page = await asAdmin().view({ conversationId, reason: REASON });
    expect(page.items.find((m) => m.id === rude.id)).toMatchObject({
      text: REMOVED_MESSAGE_TEXT,
      originalText: "a rude caption",
      removed: true,
      removedAt: expect.any(Date),
      attachments: [{ id: upload.id, url: `/api/uploads/${upload.id}/full`, thumbUrl: `/api/uploads/${upload.id}/thumb`, width: 64, height: 48, mime: "image/jpeg" }],
    });
    // while the participants see neither the words nor the photo
    const theirs = (await callerFor(db, bus, customer).message.list({ conversationId })).items.find((m) => m.id === rude.id);
    expect(theirs).toMatchObject({ text: REMOVED_MESSAGE_TEXT, removed: true, attachments: [] });
  });

  it("pages back with beforeSeq, each page in ascending order and recorded", async () => {
    const long = await pairWithConversation({ customer: "Long Talker", artist: "Patient Listener" });
    const total = MESSAGE_PAGE_SIZE + 5;
    for (let i = 1; i <= total; i++) await send(i % 2 ? long.customer : long.artist, `line ${i}`, long.conversationId);

    const latest = await asAdmin().view({ conversationId: long.conversationId, reason: REASON });
    expect(latest.items.map((m) => m.seq)).toEqual(Array.from({ length: MESSAGE_PAGE_SIZE }, (_, i) => i + 6));
    expect(latest.nextBeforeSeq).toBe(6);
    const earlier = await asAdmin().view({ conversationId: long.conversationId, reason: REASON, beforeSeq: latest.nextBeforeSeq! });
    expect(earlier.items.map((m) => m.text)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5"]);
    expect(earlier.nextBeforeSeq).toBeNull();

    const recorded = await db.prisma.auditEntry.findMany({ where: { targetId: long.conversationId } });
    expect(recorded.map((e) => [e.action, e.details])).toHaveLength(2);
    expect(recorded.map((e) => [e.action, e.details])).toEqual(
      expect.arrayContaining([
        ["conversation.view", { beforeSeq: null }],
        ["conversation.view", { beforeSeq: 6 }],
      ]),
    );
  });

  it("a conversation that does not exist is NOT_FOUND (and the attempt is still recorded)", async () => {
    const entries = await auditWrittenBy(async () => {
      expect(await failure(asAdmin().view({ conversationId: NO_SUCH_ID, reason: REASON }))).toMatchObject({ code: "NOT_FOUND" });
    });
    expect(entries).toEqual([expect.objectContaining({ action: "conversation.view", targetId: NO_SUCH_ID })]);
  });
});
