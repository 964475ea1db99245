import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createLimits } from "@/server/limits";
import { hashPassword } from "@/server/services/passwords";
import { changePassword } from "@/server/services/users";
import { GENEROUS_LIMITS } from "@tests/support/limits";
import { endSession, endUserSessions, startSession } from "@/server/services/sessions";
import { createMemoryEventBus } from "@/server/realtime/event-bus";
import { httpClient, sessionCookie } from "@tests/support/api-server";
import { failure, makeUser, type TestUser } from "@tests/support/fixtures";
import { closed, connectRaw, openRaw } from "@tests/support/raw-socket";
import { apiServerForThisFile, databaseForThisFile } from "@tests/support/test-file";
import { createSessionGuard } from "./session-guard";

const { db, bus } = databaseForThisFile();
const server = apiServerForThisFile({ db, bus });
const openedHere: (() => unknown)[] = [];
afterEach(async () => {
  await Promise.all(openedHere.splice(0).map((close) => close()));
});

/** The user on another device: a second session of theirs, as signing in there would start. */
const anotherDevice = async (user: TestUser): Promise<TestUser> => ({ ...user, sessionId: await startSession(db.prisma, user.id) });

const me = async (user: TestUser) => httpClient(server.url, { cookie: await sessionCookie(user) }).user.me.query();

async function openSocket(user: TestUser) {
  const socket = await openRaw(server.wsUrl, { cookie: await sessionCookie(user) });
  openedHere.push(() => socket.terminate());
  return socket;
}

describe("a session that ends", () => {
  it("is refused on HTTP with UNAUTHORIZED and on a new WebSocket upgrade with 401, and its open sockets close with 4401 within 1 s", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const other = await anotherDevice(user);
    expect((await me(user)).id).toBe(user.id);
    const socket = await openSocket(user);
    const otherSocket = await openSocket(other);
    const socketClosed = closed(socket, 1000);

    await endSession({ prisma: db.prisma, bus }, user.sessionId);

    expect(await socketClosed).toMatchObject({ code: 4401 });
    expect(await failure(me(user))).toMatchObject({ code: "UNAUTHORIZED", status: 401 });
    expect(await connectRaw(server.wsUrl, { cookie: await sessionCookie(user) })).toMatchObject({ opened: false, status: 401 });
    // The same user's other device is not signed out by this one's sign-out.
    expect((await me(other)).id).toBe(user.id);
    expect(otherSocket.readyState).toBe(otherSocket.OPEN);
  });

  it("is refused when its cookie carries no session, or one that was never started", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    expect(await failure(me({ ...user, sessionId: "c" + randomUUID().replaceAll("-", "").slice(0, 24) }))).toMatchObject({ code: "UNAUTHORIZED" });
    expect(await connectRaw(server.wsUrl, { cookie: await sessionCookie({ ...user, sessionId: "" }) })).toMatchObject({ opened: false, status: 401 });
  });
});

