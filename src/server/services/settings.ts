import type { PrismaClient } from "@/generated/prisma/client";
import { channels } from "@/server/realtime/event-bus";
import type { ServiceDeps } from "./deps";
import { DomainError } from "./errors";

/** What a person shares in conversations, and how their notifications read. All on by default. */
export interface MessengerSettings {
  /** Reciprocal: off, others don't see when I read, and I don't see when they do. */
  readReceipts: boolean;
  /** Reciprocal: off, others don't see me online or when I was last seen, and I don't see theirs. */
  showPresence: boolean;
  /** Push notifications show the sender's words; off, just "New message". */
  pushPreviews: boolean;
}

const select = { readReceipts: true, showPresence: true, pushPreviews: true } as const;

function accountGone(): DomainError {
  return new DomainError("UNAUTHORIZED", "Your account no longer exists. Sign in again.");
}

export async function getSettings(prisma: PrismaClient, userId: string): Promise<MessengerSettings> {
  const settings = await prisma.user.findUnique({ where: { id: userId }, select });
  if (!settings) throw accountGone();
  return settings;
}

/**
 * Changes the given settings (the others stay). Open threads on both sides read what is shared
 * again: mine through my inbox stream, the other people's through my presence channel.
 */
export async function updateSettings(
  deps: ServiceDeps,
  userId: string,
  input: Partial<MessengerSettings>,
): Promise<MessengerSettings> {
  const data = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  if (Object.keys(data).length === 0) {
    throw new DomainError("BAD_REQUEST", "Say which setting to change: readReceipts, showPresence or pushPreviews.");
  }
  const updated = await deps.prisma.user.updateMany({ where: { id: userId }, data });
  if (updated.count === 0) throw accountGone();
  deps.bus.publish(channels.presence(userId), { type: "presence-changed", userId });
  return getSettings(deps.prisma, userId);
}
