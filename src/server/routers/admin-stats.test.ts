import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Limits } from "@/server/limits";
import { startOfToday } from "@/server/services/admin/stats";
import { createContext } from "@/server/trpc/context";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, makeUser, testAppContext, type TestUser } from "@tests/support/fixtures";
import { limitsInRedis, uniqueKeyPrefix } from "@tests/support/limits";
import { waitFor } from "@tests/support/wait";
import { createCaller } from "./root";

const { db, bus } = databaseForThisFile();
const DAY_MS = 86_400_000;

let admin: TestUser;
beforeAll(async () => {
  admin = await makeUser(db.prisma, "ADMIN");
});

/** admin.stats as one app process answers it: with that process's limits (its socket counts). */
const statsOn = (limits: Limits) =>
  createCaller(createContext({ ...testAppContext(db, bus), limits }, { id: admin.id, role: admin.role, sessionId: admin.sessionId })).admin.stats();

describe("admin.stats", () => {
  it("counts people by role, conversations, messages today and in the last 7 days, open reports and standing suspensions", async () => {
    const customers = await Promise.all([1, 2, 3].map(() => makeUser(db.prisma, "CUSTOMER")));
    const artists = await Promise.all([1, 2].map(() => makeUser(db.prisma, "ARTIST")));
    const asAdmin = callerFor(db, bus, admin).admin;
    const empty = await asAdmin.stats();
    expect(empty).toEqual({
      users: { CUSTOMER: 3, ARTIST: 2, ADMIN: 1 },
      conversations: 0,
      messages: { today: 0, last7Days: 0 },
      openReports: 0,
      connectedSockets: 0,
      suspendedUsers: 0,
    });

    const open = async (customer: TestUser, artist: TestUser) =>
      (await callerFor(db, bus, customer).conversation.getOrCreate({ participantId: artist.id })).id;
    const first = await open(customers[0]!, artists[0]!);
    await open(customers[1]!, artists[0]!);
    const send = (text: string) => callerFor(db, bus, customers[0]!).message.send({ conversationId: first, clientId: randomUUID(), text });
    await send("now");
    await send("also now");
    const threeDaysAgo = await send("three days ago");
    const tenDaysAgo = await send("ten days ago");
    await db.prisma.message.update({ where: { id: threeDaysAgo.id }, data: { createdAt: new Date(Date.now() - 3 * DAY_MS) } });
    await db.prisma.message.update({ where: { id: tenDaysAgo.id }, data: { createdAt: new Date(Date.now() - 10 * DAY_MS) } });

    const report = await callerFor(db, bus, artists[1]!).report.create({ userId: customers[2]!.id, reason: "SPAM" });
    await callerFor(db, bus, artists[0]!).report.create({ userId: customers[2]!.id, reason: "SPAM" });
    await asAdmin.reports.resolve({ id: report.id, action: "DISMISS", note: "Not spam at all" });

    await asAdmin.users.suspend({ userId: customers[1]!.id, reason: "Suspended for a week", days: 7 });
    await asAdmin.users.suspend({ userId: artists[1]!.id, reason: "Suspended until lifted" });
    await asAdmin.users.suspend({ userId: customers[2]!.id, reason: "A suspension that ran out", days: 1 });
    await db.prisma.user.update({ where: { id: customers[2]!.id }, data: { suspendedUntil: new Date(Date.now() - 1000) } });

    expect(await asAdmin.stats()).toEqual({
      users: { CUSTOMER: 3, ARTIST: 2, ADMIN: 1 },
      conversations: 2,
      messages: { today: 2, last7Days: 3 },
      openReports: 1,
      connectedSockets: 0,
      suspendedUsers: 2,
    });
  });

  it("counts the open sockets of every process sharing Redis, and stops counting a process that closed", async () => {
    const prefix = uniqueKeyPrefix("stats");
    const [here, there] = await Promise.all([limitsInRedis({}, prefix), limitsInRedis({}, prefix)]);
    try {
      const user = await makeUser(db.prisma, "CUSTOMER");
      const admitted = [];
      for (const limits of [here, here, there, there, there]) {
        const admission = await limits.sockets.admit(user.id);
        if (!admission.admitted) throw new Error(admission.message);
        admitted.push(admission);
      }
      await waitFor(async () => (await statsOn(here)).connectedSockets === 5, "5 sockets counted here", { timeoutMs: 2_000, intervalMs: 20 });
      expect((await statsOn(there)).connectedSockets).toBe(5);

      admitted[4]!.release();
      await waitFor(async () => (await statsOn(here)).connectedSockets === 4, "a closed socket no longer counted", { timeoutMs: 2_000, intervalMs: 20 });

      await there.close();
      await waitFor(async () => (await statsOn(here)).connectedSockets === 2, "the closed process no longer counted", { timeoutMs: 2_000, intervalMs: 20 });
    } finally {
      await here.close();
      await there.close();
    }
  });
});

describe("startOfToday", () => {
  it("is midnight in the app's time zone, as an instant", () => {
    const now = new Date("2031-03-17T20:00:00.000Z");
    expect(startOfToday("UTC", now).toISOString()).toBe("2031-03-17T00:00:00.000Z");
    // Already the 18th in Tokyo (UTC+9).
    expect(startOfToday("Asia/Tokyo", now).toISOString()).toBe("2031-03-17T15:00:00.000Z");
    // New York is on summer time (UTC-4) by mid-March.
    expect(startOfToday("America/New_York", now).toISOString()).toBe("2031-03-17T04:00:00.000Z");
    expect(startOfToday("America/New_York", new Date("2031-03-18T03:59:59.000Z")).toISOString()).toBe("2031-03-17T04:00:00.000Z");
  });
});

