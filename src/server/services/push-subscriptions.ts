import type { PrismaClient } from "@/generated/prisma/client";
import { isAllowedPushEndpoint, PUSH_SERVICE_HOSTS } from "@/server/push/endpoints";
import { DomainError } from "./errors";
import { isUniqueViolation } from "./prisma-errors";

/** A browser's Web Push subscription (PushSubscription.toJSON()). */
export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * Devices one person may have subscribed at once; the one subscribed longest ago makes way for a
 * new one. Every device costs a POST per message, so the number is bounded.
 */
export const MAX_PUSH_DEVICES_PER_USER = 20;

export interface PushEndpointPolicy {
  /** PUSH_ENDPOINT_ORIGINS: origins accepted besides the browsers' push services. */
  extraOrigins: readonly string[];
}

/**
 * Keeps this device's subscription for the user: one row per endpoint (a browser profile's
 * subscription). Subscribing again from the same endpoint, also as another person signed in on that
 * browser, moves the row to the caller with the keys given, so a browser never pushes for two people.
 */
export async function subscribePush(
  prisma: PrismaClient,
  userId: string,
  input: PushSubscriptionInput,
  policy: PushEndpointPolicy,
): Promise<{ subscribed: true }> {
  if (!isAllowedPushEndpoint(input.endpoint, policy.extraOrigins)) {
    throw new DomainError(
      "BAD_REQUEST",
      `endpoint: is not the address of a browser push service this server sends to (https on ${PUSH_SERVICE_HOSTS.join(", ")}). Send the endpoint of the browser's PushSubscription unchanged.`,
    );
  }
  const data = { userId, p256dh: input.keys.p256dh, auth: input.keys.auth, createdAt: new Date() };
  const save = () =>
    prisma.pushSubscription.upsert({ where: { endpoint: input.endpoint }, create: { ...data, endpoint: input.endpoint }, update: data });
  try {
    await save();
  } catch (error) {
    // The same browser subscribed twice at once: the other call created the row; take it over.
    if (!isUniqueViolation(error)) throw error;
    await save();
  }
  await forgetDevicesBeyondLimit(prisma, userId);
  return { subscribed: true };
}

/** Drops the user's subscriptions beyond the newest MAX_PUSH_DEVICES_PER_USER. */
async function forgetDevicesBeyondLimit(prisma: PrismaClient, userId: string): Promise<void> {
  const surplus = await prisma.pushSubscription.findMany({
    where: { userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: MAX_PUSH_DEVICES_PER_USER,
    select: { id: true },
  });
  if (surplus.length > 0) await prisma.pushSubscription.deleteMany({ where: { id: { in: surplus.map((s) => s.id) } } });
}

/**
 * Forgets this device's subscription if it is the caller's; the answer is the same whether there
 * was one or not (it says nothing about other people's devices).
 */
export async function unsubscribePush(prisma: PrismaClient, userId: string, input: { endpoint: string }): Promise<{ subscribed: false }> {
  await prisma.pushSubscription.deleteMany({ where: { endpoint: input.endpoint, userId } });
  return { subscribed: false };
}
