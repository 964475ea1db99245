import { MIN_REASON_LENGTH } from "@/shared/moderation";
import type { PrismaClient } from "@/generated/prisma/client";
import type { BookingStatus } from "@/generated/prisma/enums";
import { DomainError, conversationNotFound, notFound } from "../errors";
import { messageInclude } from "../message-dto";
import { MESSAGE_PAGE_SIZE, readMessagePage } from "../messages";
import { recordAudit, type AdminActor } from "./audit";
import { personSelect, toAdminMessage, toPersonRef, type AdminMessage, type PersonRef } from "./admin-dto";

/**
 * Glow support reads a conversation: read-only, behind a reason, every page recorded in the audit
 * trail before it is read. Nothing here changes what the participants see (no read position, no
 * event): they cannot tell.
 */

export { MIN_REASON_LENGTH };

export interface AdminConversation {
  id: string;
  customer: PersonRef;
  artist: PersonRef;
  lastSeq: number;
  createdAt: Date;
  updatedAt: Date;
  bookings: { id: string; status: BookingStatus; startsAt: Date; serviceName: string; note: string | null; originalNote: string | null }[];
}

export interface AdminConversationPage {
  conversation: AdminConversation;
  /** Ascending by seq. */
  items: AdminMessage[];
  /** Pass as beforeSeq for the page before; null at the start. */
  nextBeforeSeq: number | null;
}

export function requireReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length < MIN_REASON_LENGTH) {
    throw new DomainError(
      "BAD_REQUEST",
      `reason: give at least ${MIN_REASON_LENGTH} characters (a report or dispute number, or why you are reading this conversation)`,
    );
  }
  return trimmed;
}

async function readConversation(prisma: PrismaClient, conversationId: string): Promise<AdminConversation | null> {
  const row = await prisma.conversation.findUnique({
    where: { id: conversationId },
    select: {
      id: true,
      lastSeq: true,
      createdAt: true,
      updatedAt: true,
      customer: { select: personSelect },
      artist: { select: personSelect },
      bookings: {
        orderBy: { startsAt: "desc" },
        select: { id: true, status: true, startsAt: true, note: true, originalNote: true, service: { select: { name: true } } },
      },
    },
  });
  if (!row) return null;
  return {
    id: row.id,
    customer: toPersonRef(row.customer),
    artist: toPersonRef(row.artist),
    lastSeq: row.lastSeq,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    bookings: row.bookings.map(({ service, ...booking }) => ({ ...booking, serviceName: service.name })),
  };
}

/** One page of a conversation for an admin, newest page first, after recording why. */
export async function viewConversation(
  prisma: PrismaClient,
  actor: AdminActor,
  input: { conversationId: string; reason: string; beforeSeq?: number; limit?: number },
): Promise<AdminConversationPage> {
  const reason = requireReason(input.reason);
  const limit = input.limit ?? MESSAGE_PAGE_SIZE;
  await recordAudit(prisma, actor, {
    action: "conversation.view",
    targetType: "conversation",
    targetId: input.conversationId,
    reason,
    details: { beforeSeq: input.beforeSeq ?? null },
  });
  const conversation = await readConversation(prisma, input.conversationId);
  if (!conversation) throw conversationNotFound();
  const { rows, nextBeforeSeq } = await readMessagePage(prisma, { conversationId: input.conversationId, beforeSeq: input.beforeSeq, limit });
  return { conversation, items: rows.map(toAdminMessage), nextBeforeSeq };
}

/** How many messages on each side of a reported one the queue shows. */
export const REPORT_CONTEXT_SPAN = 3;

/**
 * A reported message with the few messages around it, for the moderation queue; recorded in the
 * audit trail as a read of the conversation, the report being the reason.
 */
export async function readReportContext(
  prisma: PrismaClient,
  actor: AdminActor,
  reportId: string,
): Promise<{ conversation: AdminConversation | null; items: AdminMessage[]; reportedSeq: number | null }> {
  const report = await prisma.report.findUnique({
    where: { id: reportId },
    select: { conversationId: true, messageSnapshot: true, message: { select: { seq: true } } },
  });
  if (!report) throw notFound("This report");
  await recordAudit(prisma, actor, {
    action: "report.context",
    targetType: "report",
    targetId: reportId,
    reason: `Report ${reportId}`,
    details: { conversationId: report.conversationId },
  });
  const reportedSeq = report.message?.seq ?? (report.messageSnapshot as { seq?: number } | null)?.seq ?? null;
  if (!report.conversationId || reportedSeq === null) return { conversation: null, items: [], reportedSeq: null };
  const conversation = await readConversation(prisma, report.conversationId);
  if (!conversation) return { conversation: null, items: [], reportedSeq };
  const rows = await prisma.message.findMany({
    where: { conversationId: report.conversationId, seq: { gte: reportedSeq - REPORT_CONTEXT_SPAN, lte: reportedSeq + REPORT_CONTEXT_SPAN } },
    orderBy: { seq: "asc" },
    include: messageInclude,
  });
  return { conversation, items: rows.map(toAdminMessage), reportedSeq };
}
