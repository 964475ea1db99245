import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { ReportReason } from "@/generated/prisma/enums";
import { readConversationAccess } from "./access";
import { DomainError, notFound } from "./errors";
import { isForeignKeyViolation, isUniqueViolation } from "./prisma-errors";

/**
 * Reports for the moderation queue: people report a message or a user; the keyword filter's FLAG
 * files AUTOMATIC ones. A message report keeps a snapshot of the message as it was, so that what
 * was reported survives the message being removed or its sender deleting their account.
 */

export type UserReportReason = Exclude<ReportReason, "AUTOMATIC">;

export type ReportTarget = { messageId: string } | { userId: string };

/** The message as it was when reported. */
export interface MessageSnapshot {
  seq: number;
  kind: string;
  text: string;
  originalText: string | null;
  senderId: string | null;
  senderName: string | null;
  createdAt: string;
  photos: { id: string; width: number; height: number; mime: string }[];
}

type Db = PrismaClient | Prisma.TransactionClient;

const snapshotSelect = {
  id: true,
  conversationId: true,
  seq: true,
  kind: true,
  text: true,
  originalText: true,
  senderId: true,
  createdAt: true,
  sender: { select: { name: true } },
  attachments: { orderBy: { position: "asc" }, select: { id: true, width: true, height: true, mime: true } },
} satisfies Prisma.MessageSelect;

type SnapshotRow = Prisma.MessageGetPayload<{ select: typeof snapshotSelect }>;

function snapshotOf(message: SnapshotRow): MessageSnapshot {
  return {
    seq: message.seq,
    kind: message.kind,
    text: message.text,
    originalText: message.originalText,
    senderId: message.senderId,
    senderName: message.sender?.name ?? null,
    createdAt: message.createdAt.toISOString(),
    photos: message.attachments,
  };
}


export async function createReport(
  prisma: PrismaClient,
  reporterId: string,
  input: ReportTarget & { reason: UserReportReason; note?: string },
): Promise<{ id: string }> {
  const note = input.note?.trim() || null;
  if ("messageId" in input) return reportMessage(prisma, reporterId, input.messageId, input.reason, note);
  return reportUser(prisma, reporterId, input.userId, input.reason, note);
}

async function reportMessage(prisma: PrismaClient, reporterId: string, messageId: string, reason: UserReportReason, note: string | null) {
  const message = await prisma.message.findUnique({ where: { id: messageId }, select: snapshotSelect });
  // Only the conversation's participants know the message exists.
  if (!message || !(await readConversationAccess(prisma, reporterId, message.conversationId))) throw notFound("This message");
  if (message.kind === "SYSTEM") throw new DomainError("BAD_REQUEST", "Messages from Glow can't be reported.");
  if (message.senderId === reporterId) throw new DomainError("BAD_REQUEST", "You can't report your own message.");
  const existing = () => prisma.report.findUnique({ where: { reporterId_messageId: { reporterId, messageId } }, select: { id: true } });
  const earlier = await existing();
  if (earlier) return earlier;
  try {
    return await prisma.report.create({
      data: {
        reporterId,
        reason,
        note,
        messageId,
        conversationId: message.conversationId,
        reportedUserId: message.senderId,
        messageSnapshot: snapshotOf(message) as unknown as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
  } catch (error) {
    // Two reports of one message at once: one is stored, both get it.
    if (isUniqueViolation(error)) return (await existing())!;
    // The message was removed a moment ago.
    if (isForeignKeyViolation(error)) throw notFound("This message");
    throw error;
  }
}

async function reportUser(prisma: PrismaClient, reporterId: string, userId: string, reason: UserReportReason, note: string | null) {
  if (userId === reporterId) throw new DomainError("BAD_REQUEST", "You can't report yourself.");
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { role: true } });
  if (!user || user.role === "ADMIN") throw notFound("This person");
  // Reporting someone again while the first report waits for support adds nothing to the queue.
  const open = await prisma.report.findFirst({
    where: { reporterId, reportedUserId: userId, messageId: null, conversationId: null, status: "OPEN" },
    select: { id: true },
  });
  if (open) return open;
  try {
    return await prisma.report.create({ data: { reporterId, reason, note, reportedUserId: userId }, select: { id: true } });
  } catch (error) {
    // The account was deleted a moment ago.
    if (isForeignKeyViolation(error)) throw notFound("This person");
    throw error;
  }
}

/**
 * The keyword filter found FLAG terms in a message just stored: it goes to the moderation queue,
 * in the same transaction as the message.
 */
export async function fileAutomaticReport(db: Db, messageId: string, terms: { term: string }[]): Promise<void> {
  const message = await db.message.findUniqueOrThrow({ where: { id: messageId }, select: snapshotSelect });
  await db.report.create({
    data: {
      reason: "AUTOMATIC",
      note: `Keyword filter: ${terms.map((t) => `"${t.term}"`).join(", ")}`,
      messageId,
      conversationId: message.conversationId,
      reportedUserId: message.senderId,
      messageSnapshot: snapshotOf(message) as unknown as Prisma.InputJsonValue,
    },
  });
}
