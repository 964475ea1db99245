import type { Prisma } from "@/generated/prisma/client";
import type { MessageKind } from "@/generated/prisma/enums";
import { channels, type ChatEvent } from "@/server/realtime/event-bus";
import type { ServiceDeps } from "./deps";
import { messageInclude, type MessageDTO, type MessageRow } from "./message-dto";

/**
 * The append-only log of a conversation. Appends happen inside a transaction that holds the
 * conversation row's lock, so seq is lastSeq + 1 with no gap, and events go out after the commit.
 */

export interface LockedConversation {
  id: string;
  lastSeq: number;
  customerId: string;
  artistId: string;
}

type Tx = Prisma.TransactionClient;

/** Locks the conversation row until the transaction ends; null when it does not exist. */
export async function lockConversation(tx: Tx, conversationId: string): Promise<LockedConversation | null> {
  const [row] = await tx.$queryRaw<LockedConversation[]>`
    SELECT id, "lastSeq", "customerId", "artistId" FROM "Conversation" WHERE id = ${conversationId} FOR UPDATE`;
  return row ?? null;
}

/**
 * Appends a message with the next seq to a conversation locked by this transaction, taking the
 * given uploads (already checked by the caller) as its photos, in order.
 */
export async function appendMessage(
  tx: Tx,
  conversation: LockedConversation,
  data: {
    senderId: string | null;
    kind: MessageKind;
    text: string;
    clientId?: string;
    bookingId?: string | null;
    attachmentIds?: string[];
  },
): Promise<MessageRow> {
  const seq = conversation.lastSeq + 1;
  const now = new Date();
  await tx.conversation.update({ where: { id: conversation.id }, data: { lastSeq: seq, updatedAt: now } });
  conversation.lastSeq = seq;
  const message = await tx.message.create({
    data: {
      conversationId: conversation.id,
      seq,
      senderId: data.senderId,
      kind: data.kind,
      text: data.text,
      clientId: data.clientId ?? null,
      bookingId: data.bookingId ?? null,
      createdAt: now,
    },
  });
  // A new message has no photos until the uploads below take it: no need to read them back.
  if (!data.attachmentIds?.length) return { ...message, attachments: [] };
  for (const [position, id] of data.attachmentIds.entries()) {
    await tx.upload.update({ where: { id }, data: { messageId: message.id, position } });
  }
  return tx.message.findUniqueOrThrow({ where: { id: message.id }, include: messageInclude });
}

/** Tells the conversation's subscribers and both participants' inboxes. Call after the commit. */
export function publishMessage(deps: ServiceDeps, message: MessageDTO, participantIds: string[]): void {
  const event: ChatEvent = { type: "message", message };
  deps.bus.publish(channels.conversation(message.conversationId), event);
  for (const userId of participantIds) {
    deps.bus.publish(channels.user(userId), { type: "inbox", conversationId: message.conversationId });
  }
}
