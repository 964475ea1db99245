import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { ReportReason, ReportResolution, ReportStatus } from "@/generated/prisma/enums";
import { channels } from "@/server/realtime/event-bus";
import { REMOVED_MESSAGE_TEXT } from "@/shared/moderation";
import type { ServiceDeps } from "../deps";
import { DomainError, notFound } from "../errors";
import { messageInclude, toMessageDTO, type MessageDTO } from "../message-dto";
import { writeMessageLog } from "../message-log";
import { announceEnded } from "../sessions";
import type { MessageSnapshot } from "../reports";
import { recordAudit, type AdminActor } from "./audit";
import { personSelect, toPersonRef, type PersonRef } from "./admin-dto";
import { suspendInTransaction } from "./suspensions";

/**
 * /admin/reports: the moderation queue (reports from people and the keyword filter's automatic
 * ones), oldest first, and what Glow support does about each: dismiss it, remove the message,
 * warn the reported person in their conversation, or suspend them. Each resolution, its audit
 * entry and its effect commit together; what others must hear of it goes out after the commit.
 */

export interface AdminReport {
  id: string;
  reason: ReportReason;
  note: string | null;
  status: ReportStatus;
  createdAt: Date;
  reporter: PersonRef | null;
  reportedUser: PersonRef | null;
  /** Open reports against the reported person, this one included. */
  openReportsAgainstUser: number;
  conversationId: string | null;
  messageId: string | null;
  /** The message as it was when reported. */
  messageSnapshot: MessageSnapshot | null;
  /** The reported message has since been removed by Glow support. */
  messageRemoved: boolean;
  resolution: ReportResolution | null;
  resolutionNote: string | null;
  resolvedAt: Date | null;
  resolvedBy: { id: string; name: string } | null;
}

export const REPORT_PAGE_SIZE = 20;

const reportSelect = {
  id: true,
  reason: true,
  note: true,
  status: true,
  createdAt: true,
  conversationId: true,
  messageId: true,
  messageSnapshot: true,
  resolution: true,
  resolutionNote: true,
  resolvedAt: true,
  reporter: { select: personSelect },
  reportedUser: { select: personSelect },
  resolvedBy: { select: { id: true, name: true } },
  message: { select: { removedAt: true } },
} satisfies Prisma.ReportSelect;

type ReportRow = Prisma.ReportGetPayload<{ select: typeof reportSelect }>;

async function toAdminReports(prisma: PrismaClient | Prisma.TransactionClient, rows: ReportRow[]): Promise<AdminReport[]> {
  const reportedIds = [...new Set(rows.flatMap((r) => (r.reportedUser ? [r.reportedUser.id] : [])))];
  const counts = reportedIds.length
    ? await prisma.report.groupBy({ by: ["reportedUserId"], where: { reportedUserId: { in: reportedIds }, status: "OPEN" }, _count: true })
    : [];
  const openAgainst = new Map(counts.map((c) => [c.reportedUserId, c._count]));
  return rows.map(({ reporter, reportedUser, resolvedBy, message, messageSnapshot, ...row }) => ({
    ...row,
    reporter: reporter ? toPersonRef(reporter) : null,
    reportedUser: reportedUser ? toPersonRef(reportedUser) : null,
    openReportsAgainstUser: reportedUser ? (openAgainst.get(reportedUser.id) ?? 0) : 0,
    messageSnapshot: messageSnapshot as MessageSnapshot | null,
    messageRemoved: message?.removedAt != null,
    resolvedBy,
  }));
}

/**
 * OPEN reports oldest first (the queue); RESOLVED ones newest filed first (the record). The queue
 * shows what reported messages said, so reading it is recorded in the audit trail first.
 */
