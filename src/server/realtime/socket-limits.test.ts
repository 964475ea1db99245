import { Redis } from "ioredis";
import type WebSocket from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Limits } from "@/server/limits";
import { installTestSessionSecret, sessionCookie, startApiServer, wsClient, type TestApiServer } from "@tests/support/api-server";
import { conversationPair, describeClientError, makeUser, type TestUser } from "@tests/support/fixtures";
import { limitsInRedis, TEST_REDIS_URL, uniqueKeyPrefix } from "@tests/support/limits";
import { connectRaw, type Upgrade } from "@tests/support/raw-socket";
import { databaseForThisFile } from "@tests/support/test-file";
import { sleep, waitFor, within } from "@tests/support/wait";
import { createSocketLimits, type SocketAdmission, type SocketLimits } from "./socket-limits";

installTestSessionSecret();
const { db, bus } = databaseForThisFile();
const opened: { close(): Promise<void> | void }[] = [];
/** Closed after each test, whatever it left open. */
const openedHere: (() => unknown)[] = [];
let A: TestApiServer;
let B: TestApiServer;

beforeAll(async () => {
  // Two app processes counting in the same Redis: 2 sockets per user, 3 subscriptions per socket.
  const prefix = uniqueKeyPrefix();
  const limits: Limits[] = await Promise.all(
    [0, 1].map(() => limitsInRedis({ maxSocketsPerUser: 2, maxSubscriptionsPerSocket: 3 }, prefix)),
  );
  const servers = await Promise.all(limits.map((l) => startApiServer({ db, bus, limits: l })));
  [A, B] = servers as [TestApiServer, TestApiServer];
  opened.push(...servers, ...limits);
});
afterEach(async () => {
  await Promise.all(openedHere.splice(0).map((close) => close()));
});
afterAll(async () => {
  for (const thing of opened) await thing.close();
});

const TOO_MANY_SOCKETS = "You have 2 connections open, the most one account may have. Close a tab or window you no longer use and try again.\n";

async function connect(server: TestApiServer, user: TestUser): Promise<Upgrade> {
  const result = await connectRaw(server.wsUrl, { cookie: await sessionCookie(user) });
  if (result.opened) openedHere.push(() => result.socket.terminate());
  return result;
}

const socketOf = (upgrade: Upgrade): WebSocket => {
  if (!upgrade.opened) throw new Error(`expected the socket to open, got HTTP ${upgrade.status}: ${upgrade.body}`);
  return upgrade.socket;
};

describe("open WebSockets per user, counted across processes", () => {
  it("a third socket, on either process, gets HTTP 429 with a sentence; another user is not affected", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    socketOf(await connect(A, user));
    socketOf(await connect(B, user));
    for (const server of [A, B]) expect(await connect(server, user)).toEqual({ opened: false, status: 429, body: TOO_MANY_SOCKETS });
    socketOf(await connect(A, await makeUser(db.prisma, "ARTIST")));
  });

  it("closing a socket makes room for a new one", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const first = socketOf(await connect(A, user));
    socketOf(await connect(B, user));
    first.close();
    await waitFor(async () => (await connect(B, user)).opened, "a socket to open once one was closed", { timeoutMs: 10_000 });
  });
});

