import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createClusterMetrics, type ClusterMetrics } from "@/server/metrics/cluster-metrics";
import { createMetrics } from "@/server/metrics/metrics";
import { createLimits, type Limits } from "@/server/limits";
import { startOfToday } from "@/server/services/admin/stats";
import type { LiveStats } from "@/server/services/admin/live-stats";
import { httpClient, installTestSessionSecret, sessionCookie, startApiServer, type TestApiServer } from "@tests/support/api-server";
import { callerFor, conversationPair, failure, makeUser, NO_SUCH_ID, type TestUser } from "@tests/support/fixtures";
import { GENEROUS_LIMITS, TEST_REDIS_URL, uniqueKeyPrefix } from "@tests/support/limits";
import { MessageSubscription } from "@tests/support/message-subscription";
import { databaseForThisFile } from "@tests/support/test-file";
import { waitFor } from "@tests/support/wait";

installTestSessionSecret();
const { db, bus } = databaseForThisFile();
const DAY_MS = 86_400_000;

let admin: TestUser;
beforeAll(async () => {
  admin = await makeUser(db.prisma, "ADMIN");
});

describe("admin.stats", () => {
  it("counts people by role, conversations, messages today and in the last 7 days, open reports and standing suspensions", async () => {
    const customers = await Promise.all([1, 2, 3].map(() => makeUser(db.prisma, "CUSTOMER")));
    const artists = await Promise.all([1, 2].map(() => makeUser(db.prisma, "ARTIST")));
    const asAdmin = callerFor(db, bus, admin).admin;
    const fromDatabase = async () => {
      const { live: _live, ...figures } = await asAdmin.stats();
      return figures;
    };
    expect(await fromDatabase()).toEqual({
      users: { CUSTOMER: 3, ARTIST: 2, ADMIN: 1 },
      conversations: 0,
      messages: { today: 0, last7Days: 0 },
      openReports: 0,
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

    expect(await fromDatabase()).toEqual({
      users: { CUSTOMER: 3, ARTIST: 2, ADMIN: 1 },
      conversations: 2,
      messages: { today: 2, last7Days: 3 },
      openReports: 1,
      suspendedUsers: 2,
    });
  });

  it("shows the live figures of every process sharing Redis, from the counters GET /api/metrics serves", async () => {
    const prefix = uniqueKeyPrefix("stats");
    const started: { server: TestApiServer; cluster: ClusterMetrics; limits?: Limits }[] = [];
    /** One app process: its own metrics, shared through the test Redis every 100 ms. */
    const startProcess = async (limits?: Limits) => {
      const metrics = createMetrics();
      const cluster = createClusterMetrics(metrics.registry, { redisUrl: TEST_REDIS_URL, keyPrefix: prefix, intervalMs: 100 });
      const server = await startApiServer({ db, bus, metrics, clusterMetrics: cluster, limits });
      started.push({ server, cluster, limits });
      return server;
    };
    try {
      const here = await startProcess();
      // Where the sends go: one a second per person, so a second send at once is refused.
      const there = await startProcess(createLimits({ ...GENEROUS_LIMITS, sendBurst: 1, sendPerSecond: 1 }));
      const adminHere = httpClient(here.url, { cookie: await sessionCookie(admin) }).admin;
      const adminThere = httpClient(there.url, { cookie: await sessionCookie(admin) }).admin;
      const liveHere = async () => (await adminHere.stats.query()).live;
      const liveThere = async () => (await adminThere.stats.query()).live;
      let seen: LiveStats | undefined;
      const until = (read: () => Promise<LiveStats>, holds: (live: LiveStats) => boolean, what: string) =>
        waitFor(async () => holds((seen = await read())) && seen, what, { timeoutMs: 5_000, intervalMs: 25, describe: () => JSON.stringify(seen) });

      const before = await until(liveHere, (live) => live.processes === 2, "both processes reporting");
      expect(before).toMatchObject({ partial: false, openSockets: 0, activeSubscriptions: 0 });

      // The artist watches the thread on one process; the customer sends through the other.
      const { customer, artist, conversationId } = await conversationPair(db, bus);
      const watching = new MessageSubscription(here.wsUrl, { cookie: await sessionCookie(artist) }, { conversationId });
      try {
        await watching.started();
        const customerThere = httpClient(there.url, { cookie: await sessionCookie(customer) });
        await customerThere.message.send.mutate({ conversationId, clientId: randomUUID(), text: "Counted on the other process" });
        await watching.delivered(1);
        expect((await failure(customerThere.message.send.mutate({ conversationId, clientId: randomUUID(), text: "Too soon" }))).code).toBe("TOO_MANY_REQUESTS");
        const artistThere = httpClient(there.url, { cookie: await sessionCookie(artist) });
        expect((await failure(artistThere.message.send.mutate({ conversationId: NO_SUCH_ID, clientId: randomUUID(), text: "Nowhere" }))).code).toBe("NOT_FOUND");

        // Read on the process that sent: the socket and the delivery arrive from the other one.
        const moved = await until(
          liveThere,
          (live) => live.openSockets === 1 && live.deliveryLatency.deliveries === before.deliveryLatency.deliveries + 1,
          "the other process's socket and delivery",
        );
        expect(moved).toMatchObject({
          processes: 2,
          partial: false,
          openSockets: 1,
          activeSubscriptions: 1,
          messagesSent: { TEXT: before.messagesSent.TEXT + 1, IMAGE: before.messagesSent.IMAGE, SYSTEM: before.messagesSent.SYSTEM },
          rateLimitRefusals: before.rateLimitRefusals + 1,
        });
        // The refusal and the unknown conversation, plus nothing else.
        expect(moved.trpcErrors).toBe(before.trpcErrors + 2);
        expect(moved.deliveryLatency.p50Ms).toEqual(expect.any(Number));
        expect(moved.deliveryLatency.p95Ms).toBeGreaterThanOrEqual(moved.deliveryLatency.p50Ms!);
      } finally {
        await watching.close();
      }
      await until(liveThere, (live) => live.openSockets === 0 && live.activeSubscriptions === 0, "the closed socket no longer counted");

      // A process that stops takes its counts with it.
      const stopped = started.pop()!;
      await stopped.server.close();
      await stopped.cluster.close();
      await stopped.limits?.close();
      const alone = await liveHere();
      expect(alone).toMatchObject({ processes: 1, messagesSent: { TEXT: before.messagesSent.TEXT }, rateLimitRefusals: 0 });
    } finally {
      for (const { server, cluster, limits } of started) {
        await server.close();
        await cluster.close();
        await limits?.close();
      }
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

