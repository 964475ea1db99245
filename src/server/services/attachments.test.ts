import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalImageStore } from "@/server/storage/local-store";
import type { ImageStore } from "@/server/storage/image-store";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, conversationPair, failure, makeUser, NO_SUCH_ID, untrack, type TestUser } from "@tests/support/fixtures";
import { halfTransparentPng, photo } from "@tests/support/images";
import type { MessageDTO } from "./message-dto";
import { saveUpload } from "./uploads";

const { db, bus } = databaseForThisFile();
let imagesDir: string;
let images: ImageStore;
let jpeg: Buffer;
let png: Buffer;

beforeAll(async () => {
  imagesDir = mkdtempSync(path.join(tmpdir(), "glow-attachments-test-"));
  images = createLocalImageStore(imagesDir);
  jpeg = await photo(640, 480, "jpeg");
  png = await halfTransparentPng();
});
afterAll(async () => {
  if (imagesDir) rmSync(imagesDir, { recursive: true, force: true });
});

const pair = () => conversationPair(db, bus);

async function upload(user: TestUser, conversationId: string, bytes = jpeg): Promise<string> {
  return (await saveUpload({ prisma: db.prisma, images }, user, conversationId, bytes)).id;
}

async function sendPhotos(user: TestUser, conversationId: string, attachmentIds: string[], text = "") {
  return callerFor(db, bus, user).message.send({ conversationId, clientId: randomUUID(), text, attachmentIds });
}

const photoOf = (id: string, width: number, height: number, mime: string) => ({
  id,
  url: `/api/uploads/${id}/full`,
  thumbUrl: `/api/uploads/${id}/thumb`,
  width,
  height,
  mime,
});

/** Nothing was written: no message, seq still 0, and the uploads belong to no message. */
async function expectNothingStored(conversationId: string, uploadIds: string[]) {
  expect(await db.prisma.message.count({ where: { conversationId } })).toBe(0);
  expect((await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } })).lastSeq).toBe(0);
  const uploads = await db.prisma.upload.findMany({ where: { id: { in: uploadIds } }, select: { messageId: true } });
  expect(uploads).toEqual(uploadIds.map(() => ({ messageId: null })));
}

describe("sending photos", () => {
  it("sends photos without text as an IMAGE message, in the order given, with their urls, sizes and types", async () => {
    const { customer, conversationId } = await pair();
    const first = await upload(customer, conversationId, jpeg);
    const second = await upload(customer, conversationId, png);
    const third = await upload(customer, conversationId, await photo(300, 200));
    const clientId = randomUUID();
    const message = await callerFor(db, bus, customer).message.send({ conversationId, clientId, attachmentIds: [second, third, first] });
    expect(message).toEqual({
      id: expect.any(String),
      conversationId,
      seq: 1,
      senderId: customer.id,
      kind: "IMAGE",
      text: "",
      createdAt: expect.any(Date),
      clientId,
      bookingId: null,
      attachments: [photoOf(second, 64, 64, "image/webp"), photoOf(third, 300, 200, "image/jpeg"), photoOf(first, 640, 480, "image/jpeg")],
      contactDetailsHidden: false,
      removed: false,
      deleted: false,
    });
    const stored = await db.prisma.upload.findMany({ where: { messageId: message.id }, select: { id: true, position: true } });
    expect(stored.sort((a, b) => a.position - b.position)).toEqual([
      { id: second, position: 0 },
      { id: third, position: 1 },
      { id: first, position: 2 },
    ]);
  });

  it("keeps the caption of a message with text and photos", async () => {
    const { customer, conversationId } = await pair();
    const id = await upload(customer, conversationId);
    const message = await sendPhotos(customer, conversationId, [id], "  The look I want \n");
    expect(message).toMatchObject({ kind: "IMAGE", text: "The look I want", attachments: [photoOf(id, 640, 480, "image/jpeg")] });
  });

  it("gives a text message no attachments", async () => {
    const { customer, conversationId } = await pair();
    const message = await callerFor(db, bus, customer).message.send({ conversationId, clientId: randomUUID(), text: "hi" });
    expect(message).toMatchObject({ kind: "TEXT", attachments: [] });
  });

  it("takes 6 photos in one message", async () => {
    const { customer, conversationId } = await pair();
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await upload(customer, conversationId));
    expect((await sendPhotos(customer, conversationId, ids)).attachments.map((a) => a.id)).toEqual(ids);
  });

  it("returns the same message with its photos when the same clientId is retried, storing it once", async () => {
    const { customer, conversationId } = await pair();
    const ids = [await upload(customer, conversationId), await upload(customer, conversationId, png)];
    const caller = callerFor(db, bus, customer);
    const clientId = randomUUID();
    const first = await caller.message.send({ conversationId, clientId, text: "", attachmentIds: ids });
    const retry = await caller.message.send({ conversationId, clientId, text: "", attachmentIds: ids });
    expect(retry).toEqual(first);
    expect(retry.attachments.map((a) => a.id)).toEqual(ids);
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(1);
  });
});

