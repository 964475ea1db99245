/**
 * Push tests' view of the app: callers whose sends reach a push notifier, and the push queue's
 * jobs as pg-boss keeps them (schema pgboss), to wait on what the workers did.
 */
import type { Database } from "@/server/db";
import type { MessageNotifier } from "@/server/push/notifier";
import { DELIVERY_QUEUE, NOTICE_QUEUE } from "@/server/push/queue";
import type { EventBus } from "@/server/realtime/event-bus";
import { createCaller } from "@/server/routers/root";
import { createContext } from "@/server/trpc/context";
import { testAppContext, type TestUser } from "./fixtures";
import { waitFor } from "./wait";

/** A tRPC caller acting as the user, in a process whose sends notify `notifier` (as server-process wires it). */
export function callerWithNotifier(db: Database, bus: EventBus, user: TestUser, notifier: MessageNotifier) {
  return createCaller(createContext({ ...testAppContext(db, bus), notifier }, { id: user.id, role: user.role, sessionId: user.sessionId }));
}

export interface QueuedJob {
  id: string;
  name: string;
  state: "created" | "retry" | "active" | "completed" | "cancelled" | "failed";
  data: { messageId: string; recipientId?: string; subscriptionId?: string };
  retryCount: number;
}

/** The push jobs about one message, of both queues (not yet archived: pg-boss archives after hours). */
export async function jobsAbout(db: Database, messageId: string): Promise<QueuedJob[]> {
  return db.prisma.$queryRawUnsafe<QueuedJob[]>(
    `SELECT id::text, name, state::text AS state, data, retry_count AS "retryCount"
       FROM pgboss.job WHERE name IN ($1, $2) AND data->>'messageId' = $3 ORDER BY created_on, id`,
    NOTICE_QUEUE,
    DELIVERY_QUEUE,
    messageId,
  );
}

const finished = (job: QueuedJob) => job.state === "completed" || job.state === "failed" || job.state === "cancelled";

/**
 * Waits until every push job about the message is finished (the notice decided, each delivery
 * done or given up), and returns them: then nothing more will be sent for it.
 */
export async function settledJobsAbout(db: Database, messageId: string, timeoutMs = 30_000): Promise<QueuedJob[]> {
  let seen: QueuedJob[] = [];
  return waitFor(
    async () => {
      seen = await jobsAbout(db, messageId);
      return seen.some((job) => job.name === NOTICE_QUEUE) && seen.every(finished) ? seen : undefined;
    },
    `the push jobs about message ${messageId} to finish`,
    { timeoutMs, intervalMs: 100, describe: () => JSON.stringify(seen.map((j) => [j.name, j.state, j.retryCount])) },
  );
}

export const deliveries = (jobs: QueuedJob[]) => jobs.filter((job) => job.name === DELIVERY_QUEUE);
