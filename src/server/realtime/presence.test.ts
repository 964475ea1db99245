import { afterAll, afterEach, describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { makeUser } from "@tests/support/fixtures";
import { deletePresenceKeys, presenceKeyPrefix, PresenceAnnouncements, QUICK_PRESENCE_TIMING, redisPresence } from "@tests/support/presence";
import { sleep, waitFor } from "@tests/support/wait";
import { createPresence, type Presence } from "./presence";

const { db, bus } = databaseForThisFile();
const keyPrefix = presenceKeyPrefix();
/** Closed after each test, whatever it left open. */
const openedHere: (() => unknown)[] = [];

afterEach(async () => {
  await Promise.all(openedHere.splice(0).map((close) => close()));
});
afterAll(() => deletePresenceKeys(keyPrefix));

function opened<T extends { close(): unknown }>(thing: T): T {
  openedHere.push(() => thing.close());
  return thing;
}
function announcements(userId: string) {
  const heard = new PresenceAnnouncements(bus, userId);
  openedHere.push(() => heard.stop());
  return heard;
}
const lastSeenAt = async (userId: string) =>
  (await db.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { lastSeenAt: true } })).lastSeenAt;
/** Two "processes" of one deployment: trackers sharing the test Redis under this file's prefix. */
const inRedis = (processId: string, timing?: Parameters<typeof redisPresence>[2]["timing"]) =>
  opened(redisPresence(db.prisma, bus, { keyPrefix, processId, timing }));
const online = (presence: Presence, userId: string, expected: boolean) =>
  waitFor(async () => (await presence.isOnline(userId)) === expected, `${userId} to be ${expected ? "online" : "offline"}`, { timeoutMs: 10_000, intervalMs: 25 });

describe("presence in one process (no Redis)", () => {
  it("shows a user online while any of their tabs is connected, and offline with lastSeenAt when the last one closes", async () => {
    const presence = opened(createPresence({ prisma: db.prisma, bus }));
    const user = await makeUser(db.prisma, "CUSTOMER");
    const heard = announcements(user.id);

    presence.connect(user.id, "tab-1");
    expect(await presence.isOnline(user.id)).toBe(true);
    await heard.until(1);
    presence.connect(user.id, "tab-2");
    presence.disconnect(user.id, "tab-1");
    expect(await presence.isOnline(user.id)).toBe(true);

    const before = new Date();
    presence.disconnect(user.id, "tab-2");
    expect(await presence.isOnline(user.id)).toBe(false);
    await heard.until(2);
    // Announced after it was written: a listener that reads on hearing it finds it.
    const seen = await lastSeenAt(user.id);
    expect(seen).not.toBeNull();
    expect(seen!.getTime()).toBeGreaterThanOrEqual(before.getTime());
    // The second tab opening and the first closing were no news.
    await sleep(100);
    expect(heard.count).toBe(2);
  });

  it("knows whether a user has a focused tab; a closing socket takes its focus with it", async () => {
    const presence = opened(createPresence({ prisma: db.prisma, bus }));
    const user = await makeUser(db.prisma, "CUSTOMER");
    presence.connect(user.id, "tab-1");
    presence.connect(user.id, "tab-2");
    expect(await presence.hasFocusedTab(user.id)).toBe(false);
    presence.setFocused(user.id, "tab-1", true);
    expect(await presence.hasFocusedTab(user.id)).toBe(true);
    presence.setFocused(user.id, "tab-1", false);
    presence.setFocused(user.id, "tab-2", true);
    expect(await presence.hasFocusedTab(user.id)).toBe(true);
    presence.disconnect(user.id, "tab-2");
    expect(await presence.hasFocusedTab(user.id)).toBe(false);
    // A socket that is not open here has no tab to focus.
    presence.setFocused(user.id, "tab-2", true);
    expect(await presence.hasFocusedTab(user.id)).toBe(false);
  });

  it("close() takes its users offline with lastSeenAt", async () => {
    const presence = createPresence({ prisma: db.prisma, bus });
    const user = await makeUser(db.prisma, "ARTIST");
    const heard = announcements(user.id);
    presence.connect(user.id, "tab-1");
    await heard.until(1);
    await presence.close();
    expect(heard.count).toBe(2);
    expect(await lastSeenAt(user.id)).not.toBeNull();
    expect(await presence.isOnline(user.id)).toBe(false);
  });
});

