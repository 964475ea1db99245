import { channels } from "@/server/realtime/event-bus";
import type { ServiceDeps } from "./deps";
import { DomainError, notFound } from "./errors";

/**
 * Blocking: while either of two people has blocked the other, neither can send to, upload into or
 * book with the other (the rules are in access.ts). History stays readable, and bookings that
 * exist go on: their SYSTEM messages still arrive.
 */

export interface BlockedUserDTO {
  id: string;
  name: string;
  blockedAt: Date;
}

/** The pair's open threads and inboxes refresh: the composer gives way to an explanation at once. */
async function announceToPair(deps: Pick<ServiceDeps, "prisma" | "bus">, a: string, b: string): Promise<void> {
  const conversation = await deps.prisma.conversation.findFirst({
    where: { OR: [{ customerId: a, artistId: b }, { customerId: b, artistId: a }] },
    select: { id: true },
  });
  if (!conversation) return;
  for (const userId of [a, b]) deps.bus.publish(channels.user(userId), { type: "inbox", conversationId: conversation.id, accessChanged: true });
}

export async function blockUser(deps: Pick<ServiceDeps, "prisma" | "bus">, blockerId: string, blockedId: string): Promise<BlockedUserDTO> {
  if (blockedId === blockerId) throw new DomainError("BAD_REQUEST", "You can't block yourself.");
  const target = await deps.prisma.user.findUnique({ where: { id: blockedId }, select: { id: true, name: true, role: true } });
  if (!target) throw notFound("This person");
  if (target.role === "ADMIN") throw new DomainError("BAD_REQUEST", "Glow support can't be blocked. Report the conversation instead.");
  // Blocking twice keeps the first block (and its time).
  const block = await deps.prisma.block.upsert({
    where: { blockerId_blockedId: { blockerId, blockedId } },
    create: { blockerId, blockedId },
    update: {},
    select: { createdAt: true },
  });
  await announceToPair(deps, blockerId, blockedId);
  return { id: target.id, name: target.name, blockedAt: block.createdAt };
}

/** Lifts the caller's block; the other person's block of the caller, if any, stays. */
export async function unblockUser(deps: Pick<ServiceDeps, "prisma" | "bus">, blockerId: string, blockedId: string): Promise<{ unblocked: boolean }> {
  const { count } = await deps.prisma.block.deleteMany({ where: { blockerId, blockedId } });
  if (count > 0) await announceToPair(deps, blockerId, blockedId);
  return { unblocked: count > 0 };
}

/** The people the caller has blocked, most recent first. */
export async function listBlockedUsers(deps: Pick<ServiceDeps, "prisma">, blockerId: string): Promise<BlockedUserDTO[]> {
  const rows = await deps.prisma.block.findMany({
    where: { blockerId },
    orderBy: [{ createdAt: "desc" }, { blockedId: "asc" }],
    select: { createdAt: true, blocked: { select: { id: true, name: true } } },
  });
  return rows.map((row) => ({ id: row.blocked.id, name: row.blocked.name, blockedAt: row.createdAt }));
}
