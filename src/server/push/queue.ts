import { createHash } from "node:crypto";
import PgBoss from "pg-boss";
import type { Database } from "@/server/db";
import { queueDatabase } from "./queue-database";

/**
 * The durable queue pushes go through: pg-boss, in the app's own Postgres (or embedded PGlite), in
 * its own schema `pgboss`. Jobs survive a crash: a job no process has taken waits for the next one
 * to start; a job a process took and never finished (it died) is retried once it expires. Several
 * processes may work the same queues (pg-boss takes jobs with SKIP LOCKED).
 *
 * Two queues, so that a device that fails never makes another device get the same push twice:
 * - `push-notices`: one job per message appended (ids only). Its worker decides who gets a push
 *   and queues one delivery per device.
 * - `push-deliveries`: one job per (message, device), retried with backoff on its own.
 */
export const NOTICE_QUEUE = "push-notices";
export const DELIVERY_QUEUE = "push-deliveries";

export interface DeliveryJob {
  messageId: string;
  recipientId: string;
  subscriptionId: string;
}

/** How the queue paces itself. Defaults for production; tests shorten them. */
export interface PushQueueTuning {
  /** The first retry waits this long (with jitter), each next one about twice as long. */
  retryDelaySeconds: number;
  /** Retries of a delivery: 8 with a 10 s start gives a device about 40 minutes to come back. */
  deliveryRetryLimit: number;
  noticeRetryLimit: number;
  /** How often an idle worker looks for jobs queued by another process (its own wake it at once). */
  pollingIntervalSeconds: number;
  /** A job taken and not finished within this long (its process died) is failed, then retried. */
  expireInSeconds: number;
  /** How often expired jobs are looked for, and finished jobs archived (one process does it). */
  maintenanceIntervalSeconds: number;
  /** Jobs one worker takes at once (each finishes or fails on its own). */
  batchSize: number;
}

export const DEFAULT_TUNING: PushQueueTuning = {
  retryDelaySeconds: 10,
  deliveryRetryLimit: 8,
  noticeRetryLimit: 5,
  pollingIntervalSeconds: 2,
  expireInSeconds: 60,
  maintenanceIntervalSeconds: 60,
  batchSize: 20,
};

/** Starts pg-boss over the database (creating or migrating its schema) with both queues. */
export async function openPushQueue(db: Database, tuning: PushQueueTuning, onError: (error: Error) => void): Promise<PgBoss> {
  const boss = new PgBoss({
    db: queueDatabase(db),
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: tuning.maintenanceIntervalSeconds,
  });
  boss.on("error", onError);
  await boss.start();
  for (const name of [NOTICE_QUEUE, DELIVERY_QUEUE]) await createQueueRacing(boss, name);
  return boss;
}

/** What Postgres answers the loser of two processes creating the same queue at once. */
const RACE_CODES = new Set(["40P01" /* deadlock */, "23505" /* unique violation */, "42P07" /* table exists */]);

/**
 * Creates a queue (nothing when it exists). Processes that start together on a new database race
 * to create it, and Postgres aborts one of them (a deadlock between pg-boss's table creation and
 * insert): the loser tries again, and finds it made by the winner.
 */
export async function createQueueRacing(boss: PgBoss, name: string, options?: Omit<PgBoss.Queue, "name">): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await boss.createQueue(name, { name, ...options });
    } catch (error) {
      if (attempt >= 5 || !RACE_CODES.has((error as { code?: string }).code ?? "")) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

/** The retry and expiry options of a job of this queue (set per job, so a change of tuning applies to new jobs at once). */
export function jobOptions(queue: typeof NOTICE_QUEUE | typeof DELIVERY_QUEUE, tuning: PushQueueTuning) {
  return {
    retryLimit: queue === NOTICE_QUEUE ? tuning.noticeRetryLimit : tuning.deliveryRetryLimit,
    retryDelay: tuning.retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: tuning.expireInSeconds,
  };
}

/**
 * The id of the delivery of a message to a device, the same every time: a notice job that runs
 * again (its process died after queueing half its deliveries) queues none twice.
 */
export function deliveryJobId(job: DeliveryJob): string {
  const hex = createHash("sha256").update(`${job.messageId}/${job.subscriptionId}`).digest("hex");
  // A UUID (version 8, "custom") made of the hash.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
