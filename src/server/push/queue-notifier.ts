import type PgBoss from "pg-boss";
import type { PrismaClient } from "@/generated/prisma/client";
import type { AppendedNotice, MessageNotifier } from "./notifier";
import { jobOptions, NOTICE_QUEUE, type PushQueueTuning } from "./queue";
import type { MessageNotice } from "./recipients";

/** Notices wait this long for others to join them: one query and one INSERT per batch. */
const COALESCE_MS = 10;

/**
 * The notifier the send path calls after its commit: it returns at once. Notices gathered over a
 * few milliseconds are queued together (ids only), and only those with a recipient who has a
 * device subscribed: one query and at most one INSERT per batch, so a chat whose people never
 * turned notifications on costs the queue nothing. If the database is away, the push is lost and
 * logged, and the send it follows has succeeded all the same.
 */
export function createQueueNotifier(
  boss: PgBoss,
  prisma: PrismaClient,
  tuning: PushQueueTuning,
  hooks: { log: (message: string, error?: unknown) => void; onQueued: () => void },
): MessageNotifier & { close(): Promise<void> } {
  let closed = false;
  let pending: AppendedNotice[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight = Promise.resolve();

  async function queue(batch: AppendedNotice[]): Promise<void> {
    const recipientsOf = (notice: AppendedNotice) => notice.participantIds.filter((id) => id !== notice.actorId);
    const recipients = [...new Set(batch.flatMap(recipientsOf))];
    const subscribed = new Set(
      (await prisma.pushSubscription.findMany({ where: { userId: { in: recipients } }, distinct: ["userId"], select: { userId: true } })).map(
        (row) => row.userId,
      ),
    );
    const jobs = batch
      .filter((notice) => recipientsOf(notice).some((id) => subscribed.has(id)))
      .map((notice) => ({
        name: NOTICE_QUEUE,
        data: { messageId: notice.message.id, actorId: notice.actorId } satisfies MessageNotice,
        ...jobOptions(NOTICE_QUEUE, tuning),
      }));
    if (jobs.length === 0) return;
    await boss.insert(jobs);
    hooks.onQueued();
  }

  function flush(): Promise<void> {
    timer = undefined;
    const batch = pending;
    pending = [];
    if (batch.length > 0) {
      inFlight = inFlight.then(() => queue(batch)).catch((error: unknown) => hooks.log("Could not queue push notifications", error));
    }
    return inFlight;
  }

  return {
    messagesAppended(notices) {
      if (closed || notices.length === 0) return;
      pending.push(...notices);
      timer ??= setTimeout(() => void flush(), COALESCE_MS);
    },
    /** Queues what is gathered, then takes no more. */
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await flush();
    },
  };
}
