import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { MessageKind } from "@/generated/prisma/enums";
import { channels, type ChatEvent } from "@/server/realtime/event-bus";
import type { ServiceDeps } from "./deps";
import { messageInclude, toMessageDTO, type MessageDTO, type MessageRow } from "./message-dto";

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

/**
 * Locks the conversation row until the transaction ends, by writing it (a no-op write): the row gets
 * a new version, which is how the one-statement send tells that something changed the conversation
 * after it began (send-statement.ts). Everything that changes what a send checks takes this lock.
 */
export async function lockConversation(db: Tx | PrismaClient, conversationId: string): Promise<LockedConversation | null> {
  const [row] = await db.$queryRaw<LockedConversation[]>`
    UPDATE "Conversation" SET "lastSeq" = "lastSeq" WHERE id = ${conversationId}
    RETURNING id, "lastSeq", "customerId", "artistId"`;
  return row ?? null;
}

export interface AppendedMessage {
  senderId: string | null;
  kind: MessageKind;
  text: string;
  /** What the sender wrote, when the safety layer changed `text`. */
  originalText?: string | null;
  contactDetailsHidden?: boolean;
  clientId?: string;
  bookingId?: string | null;
  attachmentIds?: string[];
  /** Who caused a SYSTEM message (the person who changed the booking): not unread for them, no push. */
  actorId?: string | null;
}

/**
 * Appends a message with the next seq to a conversation locked by this transaction, taking the
 * given uploads (already checked by the caller) as its photos, in order.
 */
async function appendMessage(tx: Tx, conversation: LockedConversation, data: AppendedMessage): Promise<MessageRow> {
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
      originalText: data.originalText ?? null,
      contactDetailsHidden: data.contactDetailsHidden ?? false,
      clientId: data.clientId ?? null,
      bookingId: data.bookingId ?? null,
      actorId: data.senderId === null ? (data.actorId ?? null) : null,
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

/** What a write to message logs may do inside its transaction. */
export interface MessageLogWriter {
  /** Locks the conversation row until the transaction ends; null when it does not exist. */
  lock(conversationId: string): Promise<LockedConversation | null>;
  /** Appends a message with the next seq to a conversation locked above; published after the commit. */
  append(conversation: LockedConversation, data: AppendedMessage): Promise<MessageRow>;
  /** Publishes a message stored earlier again after the commit (a retry whose first answer was lost). */
  announceAgain(conversation: LockedConversation, message: MessageRow): void;
}

/** A message that has just been committed, to announce. */
export interface CommittedMessage {
  message: MessageRow;
  /** Both participants of its conversation. */
  participantIds: string[];
  /**
   * Set when this commit appended it: who caused it (the sender, or the person who changed a
   * booking), for push notifications. Undefined for a message announced again (a retry).
   */
  appendedBy?: { actorId: string | null };
}

/**
 * Runs `write` in one transaction in which it locks conversations and appends to their logs; once
 * the transaction has committed, each message it appended (or announced again) is published to
 * the conversation's subscribers and both participants' inboxes. Nothing is published when it
 * rolls back.
 */
export async function writeMessageLog<T>(deps: ServiceDeps, write: (tx: Tx, log: MessageLogWriter) => Promise<T>): Promise<T> {
  const committed: CommittedMessage[] = [];
  const result = await deps.prisma.$transaction(
    (tx) =>
      write(tx, {
        lock: (conversationId) => lockConversation(tx, conversationId),
        append: async (conversation, data) => {
          const message = await appendMessage(tx, conversation, data);
          committed.push({
            message,
            participantIds: [conversation.customerId, conversation.artistId],
            appendedBy: { actorId: data.senderId ?? data.actorId ?? null },
          });
          return message;
        },
        announceAgain: (conversation, message) => committed.push({ message, participantIds: [conversation.customerId, conversation.artistId] }),
      }),
    { maxWait: 15_000, timeout: 15_000 },
  );
  announceCommitted(deps, committed);
  return result;
}

/**
 * Tells each message's conversation subscribers and both participants' inboxes, and the push
 * notifier of those just appended. Call after the commit. Each message becomes its public shape
 * once, frozen: the same object goes to the bus, every subscriber and the notifier, and the
 * transformer serialises a frozen object once for all the sockets it goes to (trpc/transformer.ts).
 */
export function announceCommitted(deps: ServiceDeps, committed: readonly CommittedMessage[]): MessageDTO[] {
  const dtos = committed.map((c) => freezeMessage(toMessageDTO(c.message)));
  committed.forEach((c, i) => publishMessage(deps, dtos[i]!, c.participantIds));
  const notices = committed.flatMap((c, i) =>
    c.appendedBy ? [{ message: dtos[i]!, participantIds: c.participantIds, actorId: c.appendedBy.actorId }] : [],
  );
  if (deps.notifier && notices.length > 0) deps.notifier.messagesAppended(notices);
  for (const c of committed) if (c.appendedBy) deps.metrics?.messagesSent.inc({ kind: c.message.kind });
  return dtos;
}

function freezeMessage(message: MessageDTO): MessageDTO {
  for (const attachment of message.attachments) Object.freeze(attachment);
  Object.freeze(message.attachments);
  return Object.freeze(message);
}

/** Tells the conversation's subscribers and both participants' inboxes. Call after the commit. */
function publishMessage(deps: ServiceDeps, message: MessageDTO, participantIds: string[]): void {
  const event: ChatEvent = { type: "message", message };
  deps.bus.publish(channels.conversation(message.conversationId), event);
  // One event object for both inboxes: a bus serialises it once.
  const inbox: ChatEvent = { type: "inbox", conversationId: message.conversationId };
  for (const userId of participantIds) deps.bus.publish(channels.user(userId), inbox);
}
