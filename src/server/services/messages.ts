import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { ServiceDeps } from "./deps";
import { assertAllowed, readConversationAccess, requireConversationAccess } from "./access";
import { conversationNotFound, DomainError } from "./errors";
import { announceCommitted, writeMessageLog } from "./message-log";
import { messageInclude, toMessageDTO, type MessageDTO, type MessageRow } from "./message-dto";
import { fileAutomaticReport } from "./reports";
import { screenMessageText, type Screening, type ScreenedText } from "./screen-message";
import { sendInOneStatement } from "./send-statement";

export const MESSAGE_PAGE_SIZE = 50;

/**
 * Stores a message once per clientId and gives it the conversation's next seq, then announces it.
 *
 * The common send is one statement (send-statement.ts). When it stores nothing (a refusal, a
 * retry, a flagged text, or a change to the conversation while it waited), the full path below
 * runs: a transaction in which the conversation row is locked, so sends to one conversation are
 * serialised, seq is lastSeq + 1 and a rollback leaves no gap. Under the lock a retry finds the
 * message its first attempt stored and returns it (and announces it again). Events go out only
 * after the commit.
 *
 * Every safety rule is applied as it stands once the lock is held: the participant check and
 * blocks (access.ts, read after the lock, so a block committed while this send waited is seen),
 * then the keyword filter and contact masking (screen-message.ts: the text is checked before the
 * lock, and the variant for the pair's booking state is picked under it).
 */
export async function sendMessage(
  deps: ServiceDeps,
  senderId: string,
  input: { conversationId: string; clientId: string; text: string; bookingId?: string; attachmentIds?: string[] },
): Promise<MessageDTO> {
  const screening = screenMessageText(await deps.keywordFilter.current(), input.text);
  const variants = commonVariants(screening);
  if (variants) {
    const sent = await sendInOneStatement(deps.sql, {
      conversationId: input.conversationId,
      senderId,
      clientId: input.clientId,
      bookingId: input.bookingId ?? null,
      attachmentIds: input.attachmentIds ?? [],
      ...variants,
    });
    if (sent) return announceCommitted(deps, [sent])[0]!;
  }
  return sendWithLock(deps, senderId, input, screening);
}

/**
 * Both variants of a text the one-statement send can store as they are; null when the full path
 * must decide (a BLOCK or FLAG term, or a text too long once contact details are hidden).
 */
function commonVariants(screening: Screening): { hidden: ScreenedText; allowed: ScreenedText } | null {
  if (screening.blocked) return null;
  try {
    const hidden = screening.screened({ contactDetailsAllowed: false });
    const allowed = screening.screened({ contactDetailsAllowed: true });
    return hidden.flagged.length === 0 ? { hidden, allowed } : null;
  } catch {
    return null;
  }
}

/** The full send: one transaction holding the conversation's lock (see sendMessage). */
async function sendWithLock(
  deps: ServiceDeps,
  senderId: string,
  input: { conversationId: string; clientId: string; text: string; bookingId?: string; attachmentIds?: string[] },
  screening: Screening,
): Promise<MessageDTO> {
  const message = await writeMessageLog(deps, async (tx, log) => {
    const access = await readConversationAccess(tx, senderId, input.conversationId, { lock: true, clientId: input.clientId });
    if (!access) throw conversationNotFound();
    const { conversation } = access;
    if (access.messageIdForClientId) {
      const existing = await tx.message.findUniqueOrThrow({ where: { id: access.messageIdForClientId }, include: messageInclude });
      if (existing.senderId !== senderId) {
        throw new DomainError("CONFLICT", "This clientId was already used for another message. Send with a new one.");
      }
      // Published again: if the first attempt committed but its answer (and maybe its event) was
      // lost, this is the only event anyone gets. Subscribers drop seqs they already have.
      log.announceAgain(conversation, existing);
      return existing;
    }
    assertAllowed(access, "send");
    const screened = screening.screened({ contactDetailsAllowed: access.bookingConfirmed });
    if (input.bookingId) {
      const booking = await tx.booking.findFirst({
        where: { id: input.bookingId, conversationId: input.conversationId },
        select: { id: true },
      });
      if (!booking) throw new DomainError("BAD_REQUEST", "That booking is not part of this conversation.");
    }
    const attachmentIds = input.attachmentIds ?? [];
    await checkAttachments(tx, senderId, input.conversationId, attachmentIds);
    const message = await log.append(conversation, {
      senderId,
      kind: attachmentIds.length ? "IMAGE" : "TEXT",
      text: screened.text,
      originalText: screened.originalText,
      contactDetailsHidden: screened.contactDetailsHidden,
      clientId: input.clientId,
      bookingId: input.bookingId,
      attachmentIds,
    });
    // Writing a message means having read everything before it.
    await tx.participant.update({
      where: { conversationId_userId: { conversationId: input.conversationId, userId: senderId } },
      data: { lastReadSeq: message.seq, lastReadAt: message.createdAt, lastReadMessageAt: message.createdAt },
    });
    if (screened.flagged.length > 0) await fileAutomaticReport(tx, message.id, screened.flagged);
    return message;
  });
  return toMessageDTO(message);
}

/**
 * A message may take only the sender's own uploads to this conversation that no message has
 * taken yet. (The conversation lock serialises this check with every other send here.)
 */
async function checkAttachments(tx: Prisma.TransactionClient, senderId: string, conversationId: string, ids: string[]) {
  if (ids.length === 0) return;
  const uploads = await tx.upload.findMany({
    where: { id: { in: ids } },
    select: { id: true, uploaderId: true, conversationId: true, messageId: true },
  });
  const byId = new Map(uploads.map((u) => [u.id, u]));
  for (const id of ids) {
    const upload = byId.get(id);
    if (!upload || upload.uploaderId !== senderId) {
      throw new DomainError("BAD_REQUEST", "A photo in this message is not one you uploaded. Attach it again.");
    }
    if (upload.conversationId !== conversationId) {
      throw new DomainError("BAD_REQUEST", "A photo in this message was uploaded to another conversation. Attach it here again.");
    }
    if (upload.messageId) {
      throw new DomainError("BAD_REQUEST", "A photo in this message was already sent. Attach it again to send it once more.");
    }
  }
}

/**
 * One page of a conversation's stored messages, ascending by seq, newest page first;
 * nextBeforeSeq fetches the page before it. No access check: callers decide who may read.
 */
export async function readMessagePage(
  prisma: PrismaClient,
  input: { conversationId: string; beforeSeq?: number; limit: number },
): Promise<{ rows: MessageRow[]; nextBeforeSeq: number | null }> {
  const rows = await prisma.message.findMany({
    where: {
      conversationId: input.conversationId,
      ...(input.beforeSeq !== undefined ? { seq: { lt: input.beforeSeq } } : {}),
    },
    orderBy: { seq: "desc" },
    take: input.limit + 1,
    include: messageInclude,
  });
  const page = rows.slice(0, input.limit).reverse();
  const oldest = page[0];
  return { rows: page, nextBeforeSeq: rows.length > input.limit && oldest ? oldest.seq : null };
}

/** One page of history for a participant, as they see it. */
export async function listMessages(
  prisma: PrismaClient,
  userId: string,
  input: { conversationId: string; beforeSeq?: number; limit: number },
): Promise<{ items: MessageDTO[]; nextBeforeSeq: number | null }> {
  await requireConversationAccess(prisma, userId, input.conversationId, "read");
  const { rows, nextBeforeSeq } = await readMessagePage(prisma, input);
  return { items: rows.map(toMessageDTO), nextBeforeSeq };
}
