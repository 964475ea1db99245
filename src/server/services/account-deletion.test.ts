import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { channels, type BusEvent } from "@/server/realtime/event-bus";
import { ACCOUNT_DELETED } from "@/server/services/access";
import { deletedEmail, WRONG_PASSWORD } from "@/server/services/account-deletion";
import { hashPassword } from "@/server/services/passwords";
import { startSession } from "@/server/services/sessions";
import { signInWithPassword } from "@/server/services/sign-in";
import { DELETED_USER_NAME } from "@/shared/account-deletion";
import { httpClient, sessionCookie } from "@tests/support/api-server";
import { failure, makeUser, type TestUser } from "@tests/support/fixtures";
import { photo } from "@tests/support/images";
import { generousLimits } from "@tests/support/limits";
import { MessageSubscription } from "@tests/support/message-subscription";
import { apiServerForThisFile, databaseForThisFile } from "@tests/support/test-file";

const { db, bus } = databaseForThisFile();
const server = apiServerForThisFile({ db, bus });

const PASSWORD = "a long enough password";
let admin: TestUser;
beforeAll(async () => {
  admin = await makeUser(db.prisma, "ADMIN");
});

const cookieOf = async (user: TestUser) => ({ cookie: await sessionCookie(user) });
const clientOf = async (user: TestUser) => httpClient(server.url, await cookieOf(user));

/** Someone who can really sign in (a real password hash). */
async function personWithPassword(role: "CUSTOMER" | "ARTIST", name?: string): Promise<TestUser> {
  const user = await makeUser(db.prisma, role, name);
  await db.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  return user;
}

const signIn = (email: string) => signInWithPassword({ prisma: db.prisma, signInFailures: generousLimits().signInFailures }, email, PASSWORD);

