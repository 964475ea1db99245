import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateVapidKeys } from "@/env";
import { connectDatabase, type Database } from "@/server/db/connect";
import { createMemoryEventBus } from "@/server/realtime/event-bus";
import { subscribePush } from "@/server/services/push-subscriptions";
import { callerFor, makePair, presenceFor } from "@tests/support/fixtures";
import { callerWithNotifier, settledJobsAbout } from "@tests/support/push";
import { startLocalPushService, type LocalPushService } from "@tests/support/push-server";
import { waitFor } from "@tests/support/wait";
import type { PushPayload } from "./payload";
import { startPushService, type PushService } from "./push-service";
import { queueDatabase } from "./queue-database";

/**
 * The zero-config default: no DATABASE_URL, an embedded PGlite, whatever TEST_DATABASE_URL says.
 * The queue shares PGlite's one connection with the app.
 */
const bus = createMemoryEventBus();
const KEYS = generateVapidKeys();
let db: Database;
let pushService: LocalPushService;
let push: PushService;

beforeAll(async () => {
  db = await connectDatabase({ kind: "pglite" });
  pushService = await startLocalPushService();
  push = await startPushService({
    config: { VAPID_PUBLIC_KEY: KEYS.publicKey, VAPID_PRIVATE_KEY: KEYS.privateKey, VAPID_SUBJECT: "mailto:tests@glow.example", PUSH_ENDPOINT_ORIGINS: [pushService.origin] },
    db,
    presence: presenceFor(db, bus),
    log: (message, error) => console.error(message, error),
    tuning: { pollingIntervalSeconds: 0.5 },
  });
});
afterAll(async () => {
  await push?.stop();
  await pushService?.close();
  await bus.close();
  await db?.close();
});

describe("Web Push on the embedded database", () => {
  it("queues and delivers a push", async () => {
    const { customer, artist } = await makePair(db.prisma, { customer: "Gia Bell", artist: "Hana Ito" });
    const { id: conversationId } = await callerFor(db, bus, customer).conversation.getOrCreate({ participantId: artist.id });
    const { subscription, clientHash } = await pushService.subscribe(KEYS.publicKey);
    await subscribePush(db.prisma, artist.id, subscription, { extraOrigins: [pushService.origin] });

    const sent = await callerWithNotifier(db, bus, customer, push.notifier).message.send({ conversationId, clientId: randomUUID(), text: "No config at all" });

    const arrived = await waitFor(
      async () => {
        const pushes = await pushService.notifications<PushPayload>(clientHash);
        return pushes.length > 0 ? pushes : undefined;
      },
      "the push at the device",
      { timeoutMs: 30_000 },
    );
    expect(arrived).toEqual([expect.objectContaining({ title: "Gia Bell", body: "No config at all", tag: conversationId })]);
    await settledJobsAbout(db, sent.id);
  });

  it("a queue script that fails halfway leaves the shared connection usable (its transaction is rolled back)", async () => {
    const queue = queueDatabase(db);
    await expect(queue.executeSql("BEGIN; CREATE TABLE push_probe (x int); SELECT 1/0; COMMIT;")).rejects.toThrow(/division by zero/);
    // Neither stuck in an aborted transaction, nor half applied.
    expect(await db.prisma.user.count()).toBeGreaterThan(0);
    await expect(queue.executeSql("SELECT * FROM push_probe")).rejects.toThrow(/does not exist/);
  });
});
