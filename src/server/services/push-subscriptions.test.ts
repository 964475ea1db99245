import { createECDH, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { installTestSessionSecret } from "@tests/support/api-server";
import { callerFor, failure, makeUser, type TestUser } from "@tests/support/fixtures";
import { databaseForThisFile } from "@tests/support/test-file";
import { forgetPushDevices, MAX_PUSH_DEVICES_PER_USER } from "./push-subscriptions";

/** A local push server this deployment also accepts (read by env() on its first call, below). */
const LISTED_ORIGIN = "http://127.0.0.1:8090";
process.env.PUSH_ENDPOINT_ORIGINS = LISTED_ORIGIN;
installTestSessionSecret();
const { db, bus } = databaseForThisFile();

/** Keys as a browser's PushSubscription.toJSON() gives them. */
function keys() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
}
const fcmEndpoint = () => `https://fcm.googleapis.com/fcm/send/${randomBytes(12).toString("base64url")}:APA91b${randomBytes(60).toString("base64url")}`;
const as = (user: TestUser | null) => callerFor(db, bus, user);
const rowsOf = (user: TestUser) => db.prisma.pushSubscription.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });

describe("push.subscribe keeps one row per device", () => {
  it("stores this device's subscription, and on subscribing again from it keeps one row with the new keys", async () => {
    const me = await makeUser(db.prisma, "CUSTOMER");
    const endpoint = fcmEndpoint();
    const first = keys();
    expect(await as(me).push.subscribe({ endpoint, keys: first })).toEqual({ subscribed: true });
    const second = keys();
    await as(me).push.subscribe({ endpoint, keys: second });
    expect(await rowsOf(me)).toEqual([expect.objectContaining({ endpoint, p256dh: second.p256dh, auth: second.auth })]);
  });

  it("moves the device to whoever subscribes from it last (two people, one browser), so it never pushes for both", async () => {
    const [first, next] = [await makeUser(db.prisma, "CUSTOMER"), await makeUser(db.prisma, "ARTIST")];
    const endpoint = fcmEndpoint();
    await as(first).push.subscribe({ endpoint, keys: keys() });
    await as(next).push.subscribe({ endpoint, keys: keys() });
    expect(await rowsOf(first)).toEqual([]);
    expect((await rowsOf(next)).map((row) => row.endpoint)).toEqual([endpoint]);
  });

  it(`keeps the newest ${MAX_PUSH_DEVICES_PER_USER} devices of a person, forgetting the one subscribed longest ago`, async () => {
    const me = await makeUser(db.prisma, "CUSTOMER");
    const endpoints = Array.from({ length: MAX_PUSH_DEVICES_PER_USER + 1 }, fcmEndpoint);
    for (const endpoint of endpoints) await as(me).push.subscribe({ endpoint, keys: keys() });
    const kept = (await rowsOf(me)).map((row) => row.endpoint);
    expect(kept).toHaveLength(MAX_PUSH_DEVICES_PER_USER);
    expect(kept).not.toContain(endpoints[0]);
    expect(kept).toContain(endpoints.at(-1));
  });

  it("needs a session", async () => {
    expect((await failure(as(null).push.subscribe({ endpoint: fcmEndpoint(), keys: keys() }))).code).toBe("UNAUTHORIZED");
  });
});

describe("push.unsubscribe", () => {
  it("forgets the caller's own device, and answers the same for a device that is someone else's or unknown, touching neither", async () => {
    const [me, other] = [await makeUser(db.prisma, "CUSTOMER"), await makeUser(db.prisma, "ARTIST")];
    const [mine, theirs] = [fcmEndpoint(), fcmEndpoint()];
    await as(me).push.subscribe({ endpoint: mine, keys: keys() });
    await as(other).push.subscribe({ endpoint: theirs, keys: keys() });

    expect(await as(me).push.unsubscribe({ endpoint: theirs })).toEqual({ subscribed: false });
    expect(await as(me).push.unsubscribe({ endpoint: fcmEndpoint() })).toEqual({ subscribed: false });
    expect(await as(me).push.unsubscribe({ endpoint: mine })).toEqual({ subscribed: false });

    expect(await rowsOf(me)).toEqual([]);
    expect((await rowsOf(other)).map((row) => row.endpoint)).toEqual([theirs]);
  });
});

describe("forgetPushDevices", () => {
  it("forgets every device of the person (signed out everywhere), and no one else's", async () => {
    const [me, other] = [await makeUser(db.prisma, "CUSTOMER"), await makeUser(db.prisma, "ARTIST")];
    for (const user of [me, me, other]) await as(user).push.subscribe({ endpoint: fcmEndpoint(), keys: keys() });
    expect(await forgetPushDevices(db.prisma, me.id)).toEqual({ forgotten: 2 });
    expect(await rowsOf(me)).toEqual([]);
    expect(await rowsOf(other)).toHaveLength(1);
  });
});