describe("presence across processes (Redis)", () => {
  it("shows a user online while either process holds a socket, and offline only once both have closed", async () => {
    const [one, two] = [inRedis("one"), inRedis("two")];
    const user = await makeUser(db.prisma, "CUSTOMER");
    const heard = announcements(user.id);

    one.connect(user.id, "tab-on-one");
    await online(two, user.id, true);
    two.connect(user.id, "tab-on-two");
    one.disconnect(user.id, "tab-on-one");
    await heard.until(2); // one arrival each
    expect(await one.isOnline(user.id)).toBe(true);
    expect(await two.isOnline(user.id)).toBe(true);
    expect(await lastSeenAt(user.id)).toBeNull();

    two.disconnect(user.id, "tab-on-two");
    await heard.until(3);
    expect(await one.isOnline(user.id)).toBe(false);
    expect(await two.isOnline(user.id)).toBe(false);
    expect(await lastSeenAt(user.id)).not.toBeNull();
  });

  it("knows of a focused tab on another process, until it loses focus or closes", async () => {
    const [one, two] = [inRedis("one"), inRedis("two")];
    const user = await makeUser(db.prisma, "CUSTOMER");
    one.connect(user.id, "tab");
    one.setFocused(user.id, "tab", true);
    await waitFor(() => two.hasFocusedTab(user.id), "the focus to show on the other process", { timeoutMs: 10_000, intervalMs: 25 });
    one.setFocused(user.id, "tab", false);
    await waitFor(async () => !(await two.hasFocusedTab(user.id)), "the focus to go", { timeoutMs: 10_000, intervalMs: 25 });
    one.setFocused(user.id, "tab", true);
    await waitFor(() => two.hasFocusedTab(user.id), "the focus to show again", { timeoutMs: 10_000, intervalMs: 25 });
    one.disconnect(user.id, "tab");
    await waitFor(async () => !(await two.hasFocusedTab(user.id)), "the closed tab's focus to go", { timeoutMs: 10_000, intervalMs: 25 });
  });

  it("close() takes the users only it holds offline at once, and leaves those another process holds online", async () => {
    const one = redisPresence(db.prisma, bus, { keyPrefix, processId: "closing" });
    const two = inRedis("staying");
    const [alone, both] = [await makeUser(db.prisma, "CUSTOMER"), await makeUser(db.prisma, "ARTIST")];
    one.connect(alone.id, "a");
    one.connect(both.id, "b1");
    two.connect(both.id, "b2");
    await online(two, alone.id, true);
    await online(one, both.id, true);

    await one.close();
    expect(await two.isOnline(alone.id)).toBe(false);
    expect(await lastSeenAt(alone.id)).not.toBeNull();
    expect(await two.isOnline(both.id)).toBe(true);
    expect(await lastSeenAt(both.id)).toBeNull();
  });

  it("puts back, and announces, the entries Redis lost (restarted empty)", async () => {
    const prefix = presenceKeyPrefix();
    openedHere.push(() => deletePresenceKeys(prefix));
    const one = opened(redisPresence(db.prisma, bus, { keyPrefix: prefix, processId: "one", timing: QUICK_PRESENCE_TIMING }));
    const two = opened(redisPresence(db.prisma, bus, { keyPrefix: prefix, processId: "two", timing: QUICK_PRESENCE_TIMING }));
    const user = await makeUser(db.prisma, "CUSTOMER");
    const heard = announcements(user.id);
    one.connect(user.id, "tab");
    await online(two, user.id, true);
    await heard.until(1);

    await deletePresenceKeys(prefix);
    expect(await two.isOnline(user.id)).toBe(false);
    await online(two, user.id, true); // the next heartbeat
    await heard.until(2);
    // Over several TTLs, heartbeats keep it there: the sweepers never take the user offline.
    await sleep(3 * QUICK_PRESENCE_TIMING.ttlMs);
    expect(await two.isOnline(user.id)).toBe(true);
    expect(await lastSeenAt(user.id)).toBeNull();
  });

  it("goes on with this process's sockets when Redis does not answer, and says so once", async () => {
    const said: string[] = [];
    const presence = opened(
      redisPresence(db.prisma, bus, { keyPrefix, redisUrl: "redis://127.0.0.1:1", log: (message) => said.push(message) }),
    );
    const [here, elsewhere] = [await makeUser(db.prisma, "CUSTOMER"), await makeUser(db.prisma, "ARTIST")];
    const heard = announcements(here.id);
    presence.connect(here.id, "tab");
    presence.setFocused(here.id, "tab", true);
    expect(await presence.isOnline(here.id)).toBe(true);
    expect(await presence.hasFocusedTab(here.id)).toBe(true);
    expect(await presence.isOnline(elsewhere.id)).toBe(false);
    expect(await presence.hasFocusedTab(elsewhere.id)).toBe(false);
    await heard.until(1);
    presence.disconnect(here.id, "tab");
    await heard.until(2);
    expect(await lastSeenAt(here.id)).not.toBeNull();
    expect(said.filter((message) => message.includes("Redis is not answering"))).toHaveLength(1);
  });

  it("refuses a TTL too short for its heartbeat", () => {
    expect(() => createPresence({ prisma: db.prisma, bus, timing: { heartbeatMs: 1000, ttlMs: 1500 } })).toThrow(/at least twice heartbeatMs/);
  });
});