describe("photos a message may not take", () => {
  it("refuses someone else's upload with BAD_REQUEST, storing nothing and leaving both uploads unattached", async () => {
    const { customer, artist, conversationId } = await pair();
    const mine = await upload(customer, conversationId);
    const theirs = await upload(artist, conversationId);
    expect(await failure(sendPhotos(customer, conversationId, [mine, theirs]))).toEqual({
      code: "BAD_REQUEST",
      message: "A photo in this message is not one you uploaded. Attach it again.",
    });
    await expectNothingStored(conversationId, [mine, theirs]);
  });

  it("refuses an id that is no upload at all with the same BAD_REQUEST", async () => {
    const { customer, conversationId } = await pair();
    expect(await failure(sendPhotos(customer, conversationId, [NO_SUCH_ID]))).toEqual({
      code: "BAD_REQUEST",
      message: "A photo in this message is not one you uploaded. Attach it again.",
    });
    await expectNothingStored(conversationId, []);
  });

  it("refuses the sender's own upload to another conversation with BAD_REQUEST", async () => {
    const { customer, conversationId } = await pair();
    const otherArtist = await makeUser(db.prisma, "ARTIST");
    const other = (await callerFor(db, bus, customer).conversation.getOrCreate({ participantId: otherArtist.id })).id;
    const elsewhere = await upload(customer, other);
    expect(await failure(sendPhotos(customer, conversationId, [elsewhere]))).toEqual({
      code: "BAD_REQUEST",
      message: "A photo in this message was uploaded to another conversation. Attach it here again.",
    });
    await expectNothingStored(conversationId, [elsewhere]);
  });

  it("refuses an upload already sent with BAD_REQUEST, leaving it with its first message", async () => {
    const { customer, conversationId } = await pair();
    const id = await upload(customer, conversationId);
    const first = await sendPhotos(customer, conversationId, [id]);
    expect(await failure(sendPhotos(customer, conversationId, [id], "again"))).toEqual({
      code: "BAD_REQUEST",
      message: "A photo in this message was already sent. Attach it again to send it once more.",
    });
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(1);
    expect(await db.prisma.upload.findUniqueOrThrow({ where: { id } })).toMatchObject({ messageId: first.id, position: 0 });
  });

  it("refuses 7 photos, and an empty list, with BAD_REQUEST saying 1 to 6", async () => {
    const { customer, conversationId } = await pair();
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await upload(customer, conversationId));
    for (const attachmentIds of [ids, []]) {
      expect(await failure(sendPhotos(customer, conversationId, attachmentIds, "seven"))).toEqual({
        code: "BAD_REQUEST",
        message: "attachmentIds: must hold 1 to 6 photos",
      });
    }
    await expectNothingStored(conversationId, ids);
  });

  it("refuses the same photo listed twice with BAD_REQUEST", async () => {
    const { customer, conversationId } = await pair();
    const id = await upload(customer, conversationId);
    expect(await failure(sendPhotos(customer, conversationId, [id, id]))).toEqual({
      code: "BAD_REQUEST",
      message: "attachmentIds: must not list a photo twice",
    });
    await expectNothingStored(conversationId, [id]);
  });

  /** Exactly one of two sends of the same upload got it; the other was told why; one message. */
  async function expectOneWinner(results: PromiseSettledResult<MessageDTO>[], conversationId: string, uploadId: string) {
    const won = results.filter((r): r is PromiseFulfilledResult<MessageDTO> => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect([won.length, lost.length]).toEqual([1, 1]);
    expect(lost[0]!.reason).toMatchObject({
      code: "BAD_REQUEST",
      message: "A photo in this message was already sent. Attach it again to send it once more.",
    });
    expect(won[0]!.value.attachments.map((a) => a.id)).toEqual([uploadId]);
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(1);
    expect(await db.prisma.upload.findUniqueOrThrow({ where: { id: uploadId } })).toMatchObject({ messageId: won[0]!.value.id });
  }

  it("lets exactly one of two concurrent sends racing for the same upload have it", async () => {
    const { customer, conversationId } = await pair();
    const id = await upload(customer, conversationId);
    const results = await Promise.allSettled([
      sendPhotos(customer, conversationId, [id], "first"),
      sendPhotos(customer, conversationId, [id], "second"),
    ]);
    await expectOneWinner(results, conversationId, id);
  });

  // Two connections can only truly overlap on a real Postgres (PGlite runs one transaction at a
  // time). Both sends are made to wait behind a lock on the conversation, then let go together.
  it.runIf(process.env.TEST_DATABASE_URL)("lets exactly one have it when both sends are already under way at once (Postgres)", async () => {
    const { customer, conversationId } = await pair();
    const id = await upload(customer, conversationId);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM "Conversation" WHERE id = ${conversationId} FOR UPDATE`;
        locked();
        await released;
      },
      { maxWait: 30_000, timeout: 60_000 },
    );
    await isLocked;
    let settled = false;
    const sends = Promise.allSettled([
      sendPhotos(customer, conversationId, [id], "first"),
      sendPhotos(customer, conversationId, [id], "second"),
    ]).finally(() => (settled = true));
    // Wait (for a state, not a time) until both sends are blocked on a lock inside their transaction.
    for (;;) {
      const [row] = await db.prisma.$queryRaw<{ waiting: number }[]>`
        SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      if ((row?.waiting ?? 0) >= 2 || settled) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    release();
    await holder;
    await expectOneWinner(await sends, conversationId, id);
  });
});

