import { z } from "zod";
import {
  getConversation,
  getOrCreateConversation,
  listConversations,
  markConversationRead,
  streamInboxActivity,
} from "@/server/services/conversations";
import { conversationOfBooking } from "@/server/services/bookings";
import { authedProcedure, router } from "@/server/trpc/init";
import { ID_PATTERN } from "@/shared/ids";
import { ZConversationId, ZId, ZPageSize, ZSeq } from "./schemas";

const INBOX_CURSOR = new RegExp(String.raw`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|` + ID_PATTERN.source.slice(1));

/** Either the other person, or one of the pair's bookings. */
export const ZGetOrCreateInput = z
  .object({ participantId: ZId.optional(), bookingId: ZId.optional() })
  .refine((input) => (input.participantId === undefined) !== (input.bookingId === undefined), {
    message: "give either participantId or bookingId",
  });
export const ZListConversationsInput = z
  .object({
    /** The nextCursor of the page before: "<updatedAt ISO>|<id>". */
    cursor: z
      .string()
      .regex(INBOX_CURSOR, "must be the nextCursor of the page before")
      .optional(),
    limit: ZPageSize(50, 20),
  })
  .default({ limit: 20 });
export const ZMarkReadInput = z.object({
  conversationId: ZConversationId,
  seq: ZSeq(0),
});

export const conversationRouter = router({
  getOrCreate: authedProcedure
    .input(ZGetOrCreateInput)
    .mutation(({ ctx, input }) =>
      input.bookingId
        ? conversationOfBooking(ctx.prisma, ctx.user.id, input.bookingId)
        : getOrCreateConversation(ctx.prisma, ctx.user, input.participantId!),
    ),

  list: authedProcedure
    .input(ZListConversationsInput)
    .query(({ ctx, input }) => listConversations(ctx.prisma, ctx.user, input)),

  byId: authedProcedure
    .input(z.object({ id: ZConversationId }))
    .query(({ ctx, input }) => getConversation(ctx.prisma, ctx.user.id, input.id)),

  markRead: authedProcedure.input(ZMarkReadInput).mutation(({ ctx, input }) => markConversationRead(ctx, ctx.user.id, input)),

  /** Pings whenever one of my conversations changes, so the inbox can refresh. */
  onActivity: authedProcedure.subscription(({ ctx, signal }) => streamInboxActivity(ctx.bus, ctx.user.id, signal)),
});
