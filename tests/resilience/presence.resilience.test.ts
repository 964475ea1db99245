import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/server/db";
import { connectDatabase, migratePostgres } from "@/server/db/connect";
import type { EventBus } from "@/server/realtime/event-bus";
import type { Presence } from "@/server/realtime/presence";
import { createRedisEventBus } from "@/server/realtime/redis-event-bus";
import { installTestSessionSecret, sessionCookie, startApiServer, wsClient, type TestApiServer } from "@tests/support/api-server";
import { onEventsOverSocket, type ConversationEventsRecorder } from "@tests/support/conversation-events";
import { callerFor, makePair, makeUser, type TestUser } from "@tests/support/fixtures";
import { TEST_REDIS_URL } from "@tests/support/limits";
import { deletePresenceKeys, presenceKeyPrefix, PresenceAnnouncements, QUICK_PRESENCE_TIMING, redisPresence } from "@tests/support/presence";
import { sleep, waitFor } from "@tests/support/wait";
import { releaseAll, track } from "./harness/cleanup";
import { createConversation, type Conversation } from "./harness/clients";
import { showLogsOnFailure, startCluster, type Cluster } from "./harness/cluster";
import { createTrackedDatabase } from "./harness/postgres";
import { LogTail, spawnManaged, type AppProcess } from "./harness/processes";
import type { ConversationEvent } from "@/server/services/conversation-events";

/**
 * Presence across processes: online means a socket on any process, and a process that dies
 * (SIGKILL: no goodbye) has its users shown offline once its Redis entries expire, by whichever
 * surviving process sweeps first, exactly once.
 */

installTestSessionSecret();
let databaseUrl: string;
let db: Database;

beforeAll(async () => {
  const database = await createTrackedDatabase();
  await migratePostgres(database.url);
  databaseUrl = database.url;
  db = await connectDatabase({ kind: "postgres", url: database.url, poolSize: 10 });
  track("the test's database pool", () => db.close(), () => {});
});
afterAll(releaseAll);

/** Opens something for this file and closes it (in reverse order) after its tests. */
function keep<T>(name: string, thing: T, close: (thing: T) => Promise<unknown> | unknown): T {
  track(name, async () => void (await close(thing)), () => {});
  return thing;
}

const lastSeenAt = async (userId: string) =>
  (await db.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { lastSeenAt: true } })).lastSeenAt;
const isPresence = (user: TestUser, online: boolean) => (event: ConversationEvent) =>
  event.type === "presence" && event.userId === user.id && event.online === online;

async function connectedRedisBus(name: string): Promise<EventBus> {
  const bus = keep(name, createRedisEventBus(TEST_REDIS_URL), (opened) => opened.close());
  await waitFor(() => bus.isConnected(), `${name} to connect to Redis`, { timeoutMs: 10_000, intervalMs: 20 });
  return bus;
}

describe("a process killed with SIGKILL", () => {
  it("has its user shown offline by the survivors once its entries expire, with lastSeenAt its last heartbeat, announced once", async () => {
    const keyPrefix = presenceKeyPrefix();
    track(`presence keys ${keyPrefix}`, () => deletePresenceKeys(keyPrefix), () => {});
    const bus = await connectedRedisBus("the survivors' bus");
    // Two survivors sweep the same entries: exactly one of them may take the user offline.
    const survivors = ["survivor-1", "survivor-2"].map((processId) =>
      keep(processId, redisPresence(db.prisma, bus, { keyPrefix, processId, timing: QUICK_PRESENCE_TIMING }), (p) => p.close()),
    );
    const user = await makeUser(db.prisma, "ARTIST");
    const heard = keep("announcements", new PresenceAnnouncements(bus, user.id), (h) => h.stop());

    const logs = new LogTail();
    const child = spawnManaged("presence process", process.execPath, ["--import", "tsx", "tests/support/presence-process.ts"], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: databaseUrl,
        REDIS_URL: TEST_REDIS_URL,
        PRESENCE_KEY_PREFIX: keyPrefix,
        PRESENCE_PROCESS_ID: "doomed",
        PRESENCE_USER_ID: user.id,
      },
      log: logs,
    });
    const says = (what: string) => `${what}\n--- the child's log ---\n${logs.text()}`;
    await waitFor(() => logs.text().includes(`holding ${user.id}`) || child.exit !== null, says("the child to hold the user's socket"), {
      timeoutMs: 60_000,
    });
    expect(child.exit, says("the child exited early")).toBeNull();
    const heldFrom = new Date();
    for (const survivor of survivors) {
      await waitFor(() => survivor.isOnline(user.id), says("the survivors to see the user online"), { timeoutMs: 10_000, intervalMs: 20 });
    }
    await heard.until(1);

    // Alive, its heartbeats keep the user online well past the TTL.
    await sleep(3 * QUICK_PRESENCE_TIMING.ttlMs);
    expect(await survivors[0]!.isOnline(user.id)).toBe(true);
    expect(heard.count).toBe(1);

    child.child.kill("SIGKILL");
    expect((await child.exited).signal).toBe("SIGKILL");
    const killedAt = new Date();
    const deadline = QUICK_PRESENCE_TIMING.ttlMs + QUICK_PRESENCE_TIMING.sweepMs + 5_000; // what it promises, plus slack for a busy machine
    await heard.until(2, deadline);
    for (const survivor of survivors) expect(await survivor.isOnline(user.id)).toBe(false);
    const seen = await lastSeenAt(user.id);
    expect(seen, "lastSeenAt of the killed process's user").not.toBeNull();
    expect(seen!.getTime()).toBeGreaterThan(heldFrom.getTime());
    expect(seen!.getTime()).toBeLessThanOrEqual(killedAt.getTime());

    // Both survivors went on sweeping: the user was taken offline once.
    await sleep(5 * QUICK_PRESENCE_TIMING.sweepMs);
    expect(heard.count).toBe(2);
    expect((await lastSeenAt(user.id))?.getTime()).toBe(seen!.getTime());
  });
});

