import type { PrismaClient } from "@/generated/prisma/client";
import type { ServiceDeps } from "./deps";
import { conversationNotFound, DomainError } from "./errors";
import { appendMessage, lockConversation, publishMessage } from "./message-log";
import { toMessageDTO, type MessageDTO } from "./message-dto";
import { requireParticipant } from "./conversations";

export const MESSAGE_PAGE_SIZE = 50;

/**
 * Stores a message once per clientId and gives it the conversation's next seq.
 *
 * The conversation row is locked for the length of the transaction, so sends to one conversation
 * are serialised: seq is lastSeq + 1 and a rollback leaves no gap. Under the lock a retry finds the
 * message its first attempt stored and returns it. The event goes out only after the commit.
 */
export async function sendMessage(
  deps: ServiceDeps,
  senderId: string,
  input: { conversationId: string; clientId: string; text: string; bookingId?: string },
): Promise<MessageDTO> {
  const { message, created, participantIds } = await deps.prisma.$transaction(
    async (tx) => {
      const conversation = await lockConversation(tx, input.conversationId);
      if (!conversation || (conversation.customerId !== senderId && conversation.artistId !== senderId)) {
        throw conversationNotFound();
      }
      const existing = await tx.message.findUnique({
        where: { conversationId_clientId: { conversationId: input.conversationId, clientId: input.clientId } },
      });
      if (existing) {
        if (existing.senderId !== senderId) {
          throw new DomainError("CONFLICT", "This clientId was already used for another message. Send with a new one.");
        }
        return { message: existing, created: false, participantIds: [] };
      }
      if (input.bookingId) {
        const booking = await tx.booking.findFirst({
          where: { id: input.bookingId, conversationId: input.conversationId },
          select: { id: true },
        });
        if (!booking) throw new DomainError("BAD_REQUEST", "That booking is not part of this conversation.");
      }
      const message = await appendMessage(tx, conversation, {
        senderId,
        kind: "TEXT",
        text: input.text,
        clientId: input.clientId,
        bookingId: input.bookingId,
      });
      // Writing a message means having read everything before it.
      await tx.participant.update({
        where: { conversationId_userId: { conversationId: input.conversationId, userId: senderId } },
        data: { lastReadSeq: message.seq },
      });
      return { message, created: true, participantIds: [conversation.customerId, conversation.artistId] };
    },
    { maxWait: 15_000, timeout: 15_000 },
  );
  const dto = toMessageDTO(message);
  if (created) publishMessage(deps, dto, participantIds);
  return dto;
}

/** One page of history, ascending by seq; nextBeforeSeq fetches the page before it. */
export async function listMessages(
  prisma: PrismaClient,
  userId: string,
  input: { conversationId: string; beforeSeq?: number; limit: number },
): Promise<{ items: MessageDTO[]; nextBeforeSeq: number | null }> {
  await requireParticipant(prisma, input.conversationId, userId);
  const rows = await prisma.message.findMany({
    where: {
      conversationId: input.conversationId,
      ...(input.beforeSeq !== undefined ? { seq: { lt: input.beforeSeq } } : {}),
    },
    orderBy: { seq: "desc" },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit).reverse();
  const oldest = page[0];
  return {
    items: page.map(toMessageDTO),
    nextBeforeSeq: rows.length > input.limit && oldest ? oldest.seq : null,
  };
}

/** Messages with seq in (afterSeq, upToSeq], ascending, read in pages. */
export async function* messagesAfter(
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
    });
    for (const row of rows) yield toMessageDTO(row);
    const last = rows.at(-1);
    if (!last || rows.length < 200) return;
    from = last.seq;
  }
}
