import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectDatabase, type Database } from "@/server/db/connect";
import { sqlQueryOf } from "@/server/db/query";
import { createMemoryEventBus } from "@/server/realtime/event-bus";
import { createLocalImageStore } from "@/server/storage/local-store";
import type { ImageStore } from "@/server/storage/image-store";
import { callerFor, conversationPair, makeUser, type TestUser } from "@tests/support/fixtures";
import { photo } from "@tests/support/images";
import { databaseForThisFile } from "@tests/support/test-file";
import type { ScreenedText } from "./screen-message";
import { sendInOneStatement, type SendStatementInput } from "./send-statement";
import { saveUpload } from "./uploads";

const { db, bus } = databaseForThisFile();
let imagesDir: string;
let images: ImageStore;

beforeAll(() => {
  imagesDir = mkdtempSync(path.join(tmpdir(), "glow-send-statement-test-"));
  images = createLocalImageStore(imagesDir);
});
afterAll(() => rmSync(imagesDir, { recursive: true, force: true }));

const plain = (text: string): ScreenedText => ({ text, originalText: null, contactDetailsHidden: false, flagged: [] });

function input(sender: TestUser, conversationId: string, text: string, more: Partial<SendStatementInput> = {}): SendStatementInput {
  return {
    conversationId,
    senderId: sender.id,
    clientId: randomUUID(),
    bookingId: null,
    attachmentIds: [],
    hidden: plain(text),
    allowed: plain(text),
    ...more,
  };
}

async function stored(conversationId: string) {
  const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { lastSeq: true } });
  const messages = await db.prisma.message.count({ where: { conversationId } });
  return { lastSeq: conversation.lastSeq, messages };
}

describe("the one-statement send", () => {
  it("stores a text with the next seq, moves lastSeq and the sender's read position, and says who to tell", async () => {
    const { customer, artist, conversationId } = await conversationPair(db, bus);
    const first = await sendInOneStatement(sqlQueryOf(db), input(customer, conversationId, "Hello"));
    const second = await sendInOneStatement(sqlQueryOf(db), input(artist, conversationId, "Hi!"));
    expect(first?.message).toMatchObject({ seq: 1, text: "Hello", senderId: customer.id, kind: "TEXT", attachments: [] });
    expect(second?.message).toMatchObject({ seq: 2, text: "Hi!", senderId: artist.id });
    expect(second?.participantIds.sort()).toEqual([customer.id, artist.id].sort());
    expect(second?.appendedBy).toEqual({ actorId: artist.id });
    // What it returns is what is stored, the time included.
    const row = await db.prisma.message.findUniqueOrThrow({ where: { id: second!.message.id }, include: { attachments: true } });
    expect(row.createdAt).toEqual(second!.message.createdAt);
    expect(await stored(conversationId)).toEqual({ lastSeq: 2, messages: 2 });
    const reader = await db.prisma.participant.findUniqueOrThrow({
      where: { conversationId_userId: { conversationId, userId: artist.id } },
      select: { lastReadSeq: true, lastReadAt: true },
    });
    expect(reader).toEqual({ lastReadSeq: 2, lastReadAt: second!.message.createdAt });
  });

  it("stores the variant for the pair's booking state: contact details hidden before a confirmed booking", async () => {
    const { customer, conversationId } = await conversationPair(db, bus);
    const hidden: ScreenedText = { text: "Call me on [contact details hidden]", originalText: "Call me on 0612345678", contactDetailsHidden: true, flagged: [] };
    const sent = await sendInOneStatement(sqlQueryOf(db), input(customer, conversationId, "", { hidden, allowed: plain("Call me on 0612345678") }));
    expect(sent?.message).toMatchObject({ text: hidden.text, originalText: hidden.originalText, contactDetailsHidden: true });
  });

  it("claims the sender's photos in the order given, in the same statement", async () => {
    const { customer, conversationId } = await conversationPair(db, bus);
    const bytes = await photo(64, 48, "jpeg");
    const a = (await saveUpload({ prisma: db.prisma, images }, customer, conversationId, bytes)).id;
    const b = (await saveUpload({ prisma: db.prisma, images }, customer, conversationId, bytes)).id;
    const sent = await sendInOneStatement(sqlQueryOf(db), input(customer, conversationId, "", { attachmentIds: [b, a] }));
    expect(sent?.message.kind).toBe("IMAGE");
    expect(sent?.message.attachments).toEqual([
      { id: b, width: 64, height: 48, mime: "image/jpeg" },
      { id: a, width: 64, height: 48, mime: "image/jpeg" },
    ]);
    const uploads = await db.prisma.upload.findMany({ where: { id: { in: [a, b] } }, select: { id: true, messageId: true, position: true } });
    expect(uploads.sort((x, y) => x.position - y.position)).toEqual([
      { id: b, messageId: sent!.message.id, position: 0 },
      { id: a, messageId: sent!.message.id, position: 1 },
    ]);
  });

  describe("stores nothing, for the full path to answer", () => {
    it("a retry of a stored clientId", async () => {
      const { customer, conversationId } = await conversationPair(db, bus);
      const first = input(customer, conversationId, "Once");
      expect(await sendInOneStatement(sqlQueryOf(db), first)).not.toBeNull();
      expect(await sendInOneStatement(sqlQueryOf(db), first)).toBeNull();
      expect(await stored(conversationId)).toEqual({ lastSeq: 1, messages: 1 });
    });

    it("a pair with a block either way", async () => {
      const { customer, artist, conversationId } = await conversationPair(db, bus);
      await db.prisma.block.create({ data: { blockerId: artist.id, blockedId: customer.id } });
      expect(await sendInOneStatement(sqlQueryOf(db), input(customer, conversationId, "Hello"))).toBeNull();
      expect(await sendInOneStatement(sqlQueryOf(db), input(artist, conversationId, "Hello"))).toBeNull();
      expect(await stored(conversationId)).toEqual({ lastSeq: 0, messages: 0 });
    });

    it("someone who is not a participant", async () => {
      const { conversationId } = await conversationPair(db, bus);
      const stranger = await makeUser(db.prisma, "CUSTOMER");
      expect(await sendInOneStatement(sqlQueryOf(db), input(stranger, conversationId, "Hello"))).toBeNull();
      expect(await stored(conversationId)).toEqual({ lastSeq: 0, messages: 0 });
    });

    it("a photo that is not the sender's, and a booking of another conversation", async () => {
      const { customer, artist, conversationId } = await conversationPair(db, bus);
      const theirs = (await saveUpload({ prisma: db.prisma, images }, artist, conversationId, await photo(32, 32, "jpeg"))).id;
      expect(await sendInOneStatement(sqlQueryOf(db), input(customer, conversationId, "", { attachmentIds: [theirs] }))).toBeNull();
      expect(await sendInOneStatement(sqlQueryOf(db), input(customer, conversationId, "Look", { bookingId: "cnosuchbooking00000000000" }))).toBeNull();
      expect(await stored(conversationId)).toEqual({ lastSeq: 0, messages: 0 });
      expect((await db.prisma.upload.findUniqueOrThrow({ where: { id: theirs } })).messageId).toBeNull();
    });

    it("a conversation someone holds at that moment: it does not wait for it", async () => {
      const { customer, conversationId } = await conversationPair(db, bus);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let held!: () => void;
      const holding = new Promise<void>((resolve) => (held = resolve));
      const holder = db.prisma.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Conversation" WHERE id = ${conversationId} FOR UPDATE`;
        held();
        await released;
      });
      await holding;
      // Answered while the row is still held: it skipped the row instead of queueing behind it.
      const result = await sendInOneStatement(sqlQueryOf(db), input(customer, conversationId, "Hello"));
      release();
      await holder;
      expect(result).toBeNull();
      expect(await stored(conversationId)).toEqual({ lastSeq: 0, messages: 0 });
    });
  });
});

