import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, conversationPair, failure, makeUser, NO_SUCH_ID, type TestUser } from "@tests/support/fixtures";

const { db, bus } = databaseForThisFile();

let customer: TestUser;
let artist: TestUser;
let stranger: TestUser;
let conversationId: string;
let rude: { id: string; seq: number; createdAt: Date };

beforeAll(async () => {
  ({ customer, artist, conversationId } = await conversationPair(db, bus));
  stranger = await makeUser(db.prisma, "CUSTOMER");
  rude = await callerFor(db, bus, artist).message.send({ conversationId, clientId: randomUUID(), text: "pay me in cash, outside the app" });
});

describe("reporting a message", () => {
  it("keeps a snapshot of the message (text, photos, sender, time) that survives the message's removal", async () => {
    const { id } = await callerFor(db, bus, customer).report.create({ messageId: rude.id, reason: "OFF_PLATFORM_PAYMENT", note: "  asked for cash  " });
    const stored = await db.prisma.report.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({
      reporterId: customer.id,
      reason: "OFF_PLATFORM_PAYMENT",
      note: "asked for cash",
      status: "OPEN",
      reportedUserId: artist.id,
      messageId: rude.id,
      conversationId,
    });
    const snapshot = {
      seq: rude.seq,
      kind: "TEXT",
      text: "pay me in cash, outside the app",
      originalText: null,
      senderId: artist.id,
      senderName: artist.name,
      createdAt: rude.createdAt.toISOString(),
      photos: [],
    };
    expect(stored.messageSnapshot).toEqual(snapshot);

    await db.prisma.message.update({ where: { id: rude.id }, data: { text: "edited away" } });
    const doomed = await callerFor(db, bus, artist).message.send({ conversationId, clientId: randomUUID(), text: "doomed" });
    const report = await callerFor(db, bus, customer).report.create({ messageId: doomed.id, reason: "HARASSMENT" });
    await db.prisma.message.delete({ where: { id: doomed.id } });
    const kept = await db.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(kept.messageId).toBeNull();
    expect(kept.messageSnapshot).toMatchObject({ text: "doomed", senderId: artist.id });
    expect((await db.prisma.report.findUniqueOrThrow({ where: { id } })).messageSnapshot).toEqual(snapshot);
  });

  it("the same reporter reporting the same message again gets the same report, even at the same moment", async () => {
    const message = await callerFor(db, bus, artist).message.send({ conversationId, clientId: randomUUID(), text: "again and again" });
    const as = callerFor(db, bus, customer);
    const reports = await Promise.all([1, 2, 3, 4].map(() => as.report.create({ messageId: message.id, reason: "SPAM" })));
    expect(new Set(reports.map((r) => r.id)).size).toBe(1);
    expect(await as.report.create({ messageId: message.id, reason: "HARASSMENT" })).toEqual(reports[0]);
    expect(await db.prisma.report.count({ where: { messageId: message.id } })).toBe(1);
  });

  it("the photos of a reported message are in its snapshot", async () => {
    const upload = await db.prisma.upload.create({
      data: {
        conversationId,
        uploaderId: artist.id,
        storage: "local",
        fullKey: "f",
        thumbKey: "t",
        mime: "image/jpeg",
        width: 640,
        height: 480,
        thumbMime: "image/webp",
        thumbWidth: 480,
        thumbHeight: 360,
        bytes: 1000,
      },
    });
    const message = await callerFor(db, bus, artist).message.send({ conversationId, clientId: randomUUID(), attachmentIds: [upload.id] });
    const { id } = await callerFor(db, bus, customer).report.create({ messageId: message.id, reason: "INAPPROPRIATE_PHOTO" });
    const stored = await db.prisma.report.findUniqueOrThrow({ where: { id } });
    expect(stored.messageSnapshot).toMatchObject({ kind: "IMAGE", photos: [{ id: upload.id, width: 640, height: 480, mime: "image/jpeg" }] });
  });

  it("only participants can report a message: anyone else gets NOT_FOUND, as for a message that does not exist", async () => {
    for (const messageId of [rude.id, NO_SUCH_ID]) {
      expect(await failure(callerFor(db, bus, stranger).report.create({ messageId, reason: "SPAM" }))).toMatchObject({
        code: "NOT_FOUND",
        message: "This message was not found.",
      });
    }
    expect(await db.prisma.report.count({ where: { reporterId: stranger.id } })).toBe(0);
  });

  it("one's own messages and Glow's SYSTEM messages cannot be reported", async () => {
    const own = await callerFor(db, bus, customer).message.send({ conversationId, clientId: randomUUID(), text: "mine" });
    expect(await failure(callerFor(db, bus, customer).report.create({ messageId: own.id, reason: "SPAM" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "You can't report your own message.",
    });
    const service = await callerFor(db, bus, artist).service.create({ name: "Nails", durationMinutes: 30, priceCents: 1_000 });
    await callerFor(db, bus, customer).booking.create({ serviceId: service.id, startsAt: new Date(Date.now() + 86_400_000) });
    const system = await db.prisma.message.findFirstOrThrow({ where: { conversationId, kind: "SYSTEM" } });
    expect(await failure(callerFor(db, bus, customer).report.create({ messageId: system.id, reason: "OTHER" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "Messages from Glow can't be reported.",
    });
  });
});

describe("reporting a person", () => {
  it("files a report against them, with no message", async () => {
    const { id } = await callerFor(db, bus, artist).report.create({ userId: customer.id, reason: "HARASSMENT", note: "rude on the phone" });
    expect(await db.prisma.report.findUniqueOrThrow({ where: { id } })).toMatchObject({
      reporterId: artist.id,
      reportedUserId: customer.id,
      reason: "HARASSMENT",
      note: "rude on the phone",
      messageId: null,
      messageSnapshot: null,
    });
  });

  it("reporting the same person again while the first report is open returns that report", async () => {
    const other = await makeUser(db.prisma, "CUSTOMER");
    const as = callerFor(db, bus, artist);
    const first = await as.report.create({ userId: other.id, reason: "SPAM" });
    expect(await as.report.create({ userId: other.id, reason: "HARASSMENT" })).toEqual(first);
    await db.prisma.report.update({ where: { id: first.id }, data: { status: "RESOLVED" } });
    const later = await as.report.create({ userId: other.id, reason: "HARASSMENT" });
    expect(later.id).not.toBe(first.id);
    expect(await db.prisma.report.count({ where: { reportedUserId: other.id } })).toBe(2);
  });

  it("refuses oneself, Glow support and people who do not exist", async () => {
    const admin = await makeUser(db.prisma, "ADMIN");
    const as = callerFor(db, bus, artist);
    expect(await failure(as.report.create({ userId: artist.id, reason: "OTHER" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await failure(as.report.create({ userId: admin.id, reason: "OTHER" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(as.report.create({ userId: NO_SUCH_ID, reason: "OTHER" }))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("report.create input", () => {
  const loose = <T>(value: unknown) => value as T;
  it.each([
    ["both a message and a person", () => ({ messageId: rude.id, userId: artist.id, reason: "SPAM" }), /messageId or userId/],
    ["neither", () => ({ reason: "SPAM" }), /messageId or userId/],
    ["the AUTOMATIC reason (the filter's own)", () => ({ messageId: rude.id, reason: "AUTOMATIC" }), /^reason: must be "HARASSMENT"/],
    ["a note over 1000 characters", () => ({ messageId: rude.id, reason: "OTHER", note: "n".repeat(1001) }), /^note: must be at most 1000 characters$/],
  ])("refuses %s with BAD_REQUEST, storing nothing", async (_, input, message) => {
    const before = await db.prisma.report.count();
    const error = await failure(callerFor(db, bus, customer).report.create(loose<{ messageId: string; reason: "SPAM" }>(input())));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(message);
    expect(await db.prisma.report.count()).toBe(before);
  });

  it("anonymous callers get UNAUTHORIZED", async () => {
    await expect(callerFor(db, bus, null).report.create({ messageId: rude.id, reason: "SPAM" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
