import { TRPCError } from "@trpc/server";
import { z } from "zod";
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
});