describe("message.send", () => {
  it("sends a common text without a transaction, and a retry through the full path with the same answer", async () => {
    const { customer, conversationId } = await conversationPair(db, bus);
    const transactions = vi.spyOn(db.prisma, "$transaction");
    try {
      const caller = callerFor(db, bus, customer);
      const clientId = randomUUID();
      const sent = await caller.message.send({ conversationId, clientId, text: "Hello" });
      expect(transactions).not.toHaveBeenCalled();
      const again = await caller.message.send({ conversationId, clientId, text: "Hello" });
      expect(transactions).toHaveBeenCalledTimes(1);
      expect(again).toEqual(sent);
    } finally {
      transactions.mockRestore();
    }
  });
});

describe("on the embedded PGlite (the zero-config default)", () => {
  let pglite: Database;
  const pgliteBus = createMemoryEventBus();
  beforeAll(async () => {
    pglite = await connectDatabase({ kind: "pglite" });
  });
  afterAll(async () => {
    await pgliteBus.close();
    await pglite?.close();
  });

  it("stores messages with photos in one statement", async () => {
    const { customer, artist, conversationId } = await conversationPair(pglite, pgliteBus);
    const upload = (await saveUpload({ prisma: pglite.prisma, images }, customer, conversationId, await photo(40, 30, "jpeg"))).id;
    const first = await sendInOneStatement(sqlQueryOf(pglite), input(customer, conversationId, "Look", { attachmentIds: [upload] }));
    const second = await sendInOneStatement(sqlQueryOf(pglite), input(artist, conversationId, "Lovely"));
    expect(first?.message).toMatchObject({ seq: 1, kind: "IMAGE", attachments: [{ id: upload, width: 40, height: 30, mime: "image/jpeg" }] });
    expect(second?.message).toMatchObject({ seq: 2, kind: "TEXT" });
    const row = await pglite.prisma.message.findUniqueOrThrow({ where: { id: second!.message.id } });
    expect(row.createdAt).toEqual(second!.message.createdAt);
  });
});