describe("auth.signOutEverywhere", () => {
  it("ends every session of the caller, this one included, and closes all their sockets", async () => {
    const user = await makeUser(db.prisma, "ARTIST");
    const stranger = await makeUser(db.prisma, "CUSTOMER");
    const devices = [user, await anotherDevice(user), await anotherDevice(user)];
    const sockets = await Promise.all(devices.map(openSocket));
    const closes = sockets.map((socket) => closed(socket, 1000));

    const client = httpClient(server.url, { cookie: await sessionCookie(user) });
    expect(await client.auth.signOutEverywhere.mutate()).toEqual({ ended: 3 });

    for (const close of closes) expect(await close).toMatchObject({ code: 4401 });
    for (const device of devices) expect(await failure(me(device))).toMatchObject({ code: "UNAUTHORIZED" });
    expect((await me(stranger)).id).toBe(stranger.id);
  });

  it("forgets every push device of the caller, and nobody else's", async () => {
    const user = await makeUser(db.prisma, "ARTIST");
    const stranger = await makeUser(db.prisma, "CUSTOMER");
    const device = (userId: string, n: number) => ({ userId, endpoint: `https://fcm.googleapis.com/fcm/send/${userId}-${n}`, p256dh: "k", auth: "a" });
    await db.prisma.pushSubscription.createMany({ data: [device(user.id, 1), device(user.id, 2), device(stranger.id, 1)] });
    await httpClient(server.url, { cookie: await sessionCookie(user) }).auth.signOutEverywhere.mutate();
    expect(await db.prisma.pushSubscription.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.prisma.pushSubscription.count({ where: { userId: stranger.id } })).toBe(1);
  });

  it("needs a session", async () => {
    expect(await failure(httpClient(server.url).auth.signOutEverywhere.mutate())).toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("auth.changePassword", () => {
  async function userWithPassword(password: string) {
    const user = await makeUser(db.prisma, "CUSTOMER");
    await db.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
    return user;
  }

  it("changes the password, keeps this session and ends every other one", async () => {
    const user = await userWithPassword("old password 1");
    const other = await anotherDevice(user);
    const otherSocket = await openSocket(other);
    // (The mutation hashes the new password first, which takes longer than the close itself.)
    const otherClosed = closed(otherSocket, 10_000);
    const client = httpClient(server.url, { cookie: await sessionCookie(user) });

    expect(await client.auth.changePassword.mutate({ currentPassword: "old password 1", newPassword: "new password 2" })).toEqual({ endedOtherSessions: 1 });

    expect(await otherClosed).toMatchObject({ code: 4401 });
    expect(await failure(me(other))).toMatchObject({ code: "UNAUTHORIZED" });
    expect((await me(user)).id).toBe(user.id);
    const { passwordHash } = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    const { verifyPassword } = await import("@/server/services/passwords");
    expect(await verifyPassword("new password 2", passwordHash)).toBe(true);
  });

  it("refuses a wrong current password, a short new one, or the same one, with a sentence, and changes nothing", async () => {
    const user = await userWithPassword("right password");
    const other = await anotherDevice(user);
    const before = (await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    const client = httpClient(server.url, { cookie: await sessionCookie(user) });

    expect(await failure(client.auth.changePassword.mutate({ currentPassword: "wrong password", newPassword: "new password 2" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "currentPassword: is not your current password. Check it and try again.",
    });
    expect(await failure(client.auth.changePassword.mutate({ currentPassword: "right password", newPassword: "short" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "newPassword: must be at least 8 characters",
    });
    expect(await failure(client.auth.changePassword.mutate({ currentPassword: "right password", newPassword: "right password" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "newPassword: must be different from your current password.",
    });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(before);
    expect((await me(other)).id).toBe(user.id);
  });
});

describe("auth.changePassword and password guessing", () => {
  it("counts a wrong current password as a failed sign-in for the account: over the limit, even the right one waits", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    await db.prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword("right password") } });
    const limits = createLimits({ ...GENEROUS_LIMITS, signInFailuresPer15Min: 2 });
    const deps = { prisma: db.prisma, signInFailures: limits.signInFailures };
    try {
      for (let i = 0; i < 2; i++) {
        await expect(changePassword(deps, user.id, { currentPassword: "guess", newPassword: "new password 2" })).rejects.toThrow(/is not your current password/);
      }
      await expect(changePassword(deps, user.id, { currentPassword: "right password", newPassword: "new password 2" })).rejects.toMatchObject({
        code: "TOO_MANY_REQUESTS",
        message: expect.stringMatching(/Try again in \d+ minutes?/),
      });
      const { passwordHash } = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
      const { verifyPassword } = await import("@/server/services/passwords");
      expect(await verifyPassword("right password", passwordHash)).toBe(true);
    } finally {
      await limits.close();
    }
  });
});

describe("the session guard", () => {
  it("asks the database at most once per second per session, and refuses an announced ending at once", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const quietBus = createMemoryEventBus();
    const guard = createSessionGuard({ prisma: db.prisma, bus: quietBus, cacheMs: 60_000 });
    try {
      expect(await guard.isOpen(user.sessionId)).toBe(true);
      // Ended behind its back (no announcement on this bus): still trusted within its cache time...
      await endUserSessions({ prisma: db.prisma, bus: createMemoryEventBus() }, user.id);
      expect(await guard.isOpen(user.sessionId)).toBe(true);
      // ...until it rechecks (what the socket sweep does every second), or hears the announcement.
      const ended: string[] = [];
      guard.onEnded((id) => ended.push(id));
      await guard.recheck([user.sessionId]);
      expect(ended).toEqual([user.sessionId]);
      expect(await guard.isOpen(user.sessionId)).toBe(false);

      const second = await anotherDevice(user);
      expect(await guard.isOpen(second.sessionId)).toBe(true);
      quietBus.publish("sessions", { type: "sessions-ended", sessionIds: [second.sessionId] });
      expect(await guard.isOpen(second.sessionId)).toBe(false);
      expect(ended).toEqual([user.sessionId, second.sessionId]);
    } finally {
      guard.close();
      await quietBus.close();
    }
  });

  it("finds an ending that was never announced within its cache time", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const guard = createSessionGuard({ prisma: db.prisma, bus: createMemoryEventBus(), cacheMs: 50 });
    try {
      expect(await guard.isOpen(user.sessionId)).toBe(true);
      await endSession({ prisma: db.prisma, bus: createMemoryEventBus() }, user.sessionId);
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(await guard.isOpen(user.sessionId)).toBe(false);
    } finally {
      guard.close();
    }
  });
});
