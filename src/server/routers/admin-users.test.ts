import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisEventBus } from "@/server/realtime/redis-event-bus";
import { hashPassword } from "@/server/services/passwords";
import { startSession } from "@/server/services/sessions";
import { signInWithPassword } from "@/server/services/sign-in";
import { httpClient, sessionCookie } from "@tests/support/api-server";
import { callerFor, failure, makeUser, NO_SUCH_ID, type TestUser } from "@tests/support/fixtures";
import { generousLimits, TEST_REDIS_URL } from "@tests/support/limits";
import { closed, openRaw } from "@tests/support/raw-socket";
import { apiServerForThisFile, databaseForThisFile } from "@tests/support/test-file";
import { waitFor } from "@tests/support/wait";

const { db, bus } = databaseForThisFile();
/** Two app processes on one Redis: the admin acts on "here", the person's socket is open "there". */
const here = createRedisEventBus(TEST_REDIS_URL);
const there = createRedisEventBus(TEST_REDIS_URL);
afterAll(async () => {
  await here.close();
  await there.close();
});
const thereServer = apiServerForThisFile({ db, bus: there });

let admin: TestUser;
beforeAll(async () => {
  admin = await makeUser(db.prisma, "ADMIN");
});

const users = () => callerFor(db, bus, admin).admin.users;
const PASSWORD = "a long enough password";

/** A person who can really sign in (a real password hash), with a second session on another device. */
async function personWithPassword(role: "CUSTOMER" | "ARTIST" = "ARTIST") {
  const user = await makeUser(db.prisma, role);
  await db.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  const otherDevice: TestUser = { ...user, sessionId: await startSession(db.prisma, user.id) };
  return { user, otherDevice };
}

const signIn = (email: string, timeZone = "UTC") => signInWithPassword({ prisma: db.prisma, signInFailures: generousLimits().signInFailures, timeZone }, email, PASSWORD);

/** How the sign-in sentence writes an end date ("17 March 2031 at 14:05" in en-GB). */
const longDate = (date: Date, timeZone: string) => new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone }).format(date);