describe("push.subscribe accepts only the browsers' push services (the server POSTs there)", () => {
  it.each([
    "https://fcm.googleapis.com/fcm/send/abc:def",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk",
    "https://push.services.mozilla.com.eu.push.services.mozilla.com/wpush/v1/x",
    "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAB",
    "https://web.push.apple.com/QGuQyavXutnMH",
    "https://api.push.apple.com/3/device/abc",
    `${LISTED_ORIGIN}/notify/0123abcd`,
  ])("accepts %s", async (endpoint) => {
    const me = await makeUser(db.prisma, "CUSTOMER");
    await as(me).push.subscribe({ endpoint, keys: keys() });
    expect((await rowsOf(me)).map((row) => row.endpoint)).toEqual([endpoint]);
  });

  it.each([
    ["plain http to a push service", "http://fcm.googleapis.com/fcm/send/abc"],
    ["another port", "https://fcm.googleapis.com:8443/fcm/send/abc"],
    ["credentials in the URL", "https://user:secret@fcm.googleapis.com/fcm/send/abc"],
    ["a look-alike host", "https://fcm.googleapis.com.evil.example/fcm/send/abc"],
    ["a host ending like one", "https://evilnotify.windows.com/w/"],
    ["the suffix alone", "https://notify.windows.com/w/"],
    ["an internal address", "http://127.0.0.1:6379/"],
    ["the metadata service", "http://169.254.169.254/latest/meta-data/"],
    ["the listed host on another port", "http://127.0.0.1:8091/notify/x"],
    ["any other site", "https://example.com/push"],
  ])("refuses %s with BAD_REQUEST naming the endpoint, storing nothing", async (_, endpoint) => {
    const me = await makeUser(db.prisma, "CUSTOMER");
    const error = await failure(as(me).push.subscribe({ endpoint, keys: keys() }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/^endpoint: is not the address of a browser push service this server sends to \(https on fcm\.googleapis\.com, /);
    expect(await rowsOf(me)).toEqual([]);
  });
});

describe("push.subscribe checks the subscription's shape, saying which field is wrong", () => {
  const good = keys();
  it.each([
    ["not a URL", { endpoint: "fcm.googleapis.com/fcm/send/abc", keys: good }, /^endpoint: is not the address of a browser push service/],
    ["no endpoint", { endpoint: "", keys: good }, /^endpoint: is required: the PushSubscription's endpoint$/],
    ["an endpoint too long", { endpoint: `https://fcm.googleapis.com/fcm/send/${"a".repeat(1100)}`, keys: good }, /^endpoint: must be at most 1024 characters$/],
    ["a p256dh that is not base64url", { endpoint: fcmEndpoint(), keys: { ...good, p256dh: "a+b/c" } }, /^keys\.p256dh: must be base64url/],
    ["a p256dh of the wrong length", { endpoint: fcmEndpoint(), keys: { ...good, p256dh: Buffer.alloc(33, 4).toString("base64url") } }, /^keys\.p256dh: must be the subscription's P-256 public key \(65 bytes, uncompressed\)$/],
    ["a p256dh off the curve", { endpoint: fcmEndpoint(), keys: { ...good, p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString("base64url") } }, /^keys\.p256dh: must be the subscription's P-256 public key/],
    ["an auth of the wrong length", { endpoint: fcmEndpoint(), keys: { ...good, auth: randomBytes(15).toString("base64url") } }, /^keys\.auth: must be the subscription's 16-byte auth secret$/],
    ["an auth far too long", { endpoint: fcmEndpoint(), keys: { ...good, auth: "a".repeat(300) } }, /^keys\.auth: must be at most 200 characters/],
    ["no keys", { endpoint: fcmEndpoint() }, /^keys: /],
  ])("refuses %s", async (_, input, message) => {
    const me = await makeUser(db.prisma, "CUSTOMER");
    const error = await failure(as(me).push.subscribe(input as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(message);
    expect(await rowsOf(me)).toEqual([]);
  });

  it("takes the keys padded too, as some browsers write them", async () => {
    const me = await makeUser(db.prisma, "CUSTOMER");
    const padded = { p256dh: `${good.p256dh}=`, auth: `${good.auth}==` };
    await as(me).push.subscribe({ endpoint: fcmEndpoint(), keys: padded });
    expect(await rowsOf(me)).toHaveLength(1);
  });
});