async function upload(user: TestUser, conversationId: string): Promise<string> {
  const body = new FormData();
  body.append("file", new Blob([new Uint8Array(await photo(320, 240))], { type: "image/jpeg" }), "photo.jpg");
  const response = await fetch(`${server.url}/api/uploads?conversationId=${conversationId}`, { method: "POST", body, headers: await cookieOf(user) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** The files of these uploads on disk (the local image store of the test server). */
async function photoFiles(uploadIds: string[]): Promise<string[]> {
  const rows = await db.prisma.upload.findMany({ where: { id: { in: uploadIds } }, select: { fullKey: true, thumbKey: true } });
  return rows.flatMap((row) => [row.fullKey, row.thumbKey]).map((key) => path.join(server.imagesDir!, key.slice(0, 2), key));
}

/** Every event published on a channel from now on. */
function record(channel: string): BusEvent[] {
  const events: BusEvent[] = [];
  bus.subscribe(channel, (event) => events.push(event));
  return events;
}

/**
 * A customer with a real password and a history with an artist: messages both ways (one with a
 * photo), an unsent photo, an upcoming booking with a note, a past confirmed one, a block, a push
 * device, a second signed-in device, and a report the artist filed about one of their messages.
 */
async function customerWithHistory() {
  const customer = await personWithPassword("CUSTOMER");
  const artist = await makeUser(db.prisma, "ARTIST", `Artist ${randomUUID().slice(0, 6)}`);
  const otherDevice: TestUser = { ...customer, sessionId: await startSession(db.prisma, customer.id) };
  const customerClient = await clientOf(customer);
  const artistClient = await clientOf(artist);
  const { id: conversationId } = await customerClient.conversation.getOrCreate.mutate({ participantId: artist.id });
  const service = await artistClient.service.create.mutate({ name: "Bridal makeup", durationMinutes: 90, priceCents: 12000 });
  const upcoming = await customerClient.booking.create.mutate({ serviceId: service.id, startsAt: new Date(Date.now() + 5 * 86_400_000), note: "Use the side door" });
  const past = await db.prisma.booking.create({
    data: { serviceId: service.id, customerId: customer.id, artistId: artist.id, conversationId, status: "CONFIRMED", startsAt: new Date(Date.now() - 86_400_000), note: "Bring the veil", originalNote: "Bring the veil!" },
  });
  const hello = await customerClient.message.send.mutate({ conversationId, clientId: randomUUID(), text: "Hello, I'm getting married" });
  const sentPhoto = await upload(customer, conversationId);
  const withPhoto = await customerClient.message.send.mutate({ conversationId, clientId: randomUUID(), text: "My dress", attachmentIds: [sentPhoto] });
  const unsentPhoto = await upload(customer, conversationId);
  const reply = await artistClient.message.send.mutate({ conversationId, clientId: randomUUID(), text: "Congratulations!" });
  const someoneElse = await makeUser(db.prisma, "ARTIST");
  await customerClient.user.block.mutate({ userId: someoneElse.id });
  await db.prisma.pushSubscription.create({ data: { userId: customer.id, endpoint: `https://push.example/${randomUUID()}`, p256dh: "key", auth: "auth" } });
  const report = await artistClient.report.create.mutate({ messageId: hello.id, reason: "OTHER", note: "just checking" });
  return { customer, otherDevice, artist, conversationId, upcoming, past, hello, withPhoto, reply, sentPhoto, unsentPhoto, report };
}

describe("user.deleteAccount", () => {
  it("refuses a wrong password with a sentence, and changes nothing", async () => {
    const { customer, conversationId } = await customerWithHistory();
    const client = await clientOf(customer);
    expect(await failure(client.user.deleteAccount.mutate({ password: "not my password" }))).toMatchObject({ code: "BAD_REQUEST", message: WRONG_PASSWORD });
    expect(await failure(client.user.deleteAccount.mutate({ password: "" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await client.user.me.query()).toMatchObject({ id: customer.id, name: customer.name, email: customer.email });
    expect(await db.prisma.message.count({ where: { conversationId, senderId: customer.id, deletedAt: { not: null } } })).toBe(0);
    expect(await db.prisma.session.count({ where: { userId: customer.id, endedAt: null } })).toBe(2);
  });

  it("ends every session, erases the profile, photos and message texts, cancels upcoming bookings and keeps the records", async () => {
    const h = await customerWithHistory();
    const { customer, artist, conversationId } = h;
    const files = await photoFiles([h.sentPhoto, h.unsentPhoto]);
    expect(files.every((file) => existsSync(file))).toBe(true);
    const lastSeq = (await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } })).lastSeq;
    // The artist has the thread open; the customer's sockets hear that their sessions ended.
    const artistThread = new MessageSubscription(server.wsUrl, await cookieOf(artist), { conversationId, lastEventId: String(lastSeq) });
    await artistThread.wait(() => artistThread.starts > 0, "the artist's thread to start");
    const sessionEvents = record(channels.sessions);
    const artistInbox = record(channels.user(artist.id));

    const deleted = await (await clientOf(customer)).user.deleteAccount.mutate({ password: PASSWORD });
    expect(deleted).toEqual({ userId: customer.id, sessionsEnded: 2, bookingsCancelled: 1, messagesErased: 2, photosErased: 2 });

    // Sessions: ended in the database, announced to every process, refused from now on.
    expect(await db.prisma.session.count({ where: { userId: customer.id, endedAt: null } })).toBe(0);
    expect(sessionEvents).toContainEqual({ type: "sessions-ended", sessionIds: expect.arrayContaining([customer.sessionId, h.otherDevice.sessionId]) });
    expect(await failure((await clientOf(h.otherDevice)).user.me.query())).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await signIn(customer.email)).toBeNull();

    // The profile.
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: customer.id } });
    expect(row).toMatchObject({ name: DELETED_USER_NAME, email: deletedEmail(customer.id), readReceipts: false, showPresence: false, pushPreviews: false, lastSeenAt: null });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.passwordHash.startsWith("scrypt$")).toBe(false);
    expect(await db.prisma.pushSubscription.count({ where: { userId: customer.id } })).toBe(0);
    expect(await db.prisma.block.count({ where: { OR: [{ blockerId: customer.id }, { blockedId: customer.id }] } })).toBe(0);

    // Photos: rows and files gone; the artist is no longer served the one they saw.
    expect(await db.prisma.upload.count({ where: { uploaderId: customer.id } })).toBe(0);
    expect(files.filter((file) => existsSync(file))).toEqual([]);
    expect((await fetch(`${server.url}/api/uploads/${h.sentPhoto}/full`, { headers: await cookieOf(artist) })).status).toBe(404);

    // The artist's history: the customer's messages read "Message deleted" from "Deleted user".
    const artistClient = await clientOf(artist);
    const history = await artistClient.message.list.query({ conversationId });
    const bySeq = new Map(history.items.map((m) => [m.id, m]));
    for (const id of [h.hello.id, h.withPhoto.id]) {
      expect(bySeq.get(id)).toMatchObject({ senderId: customer.id, text: "", deleted: true, attachments: [] });
    }
    expect(bySeq.get(h.reply.id)).toMatchObject({ text: "Congratulations!", deleted: false });
    const stored = await db.prisma.message.findMany({ where: { senderId: customer.id }, select: { text: true, originalText: true } });
    expect(stored).toEqual([
      { text: "", originalText: null },
      { text: "", originalText: null },
    ]);
    const cancellation = history.items.at(-1)!;
    expect(cancellation).toMatchObject({ kind: "SYSTEM", bookingId: h.upcoming.id, text: expect.stringMatching(/^Booking cancelled by Deleted user: Bridal makeup, /) });

    // The open thread is told: the erased messages in their new form, then the cancellation.
    await artistThread.wait(() => artistThread.received.some((d) => d.data.id === cancellation.id), "the cancellation to reach the artist's open thread");
    expect(artistThread.received.filter((d) => d.data.deleted).map((d) => d.data.id).sort()).toEqual([h.hello.id, h.withPhoto.id].sort());
    await artistThread.close();
    expect(artistInbox).toContainEqual({ type: "inbox", conversationId, accessChanged: true });

    // The conversation stays for the artist, with "Deleted user", closed to new messages.
    expect(await artistClient.conversation.byId.query({ id: conversationId })).toMatchObject({
      participant: { id: customer.id, name: DELETED_USER_NAME },
      participantDeleted: true,
      canSend: false,
    });
    const [listed] = (await artistClient.conversation.list.query({ limit: 20 })).items;
    expect(listed).toMatchObject({ id: conversationId, participant: { name: DELETED_USER_NAME }, canSend: false });
    expect(await failure(artistClient.message.send.mutate({ conversationId, clientId: randomUUID(), text: "Are you there?" }))).toMatchObject({
      code: "FORBIDDEN",
      message: ACCOUNT_DELETED,
    });

    // Bookings keep their record, with the anonymised name and no note.
    expect(await artistClient.booking.byId.query({ id: h.upcoming.id })).toMatchObject({ status: "CANCELLED", cancelledById: customer.id, note: null, customer: { name: DELETED_USER_NAME } });
    expect(await artistClient.booking.byId.query({ id: h.past.id })).toMatchObject({ status: "CONFIRMED", note: null, customer: { name: DELETED_USER_NAME } });
    expect(await db.prisma.booking.findUniqueOrThrow({ where: { id: h.past.id } })).toMatchObject({ originalNote: null });

    // The report, and its snapshot of the message, stay for Glow support.
    expect(await db.prisma.report.findUniqueOrThrow({ where: { id: h.report.id } })).toMatchObject({
      reportedUserId: customer.id,
      messageSnapshot: expect.objectContaining({ text: "Hello, I'm getting married" }),
    });
  });
});

