import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channels, type BusEvent } from "@/server/realtime/event-bus";
import { REPORT_CONTEXT_SPAN } from "@/server/services/admin/conversation-view";
import { warningText } from "@/server/services/admin/report-queue";
import type { MessageDTO } from "@/server/services/message-dto";
import { readUpload } from "@/server/services/uploads";
import { createLocalImageStore } from "@/server/storage/local-store";
import { REMOVED_MESSAGE_TEXT } from "@/shared/moderation";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, conversationPair, failure, makeUser, onMessageAs, untrack, type TestUser } from "@tests/support/fixtures";
import { take } from "@tests/support/wait";

const { db, bus } = databaseForThisFile();
const imagesDir = mkdtempSync(path.join(tmpdir(), "glow-admin-reports-"));
const images = createLocalImageStore(imagesDir);
afterAll(() => rmSync(imagesDir, { recursive: true, force: true }));

let admin: TestUser;
beforeAll(async () => {
  admin = await makeUser(db.prisma, "ADMIN");
});

const reports = () => callerFor(db, bus, admin).admin.reports;
const send = (user: TestUser, conversationId: string, text: string, attachmentIds?: string[]) =>
  callerFor(db, bus, user).message.send({ conversationId, clientId: randomUUID(), text, attachmentIds });

/** A conversation in which the artist wrote something the customer reports. */
async function reportedMessage(text = "pay me in cash, outside the app") {
  const pair = await conversationPair(db, bus);
  const message = await send(pair.artist, pair.conversationId, text);
  const report = await callerFor(db, bus, pair.customer).report.create({ messageId: message.id, reason: "OFF_PLATFORM_PAYMENT", note: "asked for cash" });
  return { ...pair, message, report };
}

/** Everything a failed resolution must have left as it was. */
async function snapshotOf(reportId: string, conversationId: string | null) {
  return {
    report: await db.prisma.report.findUniqueOrThrow({ where: { id: reportId } }),
    audit: await db.prisma.auditEntry.count(),
    messages: conversationId ? await db.prisma.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" } }) : [],
    users: await db.prisma.user.findMany({ orderBy: { id: "asc" } }),
    sessions: await db.prisma.session.findMany({ orderBy: { id: "asc" } }),
  };
}

/** Records what is published on the given channels while `run` runs. */
async function eventsDuring(channelNames: string[], run: () => Promise<unknown>): Promise<BusEvent[]> {
  const heard: BusEvent[] = [];
  const stops = channelNames.map((channel) => bus.subscribe(channel, (event) => heard.push(event)));
  try {
    await run();
  } finally {
    for (const stop of stops) stop();
  }
  return heard;
}

describe("admin.reports.list", () => {
  it("shows OPEN reports oldest first by default, the keyword filter's AUTOMATIC ones among them; RESOLVED ones newest first", async () => {
    const first = await reportedMessage();
    const flagged = await callerFor(db, bus, admin).admin.keywords.add({ term: "wire me", action: "FLAG" });
    const automatic = await send(first.customer, first.conversationId, "just wire me the deposit");
    await callerFor(db, bus, admin).admin.keywords.remove({ id: flagged.id });
    const person = await callerFor(db, bus, first.artist).report.create({ userId: first.customer.id, reason: "HARASSMENT" });
    const automaticReport = await db.prisma.report.findFirstOrThrow({ where: { messageId: automatic.id } });

    const mine = new Set([first.report.id, automaticReport.id, person.id]);
    const open = (await reports().list({})).items.filter((r) => mine.has(r.id));
    expect(open.map((r) => r.id)).toEqual([first.report.id, automaticReport.id, person.id]);
    expect(open[0]).toMatchObject({
      reason: "OFF_PLATFORM_PAYMENT",
      note: "asked for cash",
      status: "OPEN",
      reporter: { id: first.customer.id },
      reportedUser: { id: first.artist.id },
      openReportsAgainstUser: 1,
      conversationId: first.conversationId,
      messageId: first.message.id,
      messageSnapshot: expect.objectContaining({ text: "pay me in cash, outside the app", senderId: first.artist.id }),
      messageRemoved: false,
      resolution: null,
    });
    expect(open[1]).toMatchObject({ reason: "AUTOMATIC", reporter: null, reportedUser: { id: first.customer.id }, openReportsAgainstUser: 2 });
    expect(open[2]).toMatchObject({ reason: "HARASSMENT", reportedUser: { id: first.customer.id }, messageId: null, messageSnapshot: null });
    expect(await reports().list({ status: "OPEN" })).toEqual(await reports().list({}));

    // Newest reports first (by when they were filed, whatever the order they were resolved in).
    await reports().resolve({ id: person.id, action: "DISMISS", note: "Nothing in the messages" });
    await reports().resolve({ id: first.report.id, action: "DISMISS", note: "Agreed on card payment later" });
    const resolved = (await reports().list({ status: "RESOLVED" })).items.filter((r) => mine.has(r.id));
    expect(resolved.map((r) => r.id)).toEqual([person.id, first.report.id]);
    expect(resolved[1]).toMatchObject({ resolution: "DISMISS", resolutionNote: "Agreed on card payment later", resolvedBy: { id: admin.id, name: admin.name }, resolvedAt: expect.any(Date) });
    expect((await reports().list({})).items.map((r) => r.id)).not.toContain(first.report.id);
  });
});

