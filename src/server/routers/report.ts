import { z } from "zod";
import { ReportReason } from "@/generated/prisma/enums";
import { createReport } from "@/server/services/reports";
import { authedProcedure, router } from "@/server/trpc/init";
import { ZId } from "./schemas";

const ZReason = z.enum(ReportReason).exclude(["AUTOMATIC"], {
  error: 'must be "HARASSMENT", "SPAM", "OFF_PLATFORM_PAYMENT", "INAPPROPRIATE_PHOTO" or "OTHER"',
});

const reportFields = {
  reason: ZReason,
  note: z.string().trim().max(1000, "must be at most 1000 characters").optional(),
};

/** A message (one of the caller's conversations) or a person. */
export const ZCreateReportInput = z.union(
  [
    z.object({ messageId: ZId, ...reportFields }).strict(),
    z.object({ userId: ZId, ...reportFields }).strict(),
  ],
  { error: "give either messageId or userId, with a reason" },
);

export const reportRouter = router({
  /** Files a report for Glow support; reporting the same message again returns the same report. */
  create: authedProcedure
    .input(ZCreateReportInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => createReport(ctx.prisma, ctx.user.id, input)),
});
