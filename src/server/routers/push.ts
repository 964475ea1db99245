import { z } from "zod";
import { subscribePush, unsubscribePush } from "@/server/services/push-subscriptions";
import { authedProcedure, router } from "@/server/trpc/init";

/** PLACEHOLDER schemas: being written (endpoint must be an https URL of a push service, keys base64url). */
export const ZPushSubscribeInput = z.object({
  endpoint: z.string(),
  keys: z.object({ p256dh: z.string(), auth: z.string() }),
});
export const ZPushUnsubscribeInput = z.object({ endpoint: z.string() });

export const pushRouter = router({
  /** This device wants push notifications (the browser's PushSubscription). */
  subscribe: authedProcedure.input(ZPushSubscribeInput).mutation(({ ctx, input }) => subscribePush(ctx.prisma, ctx.user.id, input)),
  /** This device no longer does. */
  unsubscribe: authedProcedure.input(ZPushUnsubscribeInput).mutation(({ ctx, input }) => unsubscribePush(ctx.prisma, ctx.user.id, input)),
});