export async function listReports(
  prisma: PrismaClient,
  actor: AdminActor,
  input: { status?: ReportStatus; cursor?: string; limit?: number },
): Promise<{ items: AdminReport[]; nextCursor: string | null }> {
  const status = input.status ?? "OPEN";
  await recordAudit(prisma, actor, { action: "report.list", targetType: "report", targetId: null, details: { status, cursor: input.cursor ?? null } });
  const limit = input.limit ?? REPORT_PAGE_SIZE;
  const direction = status === "OPEN" ? "asc" : "desc";
  const rows = await prisma.report.findMany({
    where: { status },
    orderBy: [{ createdAt: direction }, { id: direction }],
    take: limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: reportSelect,
  });
  const page = rows.slice(0, limit);
  return { items: await toAdminReports(prisma, page), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}

export type ResolveReportInput = { id: string; action: ReportResolution; note: string; suspendDays?: number };

/** The SYSTEM message a warning puts in the conversation, which both people read. */
export const warningText = (name: string) =>
  `Glow support reviewed a report in this conversation and has warned ${name}. Please keep to Glow's community guidelines.`;

type Tx = Prisma.TransactionClient;

/** Replaces a message's text for both participants, keeping what was written for admins. */
async function removeMessage(tx: Tx, messageId: string): Promise<MessageDTO> {
  const updated = await tx.$executeRaw`
    UPDATE "Message" SET "originalText" = COALESCE("originalText", "text"), "text" = ${REMOVED_MESSAGE_TEXT}, "removedAt" = now()
     WHERE id = ${messageId} AND "removedAt" IS NULL`;
  const message = await tx.message.findUnique({ where: { id: messageId }, include: messageInclude });
  if (!message) throw new DomainError("BAD_REQUEST", "The reported message no longer exists. Dismiss the report, or warn or suspend the person.");
  if (updated === 0 && !message.removedAt) throw new DomainError("CONFLICT", "The message changed meanwhile. Try again.");
  return toMessageDTO(message);
}

/** The conversation a warning goes into: the reported message's, or the one between reporter and reported. */
async function conversationForWarning(tx: Tx, report: { conversationId: string | null; reporterId: string | null; reportedUserId: string | null }) {
  if (report.conversationId) return report.conversationId;
  if (report.reporterId && report.reportedUserId) {
    const pair = await tx.conversation.findFirst({
      where: {
        OR: [
          { customerId: report.reporterId, artistId: report.reportedUserId },
          { customerId: report.reportedUserId, artistId: report.reporterId },
        ],
      },
      select: { id: true },
    });
    if (pair) return pair.id;
  }
  throw new DomainError("BAD_REQUEST", "These two have no conversation to put a warning in. Suspend the person or dismiss the report.");
}

export async function resolveReport(deps: ServiceDeps, actor: AdminActor, input: ResolveReportInput): Promise<AdminReport> {
  const note = input.note.trim();
  if (!note) throw new DomainError("BAD_REQUEST", "note: say what was decided and why (the record keeps it)");
  if (input.action !== "SUSPEND_USER" && input.suspendDays !== undefined) {
    throw new DomainError("BAD_REQUEST", "suspendDays: only a SUSPEND_USER resolution takes a number of days");
  }
  const afterCommit: (() => void)[] = [];
  const resolved = await writeMessageLog(deps, async (tx, log) => {
    // Removing a message settles every open report of it, so the message is locked before its
    // report: two admins removing it through two of its reports then take turns (the second is
    // told it was already resolved) instead of each holding a report the other must update.
    if (input.action === "REMOVE_MESSAGE") {
      await tx.$queryRaw`SELECT m.id FROM "Message" m JOIN "Report" r ON r."messageId" = m.id WHERE r.id = ${input.id} FOR UPDATE OF m`;
    }
    const [report] = await tx.$queryRaw<
      { id: string; status: ReportStatus; messageId: string | null; conversationId: string | null; reporterId: string | null; reportedUserId: string | null }[]
    >`SELECT id, status, "messageId", "conversationId", "reporterId", "reportedUserId" FROM "Report" WHERE id = ${input.id} FOR UPDATE`;
    if (!report) throw notFound("This report");
    if (report.status === "RESOLVED") throw new DomainError("CONFLICT", "This report was already resolved. Reload the queue to see what was decided.");
    await recordAudit(tx, actor, {
      action: `report.resolve.${input.action.toLowerCase()}`,
      targetType: "report",
      targetId: report.id,
      reason: note,
      details: {
        resolution: input.action,
        reportedUserId: report.reportedUserId,
        messageId: report.messageId,
        conversationId: report.conversationId,
        ...(input.suspendDays !== undefined ? { suspendDays: input.suspendDays } : {}),
      },
    });

    // Other open reports of the same message are settled by the same decision.
    const sameMessage = input.action === "REMOVE_MESSAGE" && report.messageId ? { messageId: report.messageId } : { id: report.id };
    switch (input.action) {
      case "DISMISS":
        break;
      case "REMOVE_MESSAGE": {
        if (!report.messageId) {
          throw new DomainError("BAD_REQUEST", report.conversationId ? "The reported message no longer exists. Dismiss the report, or warn or suspend the person." : "This report is about a person, not a message: there is no message to remove.");
        }
        const message = await removeMessage(tx, report.messageId);
        await recordAudit(tx, actor, { action: "message.remove", targetType: "message", targetId: message.id, reason: note, details: { reportId: report.id, conversationId: message.conversationId } });
        const conversation = await tx.conversation.findUniqueOrThrow({ where: { id: message.conversationId }, select: { customerId: true, artistId: true } });
        afterCommit.push(() => {
          deps.bus.publish(channels.conversation(message.conversationId), { type: "message-changed", message });
          for (const userId of [conversation.customerId, conversation.artistId]) {
            deps.bus.publish(channels.user(userId), { type: "inbox", conversationId: message.conversationId });
          }
        });
        break;
      }
      case "WARN_USER": {
        if (!report.reportedUserId) throw new DomainError("BAD_REQUEST", "The reported person's account no longer exists.");
        const conversationId = await conversationForWarning(tx, report);
        const person = await tx.user.findUniqueOrThrow({ where: { id: report.reportedUserId }, select: { name: true } });
        const conversation = await log.lock(conversationId);
        if (!conversation) throw notFound("This conversation");
        await log.append(conversation, { senderId: null, kind: "SYSTEM", text: warningText(person.name) });
        await recordAudit(tx, actor, { action: "user.warn", targetType: "user", targetId: report.reportedUserId, reason: note, details: { reportId: report.id, conversationId } });
        break;
      }
      case "SUSPEND_USER": {
        if (!report.reportedUserId) throw new DomainError("BAD_REQUEST", "The reported person's account no longer exists.");
        const ended = await suspendInTransaction(tx, report.reportedUserId, note, input.suspendDays);
        await recordAudit(tx, actor, { action: "user.suspend", targetType: "user", targetId: report.reportedUserId, reason: note, details: { reportId: report.id, days: input.suspendDays ?? null } });
        afterCommit.push(() => announceEnded(deps.bus, ended));
        break;
      }
    }
    await tx.report.updateMany({
      where: { ...sameMessage, status: "OPEN" },
      data: { status: "RESOLVED", resolution: input.action, resolutionNote: note, resolvedById: actor.id, resolvedAt: new Date() },
    });
    const row = await tx.report.findUniqueOrThrow({ where: { id: report.id }, select: reportSelect });
    return (await toAdminReports(tx, [row]))[0]!;
  });
  for (const publish of afterCommit) publish();
  return resolved;
}
