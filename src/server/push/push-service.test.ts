import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateVapidKeys } from "@/env";
import { subscribePush } from "@/server/services/push-subscriptions";
import { toMessageDTO, messageInclude } from "@/server/services/message-dto";
import { connectDatabase } from "@/server/db/connect";
import { callerFor, makePair, presenceFor, type TestUser } from "@tests/support/fixtures";
import { callerWithNotifier, deliveries, jobsAbout, settledJobsAbout } from "@tests/support/push";
import { startLocalPushService, startScriptedPushEndpoint, type LocalPushService, type ScriptedAnswer } from "@tests/support/push-server";
import { databaseForThisFile } from "@tests/support/test-file";
import { waitFor } from "@tests/support/wait";
import type { PushPayload } from "./payload";
import { startPushService, type PushService } from "./push-service";

const { db, bus } = databaseForThisFile();
const KEYS = generateVapidKeys();
/** Origins accepted besides the push services: filled as the local servers start (the service reads the same array). */
const origins: string[] = [];
const config = { VAPID_PUBLIC_KEY: KEYS.publicKey, VAPID_PRIVATE_KEY: KEYS.privateKey, VAPID_SUBJECT: "mailto:tests@glow.example", PUSH_ENDPOINT_ORIGINS: origins };
/** Retries after about 1, 2, 4… seconds; idle workers look every half second. */
const TUNING = { retryDelaySeconds: 1, pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 };
const logs: string[] = [];
const log = (message: string, error?: unknown) => logs.push(`${message}${error instanceof Error ? `: ${error.message}` : ""}`);

let pushService: LocalPushService;
let push: PushService;
const closing: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  pushService = await startLocalPushService();
  origins.push(pushService.origin);
  push = await startPushService({ config, db, presence: presenceFor(db, bus), log, tuning: TUNING });
});
afterAll(async () => {
  await push?.stop();
  for (const thing of closing) await thing.close();
  await pushService?.close();
});

/** A customer and an artist with these names, and their conversation. */
async function pair(names = { customer: "Ana Ruiz", artist: "Bea Chen" }) {
  const { customer, artist } = await makePair(db.prisma, names);
  const { id } = await callerFor(db, bus, customer).conversation.getOrCreate({ participantId: artist.id });
  return { customer, artist, conversationId: id };
}

/** A device of the user, subscribed at the local push service; returns its client hash. */
async function device(user: TestUser): Promise<string> {
  const { subscription, clientHash } = await pushService.subscribe(KEYS.publicKey);
  await subscribePush(db.prisma, user.id, subscription, { extraOrigins: origins });
  return clientHash;
}

/** A device of the user that answers as scripted (and counts what it was sent). */
async function scriptedDevice(user: TestUser, script: (n: number) => ScriptedAnswer) {
  const endpoint = await startScriptedPushEndpoint(script);
  closing.push(endpoint);
  origins.push(endpoint.origin);
  await subscribePush(db.prisma, user.id, endpoint.subscription, { extraOrigins: origins });
  return endpoint;
}

/** 10:00 UTC, `days` days from today. */
function daysAhead(days: number): Date {
  const date = new Date(Date.now() + days * 86_400_000);
  date.setUTCHours(10, 0, 0, 0);
  return date;
}

const send = (from: TestUser, conversationId: string, text: string) =>
  callerWithNotifier(db, bus, from, push.notifier).message.send({ conversationId, clientId: randomUUID(), text });

/** The pushes that arrived at a device, once there are `count` of them. */
function pushesAt(clientHash: string, count: number): Promise<PushPayload[]> {
  let seen: PushPayload[] = [];
  return waitFor(
    async () => {
      seen = await pushService.notifications<PushPayload>(clientHash);
      return seen.length >= count ? seen : undefined;
    },
    `${count} push(es) at the device`,
    { timeoutMs: 30_000, describe: () => JSON.stringify(seen) },
  );
}

describe("the send path's share", () => {
  it("a message to someone with no device subscribed queues nothing (one lookup per batch of notices)", async () => {
    const { customer, conversationId } = await pair({ customer: "Gia Moon", artist: "Hal Reed" });
    await device(customer); // the sender's own device does not count
    const quiet = await send(customer, conversationId, "nobody here turned notifications on");
    // Notices are decided in the order they come: once a later one is queued, this one was decided.
    const elsewhere = await pair({ customer: "Ivy Lane", artist: "Jo Park" });
    await device(elsewhere.artist);
    const heard = await send(elsewhere.customer, elsewhere.conversationId, "someone here did");
    expect(deliveries(await settledJobsAbout(db, heard.id))).toHaveLength(1);
    expect(await jobsAbout(db, quiet.id)).toEqual([]);
  });
});

