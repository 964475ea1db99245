import { z } from "zod";
import { KeywordAction, ReportResolution, ReportStatus, Role } from "@/generated/prisma/enums";
import { NO_FIGURES } from "@/server/metrics/cluster-metrics";
import { deleteUserAsAdmin } from "@/server/services/account-deletion";
import type { AdminActor } from "@/server/services/admin/audit";
import { listAudit } from "@/server/services/admin/audit";
import { searchConversations } from "@/server/services/admin/conversation-search";
import { MIN_REASON_LENGTH, readReportContext, viewConversation } from "@/server/services/admin/conversation-view";
import { listReports, resolveReport } from "@/server/services/admin/report-queue";
import { readStats } from "@/server/services/admin/stats";
import { MAX_SUSPENSION_DAYS, suspendUser, unsuspendUser } from "@/server/services/admin/suspensions";
import { getAdminUser, searchUsers } from "@/server/services/admin/users-directory";
import { addKeyword, importKeywords, listKeywords, MAX_KEYWORD_IMPORT, removeKeyword } from "@/server/services/keywords";
import { notFound } from "@/server/services/errors";
import { adminProcedure, router } from "@/server/trpc/init";
import { imageStoreOf, type Context } from "@/server/trpc/context";
import { ZId, ZSeq } from "./schemas";

/** Who is acting and from where, for the audit trail. */
const actorOf = (ctx: Context & { user: { id: string } }): AdminActor => ({ id: ctx.user.id, ip: ctx.clientIp, userAgent: ctx.userAgent });

const ZQuery = z.string().trim().max(200, "must be at most 200 characters").optional();
/** A page cursor: the id of the last item of the previous page (audit entries' ids are UUIDs). */
const ZCursor = z.string().min(1).max(64, "must be the nextCursor of the previous page").optional();
const ZReason = z
  .string()
  .trim()
  .min(MIN_REASON_LENGTH, `give at least ${MIN_REASON_LENGTH} characters (a report or dispute number, or why)`)
  .max(500, "must be at most 500 characters");
const ZDays = z
  .number({ error: `must be a whole number of days from 1 to ${MAX_SUSPENSION_DAYS}` })
  .int(`must be a whole number of days from 1 to ${MAX_SUSPENSION_DAYS}`)
  .min(1, `must be a whole number of days from 1 to ${MAX_SUSPENSION_DAYS}`)
  .max(MAX_SUSPENSION_DAYS, `must be a whole number of days from 1 to ${MAX_SUSPENSION_DAYS}`);
const ZTerm = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
const ZAction = z.enum(KeywordAction, { error: 'must be "BLOCK", "FLAG" or "MASK"' });

export const ZAddKeywordInput = z.object({ term: ZTerm, action: ZAction });

export const ZImportKeywordsInput = z.object({
  /** One term per item (the page splits a pasted list by line). */
  terms: z
    .array(z.string().max(100, "each term must be at most 100 characters"))
    .min(1, "must hold at least one term")
    .max(MAX_KEYWORD_IMPORT, `must hold at most ${MAX_KEYWORD_IMPORT} terms`),
  action: ZAction,
});

export const ZSearchConversationsInput = z.object({ query: ZQuery, userId: ZId.optional(), bookingId: ZId.optional(), cursor: ZId.optional() });

export const ZViewConversationInput = z.object({ conversationId: ZId, reason: ZReason, beforeSeq: ZSeq(1).optional() });

export const ZListReportsInput = z.object({ status: z.enum(ReportStatus, { error: 'must be "OPEN" or "RESOLVED"' }).optional(), cursor: ZId.optional() });

export const ZResolveReportInput = z.object({
  id: ZId,
  action: z.enum(ReportResolution, { error: 'must be "DISMISS", "REMOVE_MESSAGE", "WARN_USER" or "SUSPEND_USER"' }),
  note: z.string().trim().min(1, "say what was decided and why (the record keeps it)").max(1000, "must be at most 1000 characters"),
  suspendDays: ZDays.optional(),
});

export const ZSearchUsersInput = z.object({ query: ZQuery, role: z.enum(Role, { error: 'must be "CUSTOMER", "ARTIST" or "ADMIN"' }).optional(), cursor: ZId.optional() });

