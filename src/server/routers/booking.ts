import { z } from "zod";
import { BookingStatus } from "@/generated/prisma/enums";
import {
  createBooking,
  getBooking,
  listBookings,
  listOpenBookingsInConversation,
  transitionBooking,
} from "@/server/services/bookings";
import { authedProcedure, router } from "@/server/trpc/init";
import { ZConversationId, ZId, ZPageSize } from "./schemas";

export const ZCreateBookingInput = z.object({
  serviceId: ZId,
  startsAt: z.date({ error: "must be a date and time" }),
  note: z.string().max(1000, "must be at most 1000 characters").optional(),
});

export const ZTransitionBookingInput = z.object({
  id: ZId,
  to: z.enum(BookingStatus).exclude(["PENDING"], {
    error: 'must be "CONFIRMED", "DECLINED", "CANCELLED" or "COMPLETED"',
  }),
});

export const ZListBookingsInput = z
  .object({
    status: z.enum(BookingStatus, { error: `must be one of ${Object.values(BookingStatus).join(", ")}` }).optional(),
    cursor: ZId.optional(),
    limit: ZPageSize(100, 50),
  })
  .default({ limit: 50 });

export const bookingRouter = router({
  create: authedProcedure.input(ZCreateBookingInput).mutation(({ ctx, input }) => createBooking(ctx, ctx.user, input)),
  transition: authedProcedure
    .input(ZTransitionBookingInput)
    .mutation(({ ctx, input }) => transitionBooking(ctx, ctx.user, input)),
  list: authedProcedure.input(ZListBookingsInput).query(({ ctx, input }) => listBookings(ctx.prisma, ctx.user, input)),
  byId: authedProcedure.input(z.object({ id: ZId })).query(({ ctx, input }) => getBooking(ctx.prisma, ctx.user.id, input.id)),
  /** The pair's pending and confirmed bookings, for the thread header. */
  openInConversation: authedProcedure
    .input(z.object({ conversationId: ZConversationId }))
    .query(({ ctx, input }) => listOpenBookingsInConversation(ctx.prisma, ctx.user.id, input.conversationId)),
});
