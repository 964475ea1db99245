import type { PrismaClient } from "@/generated/prisma/client";
import { channels, listen } from "@/server/realtime/event-bus";
import { requireConversationAccess } from "./access";
import type { ServiceDeps } from "./deps";
import { messageInclude, toMessageDTO, type MessageDTO } from "./message-dto";

/**
 * A participant's view of a conversation as it grows: every message after `lastEventId` (the seq
 * the reader already has), then each new one as it is sent, in seq order with no gap and no
 * duplicate. Without `lastEventId` it starts at the conversation's newest seq when it begins
 * listening. Ends when the signal aborts.
 *
 * It listens first, then reads the backlog, then goes live, dropping what it already yielded, so
 * the join has no gap. A live event that skips ahead (two sends published out of order) is
 * preceded by the missing seqs read from the database; a resync (the bus was away) reads
 * whatever was sent meanwhile. A message already yielded that changes afterwards (Glow support
 * removed it) is yielded again, in its new form, with its own seq: readers replace it by seq.
 */
export async function* streamMessages(
  deps: Pick<ServiceDeps, "prisma" | "bus">,
  userId: string,
  input: { conversationId: string; lastEventId?: string | null },
  signal: AbortSignal | undefined,
  /** Told of each message as it goes out live (not from the backlog or a resync): delivery timing. */
  onLive?: (message: MessageDTO) => void,
): AsyncGenerator<MessageDTO> {
  const { prisma, bus } = deps;
  const { conversationId } = input;
  await requireConversationAccess(prisma, userId, conversationId, "read");
  const live = listen(bus, channels.conversation(conversationId), signal);
  let lastSeq: number;
  if (input.lastEventId != null) {
    lastSeq = Number(input.lastEventId);
    for await (const message of messagesAfter(prisma, conversationId, lastSeq)) {
      yield message;
      lastSeq = message.seq;
    }
  } else {
    ({ lastSeq } = await prisma.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { lastSeq: true } }));
  }
  for await (const event of live) {
    const pending: MessageDTO[] = [];
    if (event.type === "resync") {
      for await (const missed of messagesAfter(prisma, conversationId, lastSeq)) pending.push(missed);
    } else if (event.type === "message-changed" && event.message.seq <= lastSeq) {
      yield event.message;
      continue;
    } else if ((event.type === "message" || event.type === "message-changed") && event.message.seq > lastSeq) {
      if (event.message.seq > lastSeq + 1) {
        for await (const missed of messagesAfter(prisma, conversationId, lastSeq, event.message.seq - 1)) pending.push(missed);
      }
      pending.push(event.message);
    }
    for (const message of pending) {
      if (event.type === "message" && message === event.message) onLive?.(message);
      yield message;
      lastSeq = message.seq;
    }
  }
}

/** Messages with seq in (afterSeq, upToSeq], ascending, read in pages. */
async function* messagesAfter(
  prisma: PrismaClient,
  conversationId: string,
  afterSeq: number,
  upToSeq = Number.MAX_SAFE_INTEGER,
): AsyncGenerator<MessageDTO> {
  let from = afterSeq;
  for (;;) {
    const rows = await prisma.message.findMany({
      where: { conversationId, seq: { gt: from, lte: Math.min(upToSeq, 2_147_483_647) } },
      orderBy: { seq: "asc" },
      take: 200,
      include: messageInclude,
    });
    for (const row of rows) yield toMessageDTO(row);
    const last = rows.at(-1);
    if (!last || rows.length < 200) return;
    from = last.seq;
  }
}
