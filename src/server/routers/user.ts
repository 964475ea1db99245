import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { blockUser, listBlockedUsers, unblockUser } from "@/server/services/blocks";
import { getUser, listArtists } from "@/server/services/users";
import { authedProcedure, router } from "@/server/trpc/init";
import { ZId, ZPageSize } from "./schemas";

export const ZListArtistsInput = z
  .object({ cursor: ZId.optional(), limit: ZPageSize(100, 50) })
  .default({ limit: 50 });

export const userRouter = router({
  me: authedProcedure.query(async ({ ctx }) => {
    const user = await getUser(ctx.prisma, ctx.user.id);
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your account no longer exists. Sign in again." });
    return user;
  }),
  /** The artist directory. */
  artists: authedProcedure.input(ZListArtistsInput).query(({ ctx, input }) => listArtists(ctx.prisma, input)),
  /** Neither can then send to, upload into or book with the other; history stays readable. */
  block: authedProcedure.input(z.object({ userId: ZId })).mutation(({ ctx, input }) => blockUser(ctx, ctx.user.id, input.userId)),
  unblock: authedProcedure.input(z.object({ userId: ZId })).mutation(({ ctx, input }) => unblockUser(ctx, ctx.user.id, input.userId)),
  /** The people I blocked, most recent first. */
  blocked: authedProcedure.query(({ ctx }) => listBlockedUsers(ctx, ctx.user.id)),
});
