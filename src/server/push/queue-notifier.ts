import type PgBoss from "pg-boss";
import type { MessageNotifier } from "./notifier";
import { jobOptions, NOTICE_QUEUE, type PushQueueTuning } from "./queue";
import type { MessageNotice } from "./recipients";

/**
 * The notifier the send path calls after its commit: it queues one notice per message (ids only)
 * and returns at once. The INSERT runs in the background; if it fails (the database is away), the
 * push is lost and logged, and the send it follows has succeeded all the same.
 */
export function createQueueNotifier(
  boss: PgBoss,
  tuning: PushQueueTuning,
  hooks: { log: (message: string, error?: unknown) => void; onQueued: () => void },
): MessageNotifier & { close(): void } {
  let closed = false;
  return {
    messagesAppended(notices) {
      if (closed || notices.length === 0) return;
      try {
        const jobs = notices.map((notice) => ({
          name: NOTICE_QUEUE,
          data: { messageId: notice.message.id, actorId: notice.actorId } satisfies MessageNotice,
          ...jobOptions(NOTICE_QUEUE, tuning),
        }));
        boss.insert(jobs).then(hooks.onQueued, (error: unknown) => hooks.log("Could not queue push notifications", error));
      } catch (error) {
        hooks.log("Could not queue push notifications", error);
      }
    },
    close() {
      closed = true;
    },
  };
}
