import type { PrismaClient } from "@/generated/prisma/client";

/** A browser's Web Push subscription (PushSubscription.toJSON()). */
export interface PushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** Keeps this device's subscription for the user (one row per endpoint). PLACEHOLDER: being written. */
export async function subscribePush(prisma: PrismaClient, userId: string, input: PushSubscriptionInput): Promise<{ subscribed: true }> {
  void prisma;
  void userId;
  void input;
  return { subscribed: true };
}

/** Forgets this device's subscription, if it is the user's. PLACEHOLDER: being written. */
export async function unsubscribePush(prisma: PrismaClient, userId: string, input: { endpoint: string }): Promise<{ subscribed: false }> {
  void prisma;
  void userId;
  void input;
  return { subscribed: false };
}
