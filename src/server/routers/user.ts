import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { deleteOwnAccount } from "@/server/services/account-deletion";
import { blockUser, listBlockedUsers, unblockUser } from "@/server/services/blocks";
import { getUser, listArtists } from "@/server/services/users";
import { getSettings, updateSettings } from "@/server/services/settings";
import { imageStoreOf } from "@/server/trpc/context";
import { authedProcedure, router } from "@/server/trpc/init";
import { ZId, ZPageSize } from "./schemas";

export const ZListArtistsInput = z
  .object({ cursor: ZId.optional(), limit: ZPageSize(100, 50) })
  .default({ limit: 50 });

export const ZDeleteAccountInput = z.object({ password: z.string().min(1, "must not be empty").max(200, "must be at most 200 characters") });

export const userRouter = router({
  me: authedProcedure.query(async ({ ctx }) => {
    const user = await getUser(ctx.prisma, ctx.user.id);
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Your account no longer exists. Sign in again." });
    return user;
  }),
  /**
   * Deletes the caller's account, after their password: sessions end everywhere, the profile and
   * photos are erased, their messages read "Message deleted" from "Deleted user" (account-deletion.ts).
   */
  deleteAccount: authedProcedure
    .input(ZDeleteAccountInput)
    .mutation(({ ctx, input }) =>
      deleteOwnAccount({ ...ctx, images: imageStoreOf(ctx), signInFailures: ctx.limits.signInFailures }, ctx.user.id, input),
    ),
  /** The artist directory. */
  artists: authedProcedure.input(ZListArtistsInput).query(({ ctx, input }) => listArtists(ctx.prisma, input)),
  /** Neither can then send to, upload into or book with the other; history stays readable. */
  block: authedProcedure.input(z.object({ userId: ZId })).mutation(({ ctx, input }) => blockUser(ctx, ctx.user.id, input.userId)),
  unblock: authedProcedure.input(z.object({ userId: ZId })).mutation(({ ctx, input }) => unblockUser(ctx, ctx.user.id, input.userId)),
  /** The people I blocked, most recent first. */
  blocked: authedProcedure.query(({ ctx }) => listBlockedUsers(ctx, ctx.user.id)),
  /** Read receipts, presence and push previews: all on by default. */
  settings: authedProcedure.query(({ ctx }) => getSettings(ctx.prisma, ctx.user.id)),
  /** Changes the settings given; the others stay. */
  updateSettings: authedProcedure
    .input(
      z
        .object({ readReceipts: z.boolean().optional(), showPresence: z.boolean().optional(), pushPreviews: z.boolean().optional() })
        .strict(),
    )
    .mutation(({ ctx, input }) => updateSettings(ctx, ctx.user.id, input)),
  /**
   * This tab gained or lost focus: a user with a focused tab anywhere gets no push. Only over the
   * WebSocket, whose socket it describes.
   */
  setFocus: authedProcedure.input(z.object({ focused: z.boolean() })).mutation(({ ctx, input }) => {
    if (!ctx.connectionId) {
      throw new TRPCError({ code: "BAD_REQUEST", message: "Focus describes a socket: send it over the WebSocket (/api/ws)." });
    }
    ctx.presence.setFocused(ctx.user.id, ctx.connectionId, input.focused);
    return { focused: input.focused };
  }),
});