describe("the sockets of a process that dies", () => {
  const processes: { limits: SocketLimits; redis: Redis }[] = [];
  afterAll(async () => {
    for (const p of processes) {
      await p.limits.close();
      p.redis.disconnect();
    }
  });

  /** One app process's socket limits (2 per user), with its own Redis connection and a short TTL. */
  function appProcess(keyPrefix: string, ttlMs: number) {
    const redis = new Redis(TEST_REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    redis.on("error", () => {});
    const limits = createSocketLimits({ redis, keyPrefix, maxPerUser: 2, ttlMs });
    processes.push({ limits, redis });
    return { limits, redis, ready: new Promise<void>((resolve) => redis.once("ready", () => resolve())) };
  }

  it("count while their process lives (its heartbeat renews them), and stop counting a TTL after it is killed", async () => {
    const prefix = uniqueKeyPrefix();
    const ttlMs = 1500;
    const doomed = appProcess(prefix, ttlMs);
    const survivor = appProcess(prefix, ttlMs);
    await Promise.all([doomed.ready, survivor.ready]);
    const admitted: SocketAdmission[] = [await doomed.limits.admit("u1"), await doomed.limits.admit("u1")];
    expect(admitted.map((a) => a.admitted)).toEqual([true, true]);

    // Twice the TTL later, the heartbeat has kept them: still no room.
    await sleep(2 * ttlMs);
    expect((await survivor.limits.admit("u1")).admitted).toBe(false);

    // The process dies: no release, no heartbeat any more.
    doomed.redis.disconnect();
    const diedAt = Date.now();
    const room = await waitFor(async () => {
      const admission = await survivor.limits.admit("u1");
      return admission.admitted ? Date.now() - diedAt : false;
    }, "room for a socket after the process died", { timeoutMs: 10_000 });
    expect(room).toBeLessThan(ttlMs + 1000);
  });

  it("with Redis away, sockets are admitted (counted in the process) rather than refused", async () => {
    const redis = new Redis("redis://127.0.0.1:1", { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on("error", () => {});
    const limits = createSocketLimits({ redis, keyPrefix: uniqueKeyPrefix(), maxPerUser: 1 });
    processes.push({ limits, redis });
    expect((await limits.admit("u1")).admitted).toBe(true);
    expect(limits.localCount()).toBe(1);
  });
});

describe("subscriptions per socket", () => {
  /** One tRPC WebSocket client (one socket) as `user`. */
  async function socketAs(user: TestUser) {
    const socket = wsClient(A.wsUrl, { cookie: await sessionCookie(user) });
    openedHere.push(() => socket.close());
    return socket;
  }

  type Subscribed = { outcome: Promise<"started" | string>; stop(): void };

  function onActivity(socket: Awaited<ReturnType<typeof socketAs>>): Subscribed {
    let subscription: { unsubscribe(): void } | undefined;
    const outcome = new Promise<"started" | string>((resolve) => {
      subscription = socket.client.conversation.onActivity.subscribe(undefined, {
        onStarted: () => resolve("started"),
        onError: (error) => resolve(describeClientError(error)),
      });
    });
    return { outcome: within(outcome, "the subscription to start or fail"), stop: () => subscription?.unsubscribe() };
  }

  it("the fourth subscription on a socket gets TOO_MANY_REQUESTS with a sentence; stopping one makes room", async () => {
    const socket = await socketAs(await makeUser(db.prisma, "CUSTOMER"));
    const three = [onActivity(socket), onActivity(socket), onActivity(socket)];
    expect(await Promise.all(three.map((s) => s.outcome))).toEqual(["started", "started", "started"]);
    expect(await onActivity(socket).outcome).toBe(
      "TOO_MANY_REQUESTS 429: This connection already follows 3 live updates, the most it may. Reload the page to start afresh.",
    );
    three[0]!.stop();
    await waitFor(async () => (await onActivity(socket).outcome) === "started", "a subscription to start once one was stopped", { timeoutMs: 10_000 });
  });

  it("a subscription that ends by itself (refused mid-way) gives its slot back", async () => {
    const { customer } = await conversationPair(db, bus);
    const { conversationId: notTheirs } = await conversationPair(db, bus);
    const socket = await socketAs(customer);
    for (let i = 0; i < 4; i++) {
      const failed = new Promise<string>((resolve) => {
        socket.client.message.onMessage.subscribe({ conversationId: notTheirs }, { onError: (error) => resolve(describeClientError(error)) });
      });
      expect(await within(failed, "the stranger's subscription to fail")).toMatch(/^NOT_FOUND /);
    }
    const three = [onActivity(socket), onActivity(socket), onActivity(socket)];
    expect(await Promise.all(three.map((s) => s.outcome))).toEqual(["started", "started", "started"]);
  });
});
