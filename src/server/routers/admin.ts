import { z } from "zod";
import { KeywordAction } from "@/generated/prisma/enums";
import { addKeyword, listKeywords, removeKeyword } from "@/server/services/keywords";
import { adminProcedure, router } from "@/server/trpc/init";
import { ZId } from "./schemas";

export const ZAddKeywordInput = z.object({
  term: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  action: z.enum(KeywordAction, { error: 'must be "BLOCK", "FLAG" or "MASK"' }),
});

const keywordsRouter = router({
  /** Adds a term (or changes the action of the same term): in force on every process at once. */
  add: adminProcedure.input(ZAddKeywordInput).mutation(({ ctx, input }) => addKeyword(ctx, ctx.user.id, input)),
  remove: adminProcedure.input(z.object({ id: ZId })).mutation(({ ctx, input }) => removeKeyword(ctx, input.id)),
  list: adminProcedure.query(({ ctx }) => listKeywords(ctx)),
});

/** Glow support's tools. Every procedure here is an adminProcedure. */
export const adminRouter = router({
  keywords: keywordsRouter,
});
