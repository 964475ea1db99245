import { createECDH } from "node:crypto";
import { z } from "zod";
import { env } from "@/env";
import { MAX_ENDPOINT_LENGTH } from "@/server/push/endpoints";
import { subscribePush, unsubscribePush } from "@/server/services/push-subscriptions";
import { authedProcedure, router } from "@/server/trpc/init";

const decoded = (value: string) => Buffer.from(value, "base64url");

/** A point on P-256: the payload is encrypted to it (RFC 8291), so a key off the curve could never be used. */
function isP256PublicKey(value: string): boolean {
  const key = decoded(value);
  if (key.length !== 65 || key[0] !== 4) return false;
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    ecdh.computeSecret(key);
    return true;
  } catch {
    return false;
  }
}

/** base64url as PushSubscription.toJSON() writes it (padding tolerated). */
const ZBase64Url = z
  .string()
  .max(200, "must be at most 200 characters")
  .regex(/^[A-Za-z0-9_-]+={0,2}$/, "must be base64url (letters, digits, - and _), as PushSubscription.toJSON() gives it");

export const ZPushEndpoint = z
  .string()
  .min(1, "is required: the PushSubscription's endpoint")
  .max(MAX_ENDPOINT_LENGTH, `must be at most ${MAX_ENDPOINT_LENGTH} characters`)
  .refine((v) => URL.canParse(v), "must be a URL: the PushSubscription's endpoint");

export const ZPushSubscribeInput = z.object({
  endpoint: ZPushEndpoint,
  keys: z.object({
    p256dh: ZBase64Url.refine(isP256PublicKey, "must be the subscription's P-256 public key (65 bytes, uncompressed)"),
    auth: ZBase64Url.refine((v) => decoded(v).length === 16, "must be the subscription's 16-byte auth secret"),
  }),
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
