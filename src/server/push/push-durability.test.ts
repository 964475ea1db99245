import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { generateVapidKeys } from "@/env";
import { subscribePush } from "@/server/services/push-subscriptions";
import { messageInclude, toMessageDTO } from "@/server/services/message-dto";
import { callerFor, makePair, presenceFor } from "@tests/support/fixtures";
import { deliveries, jobsAbout, settledJobsAbout } from "@tests/support/push";
import { startScriptedPushEndpoint, type ScriptedPushEndpoint } from "@tests/support/push-server";
import type { PushWorkerProcessInput } from "@tests/support/push-worker-process";
import { databaseForThisFile } from "@tests/support/test-file";
import { waitFor } from "@tests/support/wait";
import { startPushService } from "./push-service";
import { openPushQueue, DEFAULT_TUNING } from "./queue";
import { createQueueNotifier } from "./queue-notifier";

const { db, bus } = databaseForThisFile();
const KEYS = generateVapidKeys();
const vapid = { publicKey: KEYS.publicKey, privateKey: KEYS.privateKey, subject: "mailto:tests@glow.example" };
const log = () => {};
const endpoints: ScriptedPushEndpoint[] = [];
afterAll(async () => {
  for (const endpoint of endpoints) await endpoint.close();
});

/** A customer's message to an artist whose one device answers as scripted. */
async function messageToScriptedDevice(script: Parameters<typeof startScriptedPushEndpoint>[0]) {
  const { customer, artist } = await makePair(db.prisma);
  const { id: conversationId } = await callerFor(db, bus, customer).conversation.getOrCreate({ participantId: artist.id });
  const endpoint = await startScriptedPushEndpoint(script);
  endpoints.push(endpoint);
  await subscribePush(db.prisma, artist.id, endpoint.subscription, { extraOrigins: [endpoint.origin] });
  const message = await callerFor(db, bus, customer).message.send({ conversationId, clientId: randomUUID(), text: "Survives" });
  return { customer, artist, endpoint, message };
}

const config = (origin: string) => ({
  VAPID_PUBLIC_KEY: vapid.publicKey,
  VAPID_PRIVATE_KEY: vapid.privateKey,
  VAPID_SUBJECT: vapid.subject,
  PUSH_ENDPOINT_ORIGINS: [origin],
});

describe("the push queue survives a crash", () => {
  it("a notice queued while no process works the queue is pushed by the next process to start", async () => {
    const { customer, artist, endpoint, message } = await messageToScriptedDevice(() => 201);
    // A process that queued the notice and stopped before any worker of its took it.
    const queueOnly = await openPushQueue(db, DEFAULT_TUNING, log);
    createQueueNotifier(queueOnly, db.prisma, DEFAULT_TUNING, { log, onQueued: () => {} }).messagesAppended([
      { message: toMessageDTO(await db.prisma.message.findUniqueOrThrow({ where: { id: message.id }, include: messageInclude })), participantIds: [customer.id, artist.id], actorId: customer.id },
    ]);
    await waitFor(async () => (await jobsAbout(db, message.id)).length === 1, "the notice to be queued", { timeoutMs: 10_000 });
    await queueOnly.stop({ graceful: true, wait: true, close: false });
    expect((await jobsAbout(db, message.id)).map((job) => job.state)).toEqual(["created"]);

    const next = await startPushService({ config: config(endpoint.origin), db, presence: presenceFor(db, bus), log, tuning: { pollingIntervalSeconds: 0.5 } });
    try {
      const jobs = await settledJobsAbout(db, message.id);
      expect(deliveries(jobs).map((job) => job.state)).toEqual(["completed"]);
      expect(endpoint.arrivals).toHaveLength(1);
    } finally {
      await next.stop();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "a delivery a process took and never finished (killed -9 mid-push) is retried by another process once it expires, and arrives once",
    async () => {
      // The first push hangs (the process is killed while it waits); the retry is taken.
      const { customer, endpoint, message } = await messageToScriptedDevice((n) => (n === 1 ? "hang" : 201));
      const tuning = { expireInSeconds: 5, maintenanceIntervalSeconds: 1, retryDelaySeconds: 1, pollingIntervalSeconds: 0.5 };
      const driver = db.driver;
      if (driver?.kind !== "postgres") throw new Error("needs the test Postgres");
      const input: PushWorkerProcessInput = {
        databaseUrl: driver.pool.options.connectionString!,
        vapid,
        origins: [endpoint.origin],
        tuning,
        messageId: message.id,
        actorId: customer.id,
      };
      const child = spawn(process.execPath, ["--import", "tsx", "tests/support/push-worker-process.ts", JSON.stringify(input)], { stdio: ["ignore", "pipe", "inherit"] });
      const exited = new Promise((resolve) => child.once("exit", resolve));
      try {
        await waitFor(() => endpoint.arrivals.length === 1, "the other process to start the push", { timeoutMs: 60_000 });
        const [held] = deliveries(await jobsAbout(db, message.id));
        expect(held?.state).toBe("active");
      } finally {
        child.kill("SIGKILL");
        await exited;
      }

      const survivor = await startPushService({ config: config(endpoint.origin), db, presence: presenceFor(db, bus), log, tuning });
      try {
        const jobs = await settledJobsAbout(db, message.id, 60_000);
        expect(deliveries(jobs).map((job) => [job.state, job.retryCount])).toEqual([["completed", 1]]);
        expect(endpoint.arrivals).toHaveLength(2);
      } finally {
        await survivor.stop();
      }
    },
  );
});