describe("a message for someone with no focused tab is pushed to each of their devices", () => {
  it("arrives at the push service decrypted: the sender's name, the words, the conversation as tag and link, the unread total", async () => {
    const { customer, artist, conversationId } = await pair();
    const [phone, laptop] = [await device(artist), await device(artist)];
    const customersOwn = await device(customer);

    const sent = await send(customer, conversationId, "Hi! Is Saturday   the 14th\nstill free?");

    const expected: PushPayload = {
      title: "Ana Ruiz",
      body: "Hi! Is Saturday the 14th still free?",
      tag: conversationId,
      url: `/messages/${conversationId}`,
      unreadTotal: 1,
    };
    expect(await pushesAt(phone, 1)).toEqual([expected]);
    expect(await pushesAt(laptop, 1)).toEqual([expected]);
    const jobs = await settledJobsAbout(db, sent.id);
    expect(deliveries(jobs).map((job) => job.state)).toEqual(["completed", "completed"]);
    // The sender's own devices hear nothing of it.
    expect(await pushService.notifications(customersOwn)).toEqual([]);
  });

  it("says just \"New message\" to someone who turned previews off, still naming the sender", async () => {
    const { customer, artist, conversationId } = await pair({ customer: "Cleo Park", artist: "Dana Moss" });
    const phone = await device(artist);
    await callerFor(db, bus, artist).user.updateSettings({ pushPreviews: false });

    await send(customer, conversationId, "My address is 12 Rose Lane");

    expect(await pushesAt(phone, 1)).toEqual([expect.objectContaining({ title: "Cleo Park", body: "New message", tag: conversationId })]);
  });

  it("tells the other person of a booking change, titled with the name of the person who made it, and not that person", async () => {
    const { customer, artist, conversationId } = await pair({ customer: "Eve Stone", artist: "Fay Lin" });
    const [artistsPhone, customersPhone] = [await device(artist), await device(customer)];
    const service = await callerFor(db, bus, artist).service.create({ name: "Bridal makeup", durationMinutes: 90, priceCents: 12_000 });
    await callerWithNotifier(db, bus, customer, push.notifier).booking.create({ serviceId: service.id, startsAt: daysAhead(3) });

    const [request] = await pushesAt(artistsPhone, 1);
    expect(request).toMatchObject({ title: "Eve Stone", tag: conversationId, unreadTotal: 1 });
    expect(request!.body).toMatch(/Bridal makeup/);
    const system = await db.prisma.message.findFirstOrThrow({ where: { conversationId, kind: "SYSTEM" } });
    await settledJobsAbout(db, system.id);
    expect(await pushService.notifications(customersPhone)).toEqual([]);
  });
});

describe("no push", () => {
  it("for a conversation the recipient muted", async () => {
    const { customer, artist, conversationId } = await pair();
    const phone = await device(artist);
    await callerFor(db, bus, artist).conversation.mute({ conversationId, muted: true });

    const sent = await send(customer, conversationId, "Are you there?");

    expect(deliveries(await settledJobsAbout(db, sent.id))).toEqual([]);
    expect(await pushService.notifications(phone)).toEqual([]);
  });

  it("while the recipient has a focused tab; once it loses focus, pushes again", async () => {
    const { customer, artist, conversationId } = await pair();
    const phone = await device(artist);
    const presence = presenceFor(db, bus);
    presence.connect(artist.id, "artist-tab");
    presence.setFocused(artist.id, "artist-tab", true);
    try {
      const seen = await send(customer, conversationId, "You are looking at this");
      expect(deliveries(await settledJobsAbout(db, seen.id))).toEqual([]);

      presence.setFocused(artist.id, "artist-tab", false);
      await send(customer, conversationId, "Now you are not");
      expect(await pushesAt(phone, 1)).toEqual([expect.objectContaining({ body: "Now you are not" })]);
    } finally {
      presence.disconnect(artist.id, "artist-tab");
    }
  });

  it.each(["recipient", "sender"] as const)("while a block stands either way (the %s blocked): booking changes still arrive in the chat, not as pushes", async (blocker) => {
    const { customer, artist, conversationId } = await pair();
    const phone = await device(artist);
    const service = await callerFor(db, bus, artist).service.create({ name: "Hair trial", durationMinutes: 60, priceCents: 8_000 });
    const booking = await callerFor(db, bus, customer).booking.create({ serviceId: service.id, startsAt: daysAhead(5) });
    if (blocker === "recipient") await callerFor(db, bus, artist).user.block({ userId: customer.id });
    else await callerFor(db, bus, customer).user.block({ userId: artist.id });

    await callerWithNotifier(db, bus, customer, push.notifier).booking.transition({ id: booking.id, to: "CANCELLED" });

    const cancelled = await db.prisma.message.findFirstOrThrow({ where: { conversationId, kind: "SYSTEM" }, orderBy: { seq: "desc" } });
    expect(cancelled.text).toMatch(/cancel/i);
    expect(deliveries(await settledJobsAbout(db, cancelled.id))).toEqual([]);
    expect(await pushService.notifications(phone)).toEqual([]);
  });

  it("for a message support removed before its push went out", async () => {
    const { customer, artist, conversationId } = await pair();
    const phone = await device(artist);
    const sent = await callerFor(db, bus, customer).message.send({ conversationId, clientId: randomUUID(), text: "Something rude" });
    const removed = await db.prisma.message.update({ where: { id: sent.id }, data: { removedAt: new Date() }, include: messageInclude });

    push.notifier.messagesAppended([{ message: toMessageDTO(removed), participantIds: [customer.id, artist.id], actorId: customer.id }]);

    expect(deliveries(await settledJobsAbout(db, sent.id))).toEqual([]);
    expect(await pushService.notifications(phone)).toEqual([]);
  });
});

