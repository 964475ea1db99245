import { z } from "zod";
import { createService, getArtistProfile, listServices } from "@/server/services/service-catalog";
import { authedProcedure, router } from "@/server/trpc/init";
import { ZId } from "./schemas";

export const ZCreateServiceInput = z.object({
  name: z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters"),
  durationMinutes: z
    .number({ error: "must be a number of minutes" })
    .int("must be a whole number of minutes")
    .min(15, "must be between 15 and 600 minutes")
    .max(600, "must be between 15 and 600 minutes"),
  priceCents: z
    .number({ error: "must be a number of cents" })
    .int("must be a whole number of cents")
    .min(0, "must be between 0 and 10000000 cents")
    .max(10_000_000, "must be between 0 and 10000000 cents"),
});

export const serviceRouter = router({
  create: authedProcedure.input(ZCreateServiceInput).mutation(({ ctx, input }) => createService(ctx.prisma, ctx.user, input)),
  list: authedProcedure.input(z.object({ artistId: ZId })).query(({ ctx, input }) => listServices(ctx.prisma, input.artistId)),
  /** An artist's public page: name and services. */
  artist: authedProcedure.input(z.object({ artistId: ZId })).query(({ ctx, input }) => getArtistProfile(ctx.prisma, input.artistId)),
});
