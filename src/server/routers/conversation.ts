import { z } from "zod";
import {
  getConversation,
  getOrCreateConversation,
  listConversations,
  markConversationRead,
  setArchived,
  setMuted,
  streamInboxActivity,
  unreadTotal,
} from "@/server/services/conversations";
import { announceTyping, streamConversationEvents } from "@/server/services/conversation-events";
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
    /** The Archived view: conversations I archived that nothing newer has brought back. */
    archived: z.boolean().default(false),
  })
  .default({ limit: 20, archived: false });
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

  /** My unread messages in conversations I have neither muted nor archived: the header, title and app badge. */
  unreadTotal: authedProcedure.query(({ ctx }) => unreadTotal(ctx.prisma, ctx.user.id)),

  /** No push and no share in the unread total; still listed. */
  mute: authedProcedure
    .input(z.object({ conversationId: ZConversationId, muted: z.boolean() }))
    .mutation(({ ctx, input }) => setMuted(ctx, ctx.user.id, input)),

  /** Hidden from the inbox until a new message arrives; listed under Archived (list({ archived: true })). */
  archive: authedProcedure
    .input(z.object({ conversationId: ZConversationId, archived: z.boolean() }))
    .mutation(({ ctx, input }) => setArchived(ctx, ctx.user.id, input)),

  /** Announces that I am typing here (never stored). Clients send at most one every 2 s. */
  typing: authedProcedure
    .input(z.object({ conversationId: ZConversationId }))
    .mutation(({ ctx, input }) => announceTyping(ctx, ctx.user.id, input.conversationId)),

  /** The other person's typing, read position ("Seen") and presence in this conversation, live. */
  onEvents: authedProcedure
    .input(z.object({ conversationId: ZConversationId }))
    .subscription(({ ctx, input, signal }) => streamConversationEvents(ctx, ctx.user.id, input.conversationId, signal)),

  /** Pings whenever one of my conversations changes, so the inbox can refresh. */
  onActivity: authedProcedure.subscription(({ ctx, signal }) => streamInboxActivity(ctx.bus, ctx.user.id, signal)),
});
