import { z } from "zod";
import { ReportReason } from "@/generated/prisma/enums";
import { createReport } from "@/server/services/reports";
import { authedProcedure, router } from "@/server/trpc/init";
import { ZId } from "./schemas";

const ZReason = z.enum(ReportReason).exclude(["AUTOMATIC"], {
  error: 'must be "HARASSMENT", "SPAM", "OFF_PLATFORM_PAYMENT", "INAPPROPRIATE_PHOTO" or "OTHER"',
});

/** A message (in one of the caller's conversations) or a person. */
export const ZCreateReportInput = z
  .object({
    messageId: ZId.optional(),
    userId: ZId.optional(),
    reason: ZReason,
    note: z.string().trim().max(1000, "must be at most 1000 characters").optional(),
  })
  .refine((input) => (input.messageId === undefined) !== (input.userId === undefined), {
    message: "give either messageId or userId",
  });

export const reportRouter = router({
  /** Files a report for Glow support; reporting the same message again returns the same report. */
  create: authedProcedure
    .input(ZCreateReportInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input: { messageId, userId, ...report } }) =>
      createReport(ctx.prisma, ctx.user.id, messageId ? { messageId, ...report } : { userId: userId!, ...report }),
    ),
});