describe("every way of reading messages carries their photos", () => {
  it("message.list", async () => {
    const { customer, artist, conversationId } = await pair();
    const sent = await sendPhotos(customer, conversationId, [await upload(customer, conversationId), await upload(customer, conversationId, png)], "two");
    const { items } = await callerFor(db, bus, artist).message.list({ conversationId });
    expect(items).toEqual([sent]);
    expect(items[0]!.attachments).toHaveLength(2);
  });

  it("message.onMessage, from the backlog and live", async () => {
    const { customer, artist, conversationId } = await pair();
    const earlier = await sendPhotos(customer, conversationId, [await upload(customer, conversationId)]);
    const controller = new AbortController();
    try {
      const stream = await callerFor(db, bus, artist, controller.signal).message.onMessage({ conversationId, lastEventId: "0" });
      const iterator = stream[Symbol.asyncIterator]();
      // The backlog: the subscription is listening by the time it yields this.
      const fromBacklog = await iterator.next();
      expect(untrack<MessageDTO>(fromBacklog.value)).toEqual({ id: "1", data: earlier });
      // Sent while the stream is open: arrives with its photos too.
      const later = await sendPhotos(customer, conversationId, [await upload(customer, conversationId, png)], "and this");
      const live = await iterator.next();
      expect(untrack<MessageDTO>(live.value)).toEqual({ id: "2", data: later });
      expect(later.attachments).toHaveLength(1);
    } finally {
      controller.abort();
    }
  });

  it("conversation.list's lastMessage, for both participants", async () => {
    const { customer, artist, conversationId } = await pair();
    const sent = await sendPhotos(customer, conversationId, [await upload(customer, conversationId)], "latest");
    for (const user of [customer, artist]) {
      const { items } = await callerFor(db, bus, user).conversation.list();
      expect(items.find((c) => c.id === conversationId)?.lastMessage).toEqual(sent);
    }
  });
});
