import type PgBoss from "pg-boss";
import type { Env } from "@/env";
import type { Database } from "@/server/db";
import type { Presence } from "@/server/realtime/presence";
import { deliverPush, RetryablePushError, type VapidDetails } from "./deliver";
import { isAllowedPushEndpoint } from "./endpoints";
import type { MessageNotifier } from "./notifier";
import { createQueueNotifier } from "./queue-notifier";
import { DEFAULT_TUNING, DELIVERY_QUEUE, deliveryJobId, jobOptions, NOTICE_QUEUE, openPushQueue, type DeliveryJob, type PushQueueTuning } from "./queue";
import { payloadFor, recipientsOf, type MessageNotice } from "./recipients";

/** What a process runs for Web Push. */
export interface PushService {
  notifier: MessageNotifier;
  /** The VAPID public key browsers subscribe with. */
  publicKey: string;
  /** Jobs not yet done, both queues (metrics). */
  queueDepth(): Promise<number>;
  stop(): Promise<void>;
}

type Log = (message: string, error?: unknown) => void;

/**
 * Starts this process's share of Web Push: the durable queue (pg-boss in the app's database), its
 * two workers, and the notifier that feeds it after every commit that appended messages.
 */
export async function startPushService(options: {
  config: Pick<Env, "VAPID_PUBLIC_KEY" | "VAPID_PRIVATE_KEY" | "VAPID_SUBJECT" | "PUSH_ENDPOINT_ORIGINS">;
  db: Database;
  presence: Presence;
  log: Log;
  /** The queue's pace (tests shorten it); DEFAULT_TUNING otherwise. */
  tuning?: Partial<PushQueueTuning>;
  /** Told of each failed delivery attempt (metrics). */
  onDeliveryFailed?: () => void;
}): Promise<PushService> {
  const { config, db, presence, log } = options;
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const vapid: VapidDetails = { subject: config.VAPID_SUBJECT, publicKey: config.VAPID_PUBLIC_KEY, privateKey: config.VAPID_PRIVATE_KEY };
  const boss = await openPushQueue(db, tuning, (error) => log("Push queue error", error));
  const work = { batchSize: tuning.batchSize, pollingIntervalSeconds: tuning.pollingIntervalSeconds };

  let deliveryWorker = "";
  const noticeWorker = await boss.work<MessageNotice>(NOTICE_QUEUE, work, (jobs) =>
    eachOnItsOwn(boss, NOTICE_QUEUE, jobs, log, async (notice) => {
      const deliveries: DeliveryJob[] = (await recipientsOf(db.prisma, presence, notice)).flatMap((recipient) =>
        recipient.subscriptionIds.map((subscriptionId) => ({ messageId: notice.messageId, recipientId: recipient.userId, subscriptionId })),
      );
      if (deliveries.length === 0) return;
      await boss.insert(deliveries.map((data) => ({ name: DELIVERY_QUEUE, id: deliveryJobId(data), data, ...jobOptions(DELIVERY_QUEUE, tuning) })));
      boss.notifyWorker(deliveryWorker);
    }),
  );
  deliveryWorker = await boss.work<DeliveryJob>(DELIVERY_QUEUE, { ...work, includeMetadata: true }, (jobs) =>
    eachOnItsOwn(boss, DELIVERY_QUEUE, jobs, log, async (job, attempt) => {
      try {
        await deliverToDevice(db, job, { vapid, extraOrigins: config.PUSH_ENDPOINT_ORIGINS, log });
      } catch (error) {
        options.onDeliveryFailed?.();
        if (error instanceof RetryablePushError && attempt.last) log(`Gave up on a push to a device after ${attempt.count} attempts`, error);
        throw error;
      }
    }),
  );

  const notifier = createQueueNotifier(boss, db.prisma, tuning, { log, onQueued: () => boss.notifyWorker(noticeWorker) });
  return {
    notifier,
    publicKey: config.VAPID_PUBLIC_KEY,
    async queueDepth() {
      const sizes = await Promise.all([NOTICE_QUEUE, DELIVERY_QUEUE].map((name) => boss.getQueueSize(name)));
      return sizes.reduce((a, b) => a + b, 0);
    },
    async stop() {
      await notifier.close();
      // Jobs in hand finish (or, past the timeout, fail and are retried by whichever process runs next).
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 20_000 });
    },
  };
}

/**
 * Runs each job of a batch on its own: each is completed or failed (and retried with backoff) by
 * itself, so one device that fails does not make the others of its batch receive the push again.
 * Errors other than a push service's passing trouble are unexpected, and logged.
 */
async function eachOnItsOwn<T extends object>(
  boss: PgBoss,
  queue: string,
  jobs: PgBoss.Job<T>[],
  log: Log,
  handle: (data: T, attempt: { count: number; last: boolean }) => Promise<void>,
): Promise<void> {
  await Promise.all(
    jobs.map(async (job) => {
      const meta = job as Partial<PgBoss.JobWithMetadata<T>>;
      const attempt = { count: (meta.retryCount ?? 0) + 1, last: meta.retryCount !== undefined && meta.retryCount >= (meta.retryLimit ?? 0) };
      try {
        await handle(job.data, attempt);
        await boss.complete(queue, job.id);
      } catch (error) {
        if (!(error instanceof RetryablePushError)) log(`A ${queue} job failed; it will be retried`, error);
        await boss.fail(queue, job.id, { message: error instanceof Error ? error.message : String(error) }).catch((e) => log(`Could not fail a ${queue} job`, e));
      }
    }),
  );
}

/**
 * One push to one device: to the subscription as it is now (gone or moved to another person since:
 * nothing), with the message as it is now (removed since: nothing). A push service that says the
 * subscription is gone (404/410) gets it forgotten; one that refuses the request gets it logged.
 */
async function deliverToDevice(
  db: Database,
  job: DeliveryJob,
  context: { vapid: VapidDetails; extraOrigins: readonly string[]; log: Log },
): Promise<void> {
  const device = await db.prisma.pushSubscription.findUnique({ where: { id: job.subscriptionId } });
  if (!device || device.userId !== job.recipientId) return;
  // Checked when it was stored too; this server's list may have changed since.
  if (!isAllowedPushEndpoint(device.endpoint, context.extraOrigins)) return;
  const payload = await payloadFor(db.prisma, job.messageId, job.recipientId);
  if (!payload) return;
  const outcome = await deliverPush(device, payload, context.vapid);
  if (outcome.kind === "gone") {
    // Only the subscription that failed: the browser may have subscribed again (new keys) meanwhile.
    await db.prisma.pushSubscription.deleteMany({ where: { id: device.id, p256dh: device.p256dh, auth: device.auth } });
  } else if (outcome.kind === "refused") {
    context.log(`A push service refused a push (HTTP ${outcome.status}); not retried`);
  }
}