describe("admin.users.search and byId", () => {
  it("finds people by part of their name or email, in any case, or by id, and narrows by role", async () => {
    const ines = await makeUser(db.prisma, "ARTIST", "Inès Vandermolen");
    const namesake = await makeUser(db.prisma, "CUSTOMER", "Carl Vandermolen");
    const ids = async (input: Parameters<ReturnType<typeof users>["search"]>[0]) => (await users().search(input)).items.map((u) => u.id);

    expect(await ids({ query: "vandermolen" })).toEqual([namesake.id, ines.id]); // newest first
    expect(await ids({ query: "VANDERMOLEN", role: "ARTIST" })).toEqual([ines.id]);
    expect(await ids({ query: ines.email.slice(0, 12).toUpperCase() })).toEqual([ines.id]);
    expect(await ids({ query: ines.id })).toEqual([ines.id]);
    expect(await ids({ query: "nobody-is-called-this" })).toEqual([]);
    const admins = await ids({ role: "ADMIN" });
    expect(admins).toContain(admin.id);
    expect(admins).not.toContain(ines.id);
  });

  it("records each search (people's emails are personal data) with what was asked", async () => {
    await users().search({ query: "someone@audit.example", role: "CUSTOMER" });
    expect(await db.prisma.auditEntry.findFirstOrThrow({ where: { adminId: admin.id, action: "user.search" }, orderBy: { createdAt: "desc" } })).toMatchObject({
      targetType: "user",
      details: { query: "someone@audit.example", role: "CUSTOMER" },
    });
  });

  it("says how many reports are against each person, and how many are still open", async () => {
    const reported = await makeUser(db.prisma, "CUSTOMER", "Often Reported");
    const reports = [];
    for (let i = 0; i < 3; i++) reports.push(await callerFor(db, bus, await makeUser(db.prisma, "ARTIST")).report.create({ userId: reported.id, reason: "SPAM" }));
    await callerFor(db, bus, admin).admin.reports.resolve({ id: reports[0]!.id, action: "DISMISS", note: "Not spam" });

    const [found] = (await users().search({ query: reported.id })).items;
    expect(found).toMatchObject({ id: reported.id, name: "Often Reported", role: "CUSTOMER", suspension: null, reports: { total: 3, open: 2 } });
    expect(await users().byId({ userId: reported.id })).toEqual(found);
    expect((await users().byId({ userId: admin.id })).reports).toEqual({ total: 0, open: 0 });
  });

  it("byId of nobody is NOT_FOUND", async () => {
    expect(await failure(users().byId({ userId: NO_SUCH_ID }))).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("admin.users.suspend", () => {
  it("for some days: ends every session, refuses sign-in with a sentence naming the end, and refuses new sessions", async () => {
    const { user, otherDevice } = await personWithPassword();
    expect(await signIn(user.email)).toMatchObject({ id: user.id });

    const shown = await users().suspend({ userId: user.id, reason: "Dispute #77: no-show twice", days: 3 });
    expect(shown).toMatchObject({ id: user.id, suspension: { since: expect.any(Date), until: expect.any(Date), reason: "Dispute #77: no-show twice" } });
    const until = shown.suspension!.until!;
    expect(until.getTime() - shown.suspension!.since.getTime()).toBeGreaterThan(3 * 86_400_000 - 5_000);
    expect(until.getTime() - shown.suspension!.since.getTime()).toBeLessThan(3 * 86_400_000 + 5_000);

    const sessions = await db.prisma.session.findMany({ where: { userId: user.id } });
    expect(sessions.map((s) => s.id).sort()).toEqual([user.sessionId, otherDevice.sessionId].sort());
    for (const session of sessions) expect(session.endedAt).toBeInstanceOf(Date);

    for (const timeZone of ["UTC", "America/New_York"]) {
      expect(await failure(signIn(user.email, timeZone))).toEqual({
        code: "FORBIDDEN",
        message: `Your account is suspended until ${longDate(until, timeZone)} (${timeZone}). If you think this is a mistake, contact Glow support.`,
      });
    }
    expect(await failure(startSession(db.prisma, user.id))).toEqual({ code: "FORBIDDEN", message: "This account is suspended." });
    expect(await db.prisma.session.count({ where: { userId: user.id, endedAt: null } })).toBe(0);

    expect(await db.prisma.auditEntry.findMany({ where: { targetId: user.id } })).toEqual([
      expect.objectContaining({ adminId: admin.id, action: "user.suspend", targetType: "user", reason: "Dispute #77: no-show twice", details: { days: 3 } }),
    ]);
  });

  it("without days: until Glow support lifts it, and sign-in says so", async () => {
    const { user } = await personWithPassword("CUSTOMER");
    const shown = await users().suspend({ userId: user.id, reason: "Threats in messages, see report" });
    expect(shown.suspension).toMatchObject({ until: null });
    expect(await failure(signIn(user.email))).toEqual({
      code: "FORBIDDEN",
      message: "Your account is suspended until Glow support lifts it. If you think this is a mistake, contact Glow support.",
    });
    expect((await users().search({ query: user.id })).items[0]).toMatchObject({ suspension: { until: null } });
  });

  it("a wrong password is not told about the suspension", async () => {
    const { user } = await personWithPassword();
    await users().suspend({ userId: user.id, reason: "Suspended for the test" });
    expect(await signInWithPassword({ prisma: db.prisma, signInFailures: generousLimits().signInFailures }, user.email, "not the password")).toBeNull();
  });

  it("a suspension whose end has passed no longer counts: sign-in and new sessions work, and it is not shown", async () => {
    const { user } = await personWithPassword();
    await users().suspend({ userId: user.id, reason: "A short suspension", days: 1 });
    await db.prisma.user.update({ where: { id: user.id }, data: { suspendedUntil: new Date(Date.now() - 1000) } });

    expect(await signIn(user.email)).toMatchObject({ id: user.id });
    await expect(startSession(db.prisma, user.id)).resolves.toEqual(expect.any(String));
    expect((await users().byId({ userId: user.id })).suspension).toBeNull();
    expect((await users().search({ query: user.id })).items[0]).toMatchObject({ id: user.id, suspension: null });
  });

  it("Glow support accounts can't be suspended: BAD_REQUEST, their sessions stay, nothing is recorded", async () => {
    const colleague = await makeUser(db.prisma, "ADMIN");
    const entries = await db.prisma.auditEntry.count();
    expect(await failure(users().suspend({ userId: colleague.id, reason: "Trying to suspend an admin" }))).toEqual({
      code: "BAD_REQUEST",
      message: "Glow support accounts can't be suspended.",
    });
    expect(await failure(users().suspend({ userId: admin.id, reason: "Trying to suspend myself" }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: colleague.id } })).toMatchObject({ suspendedAt: null });
    expect(await db.prisma.session.findUniqueOrThrow({ where: { id: colleague.sessionId } })).toMatchObject({ endedAt: null });
    expect(await db.prisma.auditEntry.count()).toBe(entries);
  });

  it("someone who does not exist is NOT_FOUND, and nothing is recorded", async () => {
    const entries = await db.prisma.auditEntry.count();
    expect(await failure(users().suspend({ userId: NO_SUCH_ID, reason: "Nobody at all here" }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await failure(users().unsuspend({ userId: NO_SUCH_ID }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await db.prisma.auditEntry.count()).toBe(entries);
  });

  it("needs a reason of at least 10 characters and 1 to 3650 days", async () => {
    const { user } = await personWithPassword();
    for (const input of [{ reason: "short" }, { reason: "A long enough reason", days: 0 }, { reason: "A long enough reason", days: 3651 }, { reason: "A long enough reason", days: 1.5 }]) {
      expect(await failure(users().suspend({ userId: user.id, ...input }))).toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ suspendedAt: null });
  });
});

describe("admin.users.unsuspend", () => {
  it("lifts the suspension: sign-in works again, and it is recorded", async () => {
    const { user } = await personWithPassword();
    await users().suspend({ userId: user.id, reason: "Until we hear from them" });
    const lifted = await users().unsuspend({ userId: user.id });
    expect(lifted).toMatchObject({ id: user.id, suspension: null });
    expect(await signIn(user.email)).toMatchObject({ id: user.id });
    await expect(startSession(db.prisma, user.id)).resolves.toEqual(expect.any(String));
    expect((await db.prisma.auditEntry.findMany({ where: { targetId: user.id }, orderBy: { action: "asc" } })).map((e) => e.action)).toEqual([
      "user.suspend",
      "user.unsuspend",
    ]);
  });
});

describe("a suspension on one process", () => {
  it("closes the person's socket on another process with 4401 within 1 s, and that process refuses their calls", async () => {
    await waitFor(() => here.isConnected() && there.isConnected(), "both processes on Redis", { timeoutMs: 5_000 });
    const { user, otherDevice } = await personWithPassword();
    const bystander = await makeUser(db.prisma, "CUSTOMER");
    const sockets = [await openRaw(thereServer.wsUrl, { cookie: await sessionCookie(user) }), await openRaw(thereServer.wsUrl, { cookie: await sessionCookie(otherDevice) })];
    const bystanderSocket = await openRaw(thereServer.wsUrl, { cookie: await sessionCookie(bystander) });
    try {
      const closes = sockets.map((socket) => closed(socket, 5_000));
      const started = Date.now();
      await callerFor(db, here, admin).admin.users.suspend({ userId: user.id, reason: "Closing their sockets everywhere" });
      for (const close of closes) expect(await close).toMatchObject({ code: 4401 });
      expect(Date.now() - started).toBeLessThan(1_000);

      const client = httpClient(thereServer.url, { cookie: await sessionCookie(user) });
      expect(await failure(client.user.me.query())).toMatchObject({ code: "UNAUTHORIZED", status: 401 });
      expect(bystanderSocket.readyState).toBe(bystanderSocket.OPEN);
    } finally {
      for (const socket of [...sockets, bystanderSocket]) socket.terminate();
    }
  });
});