export const ZSuspendUserInput = z.object({
  userId: ZId,
  reason: ZReason,
  /** Without it, until an admin lifts it. */
  days: ZDays.optional(),
});

export const ZDeleteUserInput = z.object({ userId: ZId, reason: ZReason });

export const ZAuditListInput = z.object({ adminId: ZId.optional(), targetId: z.string().trim().min(1).max(64).optional(), cursor: ZCursor });

const keywordsRouter = router({
  /** Adds a term (or changes the action of the same term): in force on every process at once. */
  add: adminProcedure.input(ZAddKeywordInput).mutation(({ ctx, input }) => addKeyword(ctx, actorOf(ctx), input)),
  /** Adds a list of terms with one action, all or none. */
  import: adminProcedure.input(ZImportKeywordsInput).mutation(({ ctx, input }) => importKeywords(ctx, actorOf(ctx), input)),
  remove: adminProcedure.input(z.object({ id: ZId })).mutation(({ ctx, input }) => removeKeyword(ctx, actorOf(ctx), input.id)),
  list: adminProcedure.query(({ ctx }) => listKeywords(ctx)),
});

const conversationsRouter = router({
  /** By participant name or email, conversation, booking or user id, or words in its messages. */
  search: adminProcedure.input(ZSearchConversationsInput).query(({ ctx, input }) => searchConversations(ctx.prisma, actorOf(ctx), input)),
  /** A page of the conversation, read-only, after recording the reason in the audit trail. */
  view: adminProcedure.input(ZViewConversationInput).query(({ ctx, input }) => viewConversation(ctx.prisma, actorOf(ctx), input)),
});

const reportsRouter = router({
  /** The moderation queue: OPEN reports oldest first (the default), or RESOLVED ones newest first. */
  list: adminProcedure.input(ZListReportsInput).query(({ ctx, input }) => listReports(ctx.prisma, actorOf(ctx), input)),
  /** The reported message with a few messages each side (recorded in the audit trail). */
  context: adminProcedure.input(z.object({ id: ZId })).query(({ ctx, input }) => readReportContext(ctx.prisma, actorOf(ctx), input.id)),
  resolve: adminProcedure.input(ZResolveReportInput).mutation(({ ctx, input }) => resolveReport(ctx, actorOf(ctx), input)),
});

const usersRouter = router({
  search: adminProcedure.input(ZSearchUsersInput).query(({ ctx, input }) => searchUsers(ctx.prisma, actorOf(ctx), input)),
  byId: adminProcedure.input(z.object({ userId: ZId })).query(async ({ ctx, input }) => {
    const user = await getAdminUser(ctx.prisma, input.userId);
    if (!user) throw notFound("This person");
    return user;
  }),
  /** Ends the person's sessions and closes their sockets on every process; sign-in says until when. */
  suspend: adminProcedure.input(ZSuspendUserInput).mutation(({ ctx, input }) => suspendUser(ctx, actorOf(ctx), input)),
  unsuspend: adminProcedure.input(z.object({ userId: ZId })).mutation(({ ctx, input }) => unsuspendUser(ctx, actorOf(ctx), input)),
  /** Deletes the person's account as user.deleteAccount does, audited as "user.delete" with the reason. */
  delete: adminProcedure.input(ZDeleteUserInput).mutation(({ ctx, input }) => deleteUserAsAdmin({ ...ctx, images: imageStoreOf(ctx) }, actorOf(ctx), input)),
});

const auditRouter = router({
  /** Every admin access and action, newest first; GET /api/admin/audit.csv exports the same. */
  list: adminProcedure.input(ZAuditListInput).query(({ ctx, input }) => listAudit(ctx.prisma, input)),
});

/** Glow support's tools (/admin). Every procedure here is an adminProcedure. */
export const adminRouter = router({
  /** The database's figures and the live ones of every process (the counters of GET /api/metrics). */
  stats: adminProcedure.query(({ ctx }) =>
    readStats({ prisma: ctx.prisma, timeZone: ctx.timeZone, readMetrics: async () => (await ctx.clusterMetrics?.read()) ?? NO_FIGURES }),
  ),
  conversations: conversationsRouter,
  reports: reportsRouter,
  users: usersRouter,
  keywords: keywordsRouter,
  audit: auditRouter,
});
