import { z } from "zod";
import { streamMessages } from "@/server/services/message-stream";
import { listMessages, MESSAGE_PAGE_SIZE, sendMessage } from "@/server/services/messages";
import { authedProcedure, router } from "@/server/trpc/init";
import { limitSendsPerUser } from "@/server/trpc/limits";
import { trackedStream } from "@/server/trpc/subscriptions";
import { MAX_MESSAGE_LENGTH, MAX_PHOTOS_PER_MESSAGE } from "@/shared/limits";
import { ZConversationId, ZId, ZPageSize, ZSeq, ZSeqText } from "./schemas";

export const ZSendMessageInput = z
  .object({
    conversationId: ZConversationId,
    clientId: z.uuid("must be a UUID, generated once per message and reused on retries"),
    text: z.string().trim().max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`).default(""),
    /** Shows the booking as a card under the text. */
    bookingId: ZId.optional(),
    /** The caller's own uploads to this conversation (POST /api/uploads), shown in this order. */
    attachmentIds: z
      .array(ZId)
      .min(1, `must hold 1 to ${MAX_PHOTOS_PER_MESSAGE} photos`)
      .max(MAX_PHOTOS_PER_MESSAGE, `must hold 1 to ${MAX_PHOTOS_PER_MESSAGE} photos`)
      .refine((ids) => new Set(ids).size === ids.length, "must not list a photo twice")
      .optional(),
  })
  .refine((input) => input.text.length > 0 || (input.attachmentIds?.length ?? 0) > 0, {
    path: ["text"],
    message: "must not be empty (unless the message has photos)",
  });

export const ZListMessagesInput = z.object({
  conversationId: ZConversationId,
  beforeSeq: ZSeq(1).optional(),
  limit: ZPageSize(MESSAGE_PAGE_SIZE, MESSAGE_PAGE_SIZE),
});

export const ZOnMessageInput = z.object({
  conversationId: ZConversationId,
  /** The seq of the last message the client has; the stream resumes after it. */
  lastEventId: ZSeqText.nullish(),
});

export const messageRouter = router({
  send: authedProcedure.use(limitSendsPerUser).input(ZSendMessageInput).mutation(({ ctx, input }) => sendMessage(ctx, ctx.user.id, input)),

  list: authedProcedure.input(ZListMessagesInput).query(({ ctx, input }) => listMessages(ctx.prisma, ctx.user.id, input)),

  /**
   * Every message after lastEventId, then live ones: in seq order, no gap, no duplicate; and a
   * message already sent again when it changes (removed by Glow support), which keeps the newest
   * seq yielded as the resume point.
   */
  onMessage: authedProcedure.input(ZOnMessageInput).subscription(({ ctx, input, signal }) => {
    let newest = Number(input.lastEventId ?? 0);
    const latency = ctx.metrics?.deliveryLatency;
    const onLive = latency && ((m: { createdAt: Date }) => latency.observe((Date.now() - m.createdAt.getTime()) / 1000));
    return trackedStream(streamMessages(ctx, ctx.user.id, input, signal, onLive), (m) => String((newest = Math.max(newest, m.seq))));
  }),
});