describe("reading the queue", () => {
  it("is recorded in the audit trail before it is read (it shows what reported messages said)", async () => {
    const before = await db.prisma.auditEntry.count({ where: { adminId: admin.id, action: "report.list" } });
    await reports().list({ status: "RESOLVED" });
    const entry = await db.prisma.auditEntry.findFirstOrThrow({ where: { adminId: admin.id, action: "report.list" }, orderBy: { createdAt: "desc" } });
    expect(entry).toMatchObject({ targetType: "report", details: { status: "RESOLVED", cursor: null } });
    expect(await db.prisma.auditEntry.count({ where: { adminId: admin.id, action: "report.list" } })).toBe(before + 1);
  });
});

describe("admin.reports.context", () => {
  it(`shows the reported message with ${REPORT_CONTEXT_SPAN} messages each side, and is recorded`, async () => {
    const { customer, artist, conversationId } = await conversationPair(db, bus);
    const sent = [];
    for (let i = 1; i <= 10; i++) sent.push(await send(i % 2 ? customer : artist, conversationId, `message ${i}`));
    const reported = sent[5]!; // seq 6, from the artist
    const { id } = await callerFor(db, bus, customer).report.create({ messageId: reported.id, reason: "SPAM" });

    const before = await db.prisma.auditEntry.count();
    const context = await reports().context({ id });
    expect(context.reportedSeq).toBe(reported.seq);
    expect(context.conversation).toMatchObject({ id: conversationId, customer: { id: customer.id }, artist: { id: artist.id } });
    expect(context.items.map((m) => m.seq)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(context.items.map((m) => m.text)).toEqual(["message 3", "message 4", "message 5", "message 6", "message 7", "message 8", "message 9"]);

    expect(await db.prisma.auditEntry.count()).toBe(before + 1);
    expect(await db.prisma.auditEntry.findFirstOrThrow({ where: { targetId: id } })).toMatchObject({
      adminId: admin.id,
      action: "report.context",
      targetType: "report",
      reason: `Report ${id}`,
      details: { conversationId },
    });
  });

  it("a report about a person has no messages to show", async () => {
    const { customer, artist } = await conversationPair(db, bus);
    const { id } = await callerFor(db, bus, customer).report.create({ userId: artist.id, reason: "OTHER" });
    expect(await reports().context({ id })).toEqual({ conversation: null, items: [], reportedSeq: null });
  });
});

describe("admin.reports.resolve", () => {
  it("DISMISS: resolves the report, records it, and changes nothing in the conversation", async () => {
    const { report, message, conversationId } = await reportedMessage();
    const before = await db.prisma.message.findMany({ where: { conversationId } });
    const resolved = await reports().resolve({ id: report.id, action: "DISMISS", note: "  Not against the guidelines  " });
    expect(resolved).toMatchObject({ id: report.id, status: "RESOLVED", resolution: "DISMISS", resolutionNote: "Not against the guidelines", resolvedBy: { id: admin.id } });
    expect(await db.prisma.message.findMany({ where: { conversationId } })).toEqual(before);
    expect(await db.prisma.auditEntry.findMany({ where: { targetId: report.id } })).toEqual([
      expect.objectContaining({
        adminId: admin.id,
        action: "report.resolve.dismiss",
        targetType: "report",
        reason: "Not against the guidelines",
        details: expect.objectContaining({ resolution: "DISMISS", messageId: message.id, conversationId }),
      }),
    ]);
  });

  it("an already resolved report is CONFLICT, and the first decision stands", async () => {
    const { report } = await reportedMessage();
    await reports().resolve({ id: report.id, action: "DISMISS", note: "First decision" });
    const entries = await db.prisma.auditEntry.count();
    expect(await failure(reports().resolve({ id: report.id, action: "SUSPEND_USER", note: "Second thoughts" }))).toMatchObject({ code: "CONFLICT" });
    expect(await db.prisma.report.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({ resolution: "DISMISS", resolutionNote: "First decision" });
    expect(await db.prisma.auditEntry.count()).toBe(entries);
  });

  it("two admins resolving the same report at once: one decision is taken, the other admin is told CONFLICT", async () => {
    const { report } = await reportedMessage();
    const otherAdmin = await makeUser(db.prisma, "ADMIN");
    const outcomes = await Promise.allSettled([
      reports().resolve({ id: report.id, action: "DISMISS", note: "Fine by me" }),
      callerFor(db, bus, otherAdmin).admin.reports.resolve({ id: report.id, action: "WARN_USER", note: "Warn them" }),
    ]);
    const refused = outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason as { code: string });
    expect(refused.map((e) => e.code)).toEqual(["CONFLICT"]);
    expect(await db.prisma.auditEntry.count({ where: { targetId: report.id } })).toBe(1);
  });

  describe("REMOVE_MESSAGE", () => {
    it("replaces the text for both participants, takes its photos away from them (not from Glow support), and settles the message's other open reports", async () => {
      const { customer, artist, conversationId } = await conversationPair(db, bus);
      const fullKey = await images.put("photo", Buffer.from("the full photo"), "image/jpeg");
      const thumbKey = await images.put("thumb", Buffer.from("the thumbnail"), "image/webp");
      const upload = await db.prisma.upload.create({
        data: { conversationId, uploaderId: artist.id, storage: "local", fullKey, thumbKey, mime: "image/jpeg", width: 640, height: 480, thumbMime: "image/webp", thumbWidth: 480, thumbHeight: 360, bytes: 14 },
      });
      const flag = await callerFor(db, bus, admin).admin.keywords.add({ term: "cash only", action: "FLAG" });
      const message = await send(artist, conversationId, "cash only, look at this", [upload.id]);
      await callerFor(db, bus, admin).admin.keywords.remove({ id: flag.id });
      const automatic = await db.prisma.report.findFirstOrThrow({ where: { messageId: message.id, reason: "AUTOMATIC" } });
      const report = await callerFor(db, bus, customer).report.create({ messageId: message.id, reason: "INAPPROPRIATE_PHOTO" });
      const photo = (viewer: TestUser) => readUpload({ prisma: db.prisma, images }, viewer, upload.id, "full");
      for (const viewer of [customer, artist, admin]) expect(await photo(viewer)).not.toBeNull();

      // The participant's thread is open, the message on screen (read from the backlog, so the
      // stream is listening by then).
      const listening = await onMessageAs(db, bus, customer, { conversationId, lastEventId: String(message.seq - 1) });
      try {
        expect(untrack<MessageDTO>((await take(listening.iterator, 1))[0]).data).toMatchObject({ id: message.id, text: "cash only, look at this" });
        const resolved = await reports().resolve({ id: report.id, action: "REMOVE_MESSAGE", note: "Photo against the guidelines" });
        expect(resolved).toMatchObject({ status: "RESOLVED", resolution: "REMOVE_MESSAGE", messageRemoved: true });

        // The participant's open thread gets the message again, changed, under the same seq.
        const [changed] = await take(listening.iterator, 1);
        expect(untrack<MessageDTO>(changed)).toMatchObject({
          id: String(message.seq),
          data: { id: message.id, seq: message.seq, text: REMOVED_MESSAGE_TEXT, removed: true, attachments: [] },
        });
      } finally {
        listening.stop();
      }

      for (const participant of [customer, artist]) {
        const shown = (await callerFor(db, bus, participant).message.list({ conversationId })).items.find((m) => m.id === message.id);
        expect(shown).toMatchObject({ seq: message.seq, text: REMOVED_MESSAGE_TEXT, removed: true, attachments: [] });
        expect(JSON.stringify(shown)).not.toContain("cash only");
        expect(await photo(participant)).toBeNull();
      }
      expect(await photo(admin)).toMatchObject({ mime: "image/jpeg", content: { type: "bytes", data: Buffer.from("the full photo") } });
      expect(await db.prisma.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ originalText: "cash only, look at this", removedAt: expect.any(Date) });

      expect(await db.prisma.report.findUniqueOrThrow({ where: { id: automatic.id } })).toMatchObject({
        status: "RESOLVED",
        resolution: "REMOVE_MESSAGE",
        resolutionNote: "Photo against the guidelines",
        resolvedById: admin.id,
      });
      // (One transaction: both entries carry its start time.)
      const recorded = await db.prisma.auditEntry.findMany({ where: { targetId: { in: [report.id, message.id] } }, orderBy: { action: "desc" } });
      expect(recorded.map((e) => [e.action, e.targetType, e.targetId])).toEqual([
        ["report.resolve.remove_message", "report", report.id],
        ["message.remove", "message", message.id],
      ]);
    });

    it("two admins removing the same message through two of its reports at once: removed once, both reports resolved, no unexpected error", async () => {
      const { customer, artist, conversationId } = await conversationPair(db, bus);
      const flag = await callerFor(db, bus, admin).admin.keywords.add({ term: "venmo me", action: "FLAG" });
      const message = await send(artist, conversationId, "just venmo me instead");
      await callerFor(db, bus, admin).admin.keywords.remove({ id: flag.id });
      const automatic = await db.prisma.report.findFirstOrThrow({ where: { messageId: message.id } });
      const byCustomer = await callerFor(db, bus, customer).report.create({ messageId: message.id, reason: "OFF_PLATFORM_PAYMENT" });
      const otherAdmin = await makeUser(db.prisma, "ADMIN");

      const outcomes = await Promise.allSettled([
        reports().resolve({ id: automatic.id, action: "REMOVE_MESSAGE", note: "Off-platform payment" }),
        callerFor(db, bus, otherAdmin).admin.reports.resolve({ id: byCustomer.id, action: "REMOVE_MESSAGE", note: "Off-platform payment too" }),
      ]);
      const codes = outcomes.map((o) => (o.status === "fulfilled" ? "OK" : ((o.reason as { code: string }).code)));
      // (A deadlock between the two would fail one of them with INTERNAL_SERVER_ERROR.)
      expect(codes.filter((c) => c !== "OK" && c !== "CONFLICT")).toEqual([]);
      expect(codes).toContain("OK");
      for (const id of [automatic.id, byCustomer.id]) {
        expect(await db.prisma.report.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "RESOLVED", resolution: "REMOVE_MESSAGE" });
      }
      expect(await db.prisma.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ text: REMOVED_MESSAGE_TEXT, originalText: "just venmo me instead" });
    });

    it("tells both participants' inboxes", async () => {
      const { customer, artist, conversationId, report } = await reportedMessage();
      const heard = await eventsDuring([channels.user(customer.id), channels.user(artist.id)], () =>
        reports().resolve({ id: report.id, action: "REMOVE_MESSAGE", note: "Off-platform payment" }),
      );
      expect(heard).toEqual([
        { type: "inbox", conversationId },
        { type: "inbox", conversationId },
      ]);
    });

    it("of a report about a person: BAD_REQUEST, and nothing is written", async () => {
      const { customer, artist, conversationId } = await conversationPair(db, bus);
      const { id } = await callerFor(db, bus, customer).report.create({ userId: artist.id, reason: "HARASSMENT" });
      const before = await snapshotOf(id, conversationId);
      expect(await failure(reports().resolve({ id, action: "REMOVE_MESSAGE", note: "Remove it" }))).toMatchObject({
        code: "BAD_REQUEST",
        message: "This report is about a person, not a message: there is no message to remove.",
      });
      expect(await snapshotOf(id, conversationId)).toEqual(before);
    });
  });

  describe("WARN_USER", () => {
    it("puts a SYSTEM message naming the person in their conversation, which both see live", async () => {
      const { customer, artist, conversationId, report } = await reportedMessage();
      const { lastSeq } = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
      const streams = await Promise.all([customer, artist].map((user) => onMessageAs(db, bus, user, { conversationId, lastEventId: String(lastSeq) })));
      try {
        await reports().resolve({ id: report.id, action: "WARN_USER", note: "First warning about cash" });
        for (const stream of streams) {
          const [item] = await take(stream.iterator, 1);
          expect(untrack<MessageDTO>(item).data).toMatchObject({ seq: lastSeq + 1, kind: "SYSTEM", senderId: null, text: warningText(artist.name) });
        }
      } finally {
        for (const stream of streams) stream.stop();
      }
      const recorded = await db.prisma.auditEntry.findMany({ where: { targetId: { in: [report.id, artist.id] } }, orderBy: { action: "asc" } });
      expect(recorded.map((e) => [e.action, e.targetId])).toEqual([
        ["report.resolve.warn_user", report.id],
        ["user.warn", artist.id],
      ]);
      expect(await db.prisma.user.findUniqueOrThrow({ where: { id: artist.id } })).toMatchObject({ suspendedAt: null });
    });

    it("of a report about a person goes into the conversation between the two", async () => {
      const { customer, artist, conversationId } = await conversationPair(db, bus);
      const { id } = await callerFor(db, bus, artist).report.create({ userId: customer.id, reason: "HARASSMENT" });
      await reports().resolve({ id, action: "WARN_USER", note: "Rude on the phone" });
      const last = await db.prisma.message.findFirstOrThrow({ where: { conversationId }, orderBy: { seq: "desc" } });
      expect(last).toMatchObject({ kind: "SYSTEM", text: warningText(customer.name) });
    });

    it("when the two have no conversation: BAD_REQUEST, and nothing is written", async () => {
      const reporter = await makeUser(db.prisma, "ARTIST");
      const stranger = await makeUser(db.prisma, "CUSTOMER");
      const { id } = await callerFor(db, bus, reporter).report.create({ userId: stranger.id, reason: "SPAM" });
      const before = await snapshotOf(id, null);
      const messages = await db.prisma.message.count();
      expect(await failure(reports().resolve({ id, action: "WARN_USER", note: "Warn them" }))).toMatchObject({ code: "BAD_REQUEST" });
      expect(await snapshotOf(id, null)).toEqual(before);
      expect(await db.prisma.message.count()).toBe(messages);
    });

    it("when the last step fails (the report cannot be marked), the warning, the audit entries and the event are all undone", async () => {
      const { customer, artist, conversationId, report } = await reportedMessage();
      const before = await snapshotOf(report.id, conversationId);
      await db.prisma.$executeRawUnsafe(`
        CREATE FUNCTION test_refuse_report_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'reports cannot be changed right now'; END $$`);
      await db.prisma.$executeRawUnsafe(`CREATE TRIGGER test_refuse_report_update BEFORE UPDATE ON "Report" FOR EACH ROW EXECUTE FUNCTION test_refuse_report_update()`);
      try {
        const heard = await eventsDuring([channels.conversation(conversationId), channels.user(customer.id), channels.user(artist.id)], async () => {
          expect(await failure(reports().resolve({ id: report.id, action: "WARN_USER", note: "Would warn" }))).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
        });
        expect(heard).toEqual([]);
      } finally {
        await db.prisma.$executeRawUnsafe(`DROP TRIGGER test_refuse_report_update ON "Report"`);
        await db.prisma.$executeRawUnsafe(`DROP FUNCTION test_refuse_report_update()`);
      }
      expect(await snapshotOf(report.id, conversationId)).toEqual(before);
    });
  });

  describe("SUSPEND_USER", () => {
    it("without suspendDays: suspends the reported person until lifted and ends their sessions", async () => {
      const { artist, report } = await reportedMessage();
      await reports().resolve({ id: report.id, action: "SUSPEND_USER", note: "Repeated off-platform payment requests" });
      expect(await db.prisma.user.findUniqueOrThrow({ where: { id: artist.id } })).toMatchObject({
        suspendedAt: expect.any(Date),
        suspendedUntil: null,
        suspensionReason: "Repeated off-platform payment requests",
      });
      expect(await db.prisma.session.findUniqueOrThrow({ where: { id: artist.sessionId } })).toMatchObject({ endedAt: expect.any(Date) });
      expect(await db.prisma.auditEntry.findFirstOrThrow({ where: { targetId: artist.id, action: "user.suspend" } })).toMatchObject({
        details: { reportId: report.id, days: null },
      });
      expect((await callerFor(db, bus, admin).admin.users.byId({ userId: artist.id })).suspension).toMatchObject({ until: null });
    });

    it("with suspendDays: until that many days from now", async () => {
      const { artist, report } = await reportedMessage();
      const started = Date.now();
      await reports().resolve({ id: report.id, action: "SUSPEND_USER", note: "A week off", suspendDays: 7 });
      const { suspendedUntil } = await db.prisma.user.findUniqueOrThrow({ where: { id: artist.id } });
      expect(suspendedUntil!.getTime()).toBeGreaterThanOrEqual(started + 7 * 86_400_000);
      expect(suspendedUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 7 * 86_400_000);
      expect(await db.prisma.auditEntry.findFirstOrThrow({ where: { targetId: report.id } })).toMatchObject({ details: expect.objectContaining({ suspendDays: 7 }) });
    });

    it("suspendDays with any other resolution is BAD_REQUEST, and nothing is written", async () => {
      const { report, conversationId } = await reportedMessage();
      const before = await snapshotOf(report.id, conversationId);
      expect(await failure(reports().resolve({ id: report.id, action: "WARN_USER", note: "Warn", suspendDays: 3 }))).toMatchObject({ code: "BAD_REQUEST" });
      expect(await snapshotOf(report.id, conversationId)).toEqual(before);
    });
  });
});
