import PgBoss from "pg-boss";
import type { Database } from "@/server/db/connect";
import { createQueueRacing } from "@/server/push/queue";
import { queueDatabase } from "@/server/push/queue-database";
import { runMaintenance, type MaintenanceOptions, type MaintenanceReport } from "./run-maintenance";

/** The job queue's name for the database maintenance (partitions ahead, retention). */
export const MAINTENANCE_QUEUE = "db-maintenance";

/** Once a day at 03:17 UTC: a quiet hour, off the hour most cron jobs pick. */
export const MAINTENANCE_CRON = "17 3 * * *";

export interface MaintenanceJob {
  stop(): Promise<void>;
}

/**
 * The maintenance pass as a job on the durable queue (pg-boss, in the app's database): queued when
 * a process starts and every day on a cron schedule that pg-boss keeps in the database, so one
 * schedule serves every process and each run is taken by one of them. The queue's "stately" policy
 * keeps at most one run waiting and one running, so processes starting together queue one run; the
 * maintenance lock and idempotent steps (run-maintenance.ts) make even an overlap harmless.
 */
export async function startMaintenanceJob(
  db: Database,
  options: MaintenanceOptions & { onRun?: (report: MaintenanceReport) => void; cron?: string },
): Promise<MaintenanceJob> {
  const boss = new PgBoss({ db: queueDatabase(db), schedule: true, supervise: true });
  boss.on("error", (error) => options.log("Maintenance queue error", error));
  await boss.start();
  await createQueueRacing(boss, MAINTENANCE_QUEUE, { policy: "stately", retryLimit: 3, retryDelay: 60, expireInSeconds: 30 * 60 });
  await boss.schedule(MAINTENANCE_QUEUE, options.cron ?? MAINTENANCE_CRON, {}, { tz: "UTC" });
  await boss.work(MAINTENANCE_QUEUE, { batchSize: 1 }, async () => {
    const report = await runMaintenance(db, options);
    options.onRun?.(report);
  });
  await boss.send(MAINTENANCE_QUEUE, {});
  return {
    async stop() {
      await boss.stop({ graceful: true, wait: true, close: false, timeout: 20_000 });
    },
  };
}
