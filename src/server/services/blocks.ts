import type { Prisma } from "@/generated/prisma/client";
import { channels } from "@/server/realtime/event-bus";
import type { ServiceDeps } from "./deps";
import { DomainError, notFound } from "./errors";
import { isForeignKeyViolation } from "./prisma-errors";

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

/**
 * Runs `change` (a block or an unblock) while holding the pair's conversation row, as a send does:
 * a send that is under way finishes first, and every later send sees the change. Then the pair's
 * open threads and inboxes hear of it, and the composer gives way to an explanation (or comes
 * back) at once.
 */
async function changeBetween<T>(deps: Pick<ServiceDeps, "prisma" | "bus">, a: string, b: string, change: (tx: Prisma.TransactionClient) => Promise<T>) {
  const { result, conversationId } = await deps.prisma.$transaction(async (tx) => {
    // Locked by a (no-op) write, as every change a send checks is: the row's new version tells a
    // one-statement send that began before this committed to check again (send-statement.ts).
    const [conversation] = await tx.$queryRaw<{ id: string }[]>`
      UPDATE "Conversation" SET "lastSeq" = "lastSeq"
       WHERE ("customerId" = ${a} AND "artistId" = ${b}) OR ("customerId" = ${b} AND "artistId" = ${a})
       RETURNING id`;
    return { result: await change(tx), conversationId: conversation?.id ?? null };
  });
  if (conversationId) {
    for (const userId of [a, b]) deps.bus.publish(channels.user(userId), { type: "inbox", conversationId, accessChanged: true });
  }
  return result;
}


export async function blockUser(deps: Pick<ServiceDeps, "prisma" | "bus">, blockerId: string, blockedId: string): Promise<BlockedUserDTO> {
  if (blockedId === blockerId) throw new DomainError("BAD_REQUEST", "You can't block yourself.");
  const target = await deps.prisma.user.findUnique({ where: { id: blockedId }, select: { id: true, name: true, role: true } });
  if (!target) throw notFound("This person");
  if (target.role === "ADMIN") throw new DomainError("BAD_REQUEST", "Glow support can't be blocked.");
  try {
    // Blocking twice keeps the first block (and its time).
    const block = await changeBetween(deps, blockerId, blockedId, (tx) =>
      tx.block.upsert({
        where: { blockerId_blockedId: { blockerId, blockedId } },
        create: { blockerId, blockedId },
        update: {},
        select: { createdAt: true },
      }),
    );
    return { id: target.id, name: target.name, blockedAt: block.createdAt };
  } catch (error) {
    // The account was deleted a moment ago.
    if (isForeignKeyViolation(error)) throw notFound("This person");
    throw error;
  }
}

/** Lifts the caller's block; the other person's block of the caller, if any, stays. */
export async function unblockUser(deps: Pick<ServiceDeps, "prisma" | "bus">, blockerId: string, blockedId: string): Promise<{ unblocked: boolean }> {
  const exists = await deps.prisma.block.count({ where: { blockerId, blockedId } });
  if (exists === 0) return { unblocked: false };
  const { count } = await changeBetween(deps, blockerId, blockedId, (tx) => tx.block.deleteMany({ where: { blockerId, blockedId } }));
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
