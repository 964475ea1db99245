import { createECDH } from "node:crypto";
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

/** Why the subscription cannot be used, as a sentence naming the field; null when it can. */
function whatIsWrongWith(input: PushSubscriptionInput, policy: PushEndpointPolicy): string | null {
  if (!isAllowedPushEndpoint(input.endpoint, policy.extraOrigins)) {
    return `endpoint: is not the address of a browser push service this server sends to (https on ${PUSH_SERVICE_HOSTS.join(", ")}). Send the endpoint of the browser's PushSubscription unchanged.`;
  }
  if (!isP256PublicKey(input.keys.p256dh)) return "keys.p256dh: must be the subscription's P-256 public key (65 bytes, uncompressed)";
  if (decoded(input.keys.auth).length !== 16) return "keys.auth: must be the subscription's 16-byte auth secret";
  return null;
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
  const wrong = whatIsWrongWith(input, policy);
  if (wrong) throw new DomainError("BAD_REQUEST", wrong);
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

/**
 * Forgets every device of the user (when no session of theirs stays open, e.g. signing out
 * everywhere): a device signed out from afar must not keep showing their messages.
 */
export async function forgetPushDevices(prisma: PrismaClient, userId: string): Promise<{ forgotten: number }> {
  const { count } = await prisma.pushSubscription.deleteMany({ where: { userId } });
  return { forgotten: count };
}
