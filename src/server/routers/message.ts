import { tracked } from "@trpc/server";
import { z } from "zod";
import { channels, listen } from "@/server/realtime/event-bus";
import { requireParticipant } from "@/server/services/conversations";
import { listMessages, MESSAGE_PAGE_SIZE, messagesAfter, sendMessage } from "@/server/services/messages";
import type { MessageDTO } from "@/server/services/message-dto";
import { toTRPCError } from "@/server/trpc/errors";
import { authedProcedure, router } from "@/server/trpc/init";
import { ZConversationId, ZId } from "./schemas";

export const MAX_MESSAGE_LENGTH = 4000;

export const MAX_ATTACHMENTS = 6;

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
      .min(1, `must hold 1 to ${MAX_ATTACHMENTS} photos`)
      .max(MAX_ATTACHMENTS, `must hold 1 to ${MAX_ATTACHMENTS} photos`)
      .refine((ids) => new Set(ids).size === ids.length, "must not list a photo twice")
      .optional(),
  })
  .refine((input) => input.text.length > 0 || (input.attachmentIds?.length ?? 0) > 0, {
    path: ["text"],
    message: "must not be empty (unless the message has photos)",
  });

export const ZListMessagesInput = z.object({
  conversationId: ZConversationId,
  beforeSeq: z.number().int().min(1, "must be 1 or more").optional(),
  limit: z
    .number()
    .int()
    .min(1, `must be between 1 and ${MESSAGE_PAGE_SIZE}`)
    .max(MESSAGE_PAGE_SIZE, `must be between 1 and ${MESSAGE_PAGE_SIZE}`)
    .default(MESSAGE_PAGE_SIZE),
});

export const ZOnMessageInput = z.object({
  conversationId: ZConversationId,
  /** The seq of the last message the client has; the stream resumes after it. */
  lastEventId: z
    .string()
    .regex(/^\d{1,10}$/, "must be the seq of a message the client already has")
    .nullish(),
});

export const messageRouter = router({
  send: authedProcedure.input(ZSendMessageInput).mutation(({ ctx, input }) => sendMessage(ctx, ctx.user.id, input)),

  list: authedProcedure.input(ZListMessagesInput).query(({ ctx, input }) => listMessages(ctx.prisma, ctx.user.id, input)),

  /**
   * Listens first, then reads the backlog, then goes live, dropping what it already yielded: the
   * join has no gap and no duplicate. A live event that skips ahead (two sends published out of
   * order) is preceded by the missing seqs read from the database, so the stream stays in order.
   */
  onMessage: authedProcedure.input(ZOnMessageInput).subscription(async function* ({ ctx, input, signal }) {
    try {
      await requireParticipant(ctx.prisma, input.conversationId, ctx.user.id);
      const live = listen(ctx.bus, channels.conversation(input.conversationId), signal);
      let lastSeq: number;
      if (input.lastEventId != null) {
        lastSeq = Number(input.lastEventId);
        for await (const message of messagesAfter(ctx.prisma, input.conversationId, lastSeq)) {
          yield tracked(String(message.seq), message);
          lastSeq = message.seq;
        }
      } else {
        const { lastSeq: current } = await ctx.prisma.conversation.findUniqueOrThrow({
          where: { id: input.conversationId },
          select: { lastSeq: true },
        });
        lastSeq = current;
      }
      for await (const event of live) {
        const pending: MessageDTO[] = [];
        if (event.type === "resync") {
          // The bus was away: whatever was sent meanwhile is in the database.
          for await (const missed of messagesAfter(ctx.prisma, input.conversationId, lastSeq)) pending.push(missed);
        } else if (event.type === "message" && event.message.seq > lastSeq) {
          if (event.message.seq > lastSeq + 1) {
            for await (const missed of messagesAfter(ctx.prisma, input.conversationId, lastSeq, event.message.seq - 1)) {
              pending.push(missed);
            }
          }
          pending.push(event.message);
        }
        for (const message of pending) {
          yield tracked(String(message.seq), message);
          lastSeq = message.seq;
        }
      }
    } catch (error) {
      throw toTRPCError(error);
    }
  }),
});