describe("devices the push service answers for", () => {
  it("a 410 (the browser unsubscribed) forgets that subscription; the person's other device still gets the push", async () => {
    const { customer, artist, conversationId } = await pair();
    const [gone, kept] = [await device(artist), await device(artist)];
    await pushService.expire(gone);
    const before = await db.prisma.pushSubscription.findMany({ where: { userId: artist.id }, select: { endpoint: true } });
    expect(before).toHaveLength(2);

    const sent = await send(customer, conversationId, "Hello?");

    expect(await pushesAt(kept, 1)).toEqual([expect.objectContaining({ body: "Hello?" })]);
    await settledJobsAbout(db, sent.id);
    const after = await db.prisma.pushSubscription.findMany({ where: { userId: artist.id }, select: { endpoint: true } });
    expect(after.map((s) => s.endpoint)).toEqual([expect.stringContaining(kept)]);
  });

  it("a 500 is retried with growing waits until the device takes it, and the person's other device gets the push once", async () => {
    const { customer, artist, conversationId } = await pair();
    const flaky = await scriptedDevice(artist, (n) => (n <= 2 ? 500 : 201));
    const steady = await device(artist);

    const sent = await send(customer, conversationId, "Third time lucky");

    const jobs = await waitFor(
      async () => {
        const settled = await settledJobsAbout(db, sent.id);
        return flaky.arrivals.length >= 3 ? settled : undefined;
      },
      "the flaky device to be tried three times",
      { timeoutMs: 30_000, describe: () => `${flaky.arrivals.length} attempts` },
    );
    expect(flaky.arrivals).toHaveLength(3);
    // pg-boss's backoff: the nth retry waits retryDelay · 2^n / 2 · (1 + jitter), at least 1 s, then 2 s.
    const waits = [flaky.arrivals[1]! - flaky.arrivals[0]!, flaky.arrivals[2]! - flaky.arrivals[1]!];
    expect(waits[0]).toBeGreaterThanOrEqual(950);
    expect(waits[1]).toBeGreaterThanOrEqual(1950);
    expect(deliveries(jobs).map((job) => [job.state, job.retryCount]).sort()).toEqual([
      ["completed", 0],
      ["completed", 2],
    ]);
    expect(await pushService.notifications(steady)).toEqual([expect.objectContaining({ body: "Third time lucky" })]);
  });

  it("another 4xx (the request is wrong, sending it again cannot help) is given up at once and logged; the subscription stays", async () => {
    const { customer, artist, conversationId } = await pair();
    const refusing = await scriptedDevice(artist, () => 400);

    const sent = await send(customer, conversationId, "Will not go");

    const jobs = await settledJobsAbout(db, sent.id);
    expect(refusing.arrivals).toHaveLength(1);
    expect(deliveries(jobs).map((job) => [job.state, job.retryCount])).toEqual([["completed", 0]]);
    expect(logs).toContain("A push service refused a push (HTTP 400); not retried");
    expect(await db.prisma.pushSubscription.count({ where: { userId: artist.id } })).toBe(1);
  });
});

describe("the queue", () => {
  it("worked by two processes at once, pushes each message once", async () => {
    const second = await startPushService({ config, db, presence: presenceFor(db, bus), log, tuning: TUNING });
    try {
      const { customer, artist, conversationId } = await pair();
      const phone = await device(artist);
      const texts = Array.from({ length: 10 }, (_, i) => `Message ${i + 1}`);
      const sent = [];
      for (const [i, text] of texts.entries()) {
        // Half the sends go through each process's notifier.
        const notifier = i % 2 === 0 ? push.notifier : second.notifier;
        sent.push(await callerWithNotifier(db, bus, customer, notifier).message.send({ conversationId, clientId: randomUUID(), text }));
      }
      for (const message of sent) await settledJobsAbout(db, message.id);
      const arrived = await pushService.notifications<PushPayload>(phone);
      expect(arrived.map((p) => p.body).sort()).toEqual([...texts].sort());
    } finally {
      await second.stop();
    }
  });

  it("a send neither waits for nor fails because of the queue: with its database gone, the send succeeds and the loss is logged", async () => {
    const elsewhere = await connectDatabase({ kind: "pglite" });
    const broken = await startPushService({ config, db: elsewhere, presence: presenceFor(db, bus), log, tuning: TUNING });
    await elsewhere.close();
    try {
      const { customer, conversationId } = await pair();
      const sent = await callerWithNotifier(db, bus, customer, broken.notifier).message.send({ conversationId, clientId: randomUUID(), text: "Still sent" });
      expect(sent.text).toBe("Still sent");
      await waitFor(() => logs.some((line) => line.startsWith("Could not queue push notifications")), "the lost push to be logged", { timeoutMs: 10_000 });
    } finally {
      await broken.stop();
    }
  });
});
