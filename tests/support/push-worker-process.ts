/**
 * A stand-in app process for the push durability test (src/server/push/push-durability.test.ts):
 * opens the Postgres database given, starts the push service, tells it about one message, prints
 * "queued" and then waits to be killed. Run: node --import tsx tests/support/push-worker-process.ts '<json>'.
 */
import { connectDatabase } from "@/server/db/connect";
import { startPushService } from "@/server/push/push-service";
import type { PushQueueTuning } from "@/server/push/queue";
import { createMemoryEventBus } from "@/server/realtime/event-bus";
import { createPresence } from "@/server/realtime/presence";
import { messageInclude, toMessageDTO } from "@/server/services/message-dto";

export interface PushWorkerProcessInput {
  databaseUrl: string;
  vapid: { publicKey: string; privateKey: string; subject: string };
  origins: string[];
  tuning: Partial<PushQueueTuning>;
  messageId: string;
  actorId: string;
}

async function main() {
  const input = JSON.parse(process.argv[2] ?? "{}") as PushWorkerProcessInput;
  const db = await connectDatabase({ kind: "postgres", url: input.databaseUrl, poolSize: 4 });
  const presence = createPresence({ prisma: db.prisma, bus: createMemoryEventBus() });
  const push = await startPushService({
    config: {
      VAPID_PUBLIC_KEY: input.vapid.publicKey,
      VAPID_PRIVATE_KEY: input.vapid.privateKey,
      VAPID_SUBJECT: input.vapid.subject,
      PUSH_ENDPOINT_ORIGINS: input.origins,
    },
    db,
    presence,
    log: (message, error) => console.error(`[push worker process] ${message}`, error instanceof Error ? error.message : ""),
    tuning: input.tuning,
  });
  const row = await db.prisma.message.findUniqueOrThrow({ where: { id: input.messageId }, include: messageInclude, });
  const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: row.conversationId } });
  push.notifier.messagesAppended([
    { message: toMessageDTO(row), participantIds: [conversation.customerId, conversation.artistId], actorId: input.actorId },
  ]);
  console.log("queued");
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
