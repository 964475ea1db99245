import { z } from "zod";
import { env } from "@/env";
import { MAX_ENDPOINT_LENGTH } from "@/server/push/endpoints";
import { subscribePush, unsubscribePush } from "@/server/services/push-subscriptions";
import { authedProcedure, router } from "@/server/trpc/init";

/**
 * The shapes only. What the values must be (an endpoint of a push service, a point on P-256, a
 * 16-byte secret) is the service's to say (subscribePush), in the same sentences.
 */
const ZBase64Url = z
  .string()
  .max(200, "must be at most 200 characters")
  .regex(/^[A-Za-z0-9_-]+={0,2}$/, "must be base64url (letters, digits, - and _), as PushSubscription.toJSON() gives it");

export const ZPushEndpoint = z
  .string()
  .min(1, "is required: the PushSubscription's endpoint")
  .max(MAX_ENDPOINT_LENGTH, `must be at most ${MAX_ENDPOINT_LENGTH} characters`);

export const ZPushSubscribeInput = z.object({
  endpoint: ZPushEndpoint,
  keys: z.object({ p256dh: ZBase64Url, auth: ZBase64Url }),
});
export const ZPushUnsubscribeInput = z.object({ endpoint: ZPushEndpoint });

export const pushRouter = router({
  /** This device wants push notifications (the browser's PushSubscription.toJSON()). */
  subscribe: authedProcedure
    .input(ZPushSubscribeInput)
    .mutation(({ ctx, input }) => subscribePush(ctx.prisma, ctx.user.id, input, { extraOrigins: env().PUSH_ENDPOINT_ORIGINS })),
  /** This device no longer does. */
  unsubscribe: authedProcedure.input(ZPushUnsubscribeInput).mutation(({ ctx, input }) => unsubscribePush(ctx.prisma, ctx.user.id, input)),
});