describe("two servers sharing Postgres and Redis (each with its own Redis bus and presence)", () => {
  interface Server {
    api: TestApiServer;
    bus: EventBus;
    presence: Presence;
  }
  let one: Server;
  let two: Server;
  const keyPrefix = presenceKeyPrefix();

  beforeAll(async () => {
    track(`presence keys ${keyPrefix}`, () => deletePresenceKeys(keyPrefix), () => {});
    const start = async (name: string): Promise<Server> => {
      const bus = await connectedRedisBus(`${name}'s bus`);
      const presence = keep(`${name}'s presence`, redisPresence(db.prisma, bus, { keyPrefix, processId: name }), (p) => p.close());
      const api = keep(name, await startApiServer({ db, bus, presence }), (server) => server.close());
      return { api, bus, presence };
    };
    [one, two] = [await start("server one"), await start("server two")];
  });

  it("shows A online in B's thread on the other server while A's socket is open, relays typing, read and focus, and shows A last seen when it closes", async () => {
    const { customer: a, artist: b } = await makePair(db.prisma, { customer: "A", artist: "B" });
    const { id: conversationId } = await callerFor(db, one.bus, a).conversation.getOrCreate({ participantId: b.id });
    const ofB = keep("B's stream", onEventsOverSocket(two.api.wsUrl, { cookie: await sessionCookie(b) }, conversationId), (s) => s.stop());
    await ofB.next(isPresence(a, false), "A shown offline, never seen");

    const socketOfA = keep("A's socket", wsClient(one.api.wsUrl, { cookie: await sessionCookie(a) }), (s) => s.close());
    await socketOfA.client.user.me.query();
    await ofB.next(isPresence(a, true), "A shown online (a socket on server one)");

    // Typing, read position and focus over A's socket on server one, seen on server two.
    expect(await socketOfA.client.conversation.typing.mutate({ conversationId })).toEqual({ announced: true });
    await ofB.next((event) => event.type === "typing" && event.userId === a.id, "A typing");
    await callerFor(db, two.bus, b).message.send({ conversationId, clientId: randomUUID(), text: "hi A" });
    await socketOfA.client.conversation.markRead.mutate({ conversationId, seq: 1 });
    await ofB.next((event) => event.type === "read" && event.userId === a.id && event.seq === 1, "A's read position");
    await socketOfA.client.user.setFocus.mutate({ focused: true });
    await waitFor(() => two.presence.hasFocusedTab(a.id), "server two to know A's tab is focused", { timeoutMs: 10_000, intervalMs: 20 });

    const before = Date.now();
    await socketOfA.close();
    const gone = await ofB.next(isPresence(a, false), "A shown last seen", 2);
    expect((gone as { lastSeenAt: Date | null }).lastSeenAt?.getTime()).toBeGreaterThanOrEqual(before);
    expect(await two.presence.hasFocusedTab(a.id)).toBe(false);
    expect(ofB.summary()).toEqual(["presence(offline/hidden)", "presence(online)", "typing", "read(1)", "presence(last seen)"]);
  });
});

describe("app processes (server.ts wiring, default timing)", () => {
  let cluster: Cluster | undefined;
  let A: AppProcess;
  let B: AppProcess;
  beforeAll(async () => {
    cluster = await startCluster({ apps: ["A", "B"] });
    [A, B] = cluster.apps as [AppProcess, AppProcess];
  });

  it("killed with SIGKILL, a process has its users shown offline in threads on the other within 60 s", async () => {
    showLogsOnFailure(() => cluster);
    const conversation: Conversation = await createConversation(cluster!.database.url, A.url);
    const { customer, artist } = conversation;
    const ofArtist: ConversationEventsRecorder = keep(
      "the artist's stream on B",
      onEventsOverSocket(B.wsUrl, { cookie: artist.cookie }, conversation.id),
      (s) => s.stop(),
    );
    await ofArtist.next(isPresence(customer.user, false), "the customer shown offline, never seen");

    const socketOnA = keep("the customer's socket on A", wsClient(A.wsUrl, { cookie: customer.cookie }), (s) => s.close());
    await socketOnA.client.user.me.query();
    await ofArtist.next(isPresence(customer.user, true), "the customer shown online (a socket on A)");

    await A.kill("SIGKILL");
    const killedAt = Date.now();
    void socketOnA.close(); // it would keep knocking on A's port
    const gone = await ofArtist.next(isPresence(customer.user, false), "the customer shown offline after A died", 2, 60_000);
    const tookMs = Date.now() - killedAt;
    console.log(`A's user shown offline on B ${tookMs} ms after SIGKILL`);
    expect(tookMs, "the promise: within 60 s").toBeLessThanOrEqual(60_000);
    const seen = (gone as { lastSeenAt: Date | null }).lastSeenAt;
    expect(seen).toBeInstanceOf(Date);
    expect(seen!.getTime()).toBeLessThanOrEqual(killedAt);
    expect(ofArtist.errors).toEqual([]);
  }, 120_000);
});