describe("admin.users.delete", () => {
  const REASON = "GDPR request 4411 by email";

  it("is for admins only, needs a reason, and never deletes an admin or the admin themself", async () => {
    const customer = await makeUser(db.prisma, "CUSTOMER");
    const artist = await makeUser(db.prisma, "ARTIST");
    expect(await failure((await clientOf(artist)).admin.users.delete.mutate({ userId: customer.id, reason: REASON }))).toMatchObject({ code: "FORBIDDEN" });
    const adminClient = await clientOf(admin);
    expect(await failure(adminClient.admin.users.delete.mutate({ userId: customer.id, reason: "gdpr" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("reason: give at least 10 characters"),
    });
    expect(await failure(adminClient.admin.users.delete.mutate({ userId: admin.id, reason: REASON }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "You can't delete your own account.",
    });
    const otherAdmin = await makeUser(db.prisma, "ADMIN");
    expect(await failure(adminClient.admin.users.delete.mutate({ userId: otherAdmin.id, reason: REASON }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "Glow support accounts can't be deleted.",
    });
    const untouched = await db.prisma.user.findMany({ where: { id: { in: [customer.id, otherAdmin.id] } }, select: { deletedAt: true } });
    expect(untouched).toEqual([{ deletedAt: null }, { deletedAt: null }]);
    expect(await db.prisma.auditEntry.count({ where: { action: "user.delete" } })).toBe(0);
  });

  it("deletes an artist the same way, audited as user.delete with the reason; their directory entry and unbooked services go", async () => {
    const artist = await personWithPassword("ARTIST", `Ava ${randomUUID().slice(0, 6)}`);
    const customer = await makeUser(db.prisma, "CUSTOMER");
    const artistClient = await clientOf(artist);
    const customerClient = await clientOf(customer);
    const booked = await artistClient.service.create.mutate({ name: "Hair trial", durationMinutes: 60, priceCents: 5000 });
    const unbooked = await artistClient.service.create.mutate({ name: "Lashes", durationMinutes: 30, priceCents: 3000 });
    const booking = await customerClient.booking.create.mutate({ serviceId: booked.id, startsAt: new Date(Date.now() + 86_400_000) });
    await artistClient.booking.transition.mutate({ id: booking.id, to: "CONFIRMED" });
    await artistClient.booking.transition.mutate({ id: booking.id, to: "CANCELLED" });
    const { conversationId } = booking;
    const named = (await db.prisma.message.findFirstOrThrow({ where: { conversationId, kind: "SYSTEM", text: { startsWith: `Booking cancelled by ${artist.name}: ` } } })).id;

    const adminClient = await clientOf(admin);
    expect(await adminClient.admin.users.delete.mutate({ userId: artist.id, reason: REASON })).toMatchObject({ userId: artist.id, sessionsEnded: 1, bookingsCancelled: 0 });

    const [entry] = (await adminClient.admin.audit.list.query({ targetId: artist.id })).items;
    expect(entry).toMatchObject({ action: "user.delete", adminId: admin.id, targetType: "user", targetId: artist.id, reason: REASON });
    expect(await db.prisma.service.findMany({ where: { artistId: artist.id }, select: { id: true } })).toEqual([{ id: booked.id }]);
    expect(unbooked.id).not.toBe(booked.id);
    expect((await customerClient.user.artists.query()).items.map((a) => a.id)).not.toContain(artist.id);
    expect(await failure(customerClient.service.artist.query({ artistId: artist.id }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(customerClient.booking.create.mutate({ serviceId: booked.id, startsAt: new Date(Date.now() + 2 * 86_400_000) }))).toMatchObject({
      code: "FORBIDDEN",
      message: ACCOUNT_DELETED,
    });
    // The line that named them names "Deleted user" now.
    expect((await db.prisma.message.findUniqueOrThrow({ where: { id: named } })).text).toMatch(/^Booking cancelled by Deleted user: Hair trial, /);
    expect(await signIn(artist.email)).toBeNull();

    expect(await failure(adminClient.admin.users.delete.mutate({ userId: artist.id, reason: REASON }))).toMatchObject({
      code: "CONFLICT",
      message: "This account was already deleted.",
    });
  });
});
