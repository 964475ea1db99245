import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { EventBus } from "@/server/realtime/event-bus";
import { DomainError, notFound } from "../errors";
import { announceEnded } from "../sessions";
import { auditedTransaction, type AdminActor } from "./audit";
import { getAdminUser, type AdminUser } from "./users-directory";

/**
 * Suspending an account: it is marked, and every session it has ends in the same transaction;
 * after the commit every process hears of it and closes the account's sockets (within a second
 * even if the bus is away: session-guard.ts). Signing in is refused until the suspension ends or
 * is lifted, and tells the person until when (sign-in.ts).
 */

export { MAX_SUSPENSION_DAYS } from "@/shared/moderation";
const DAY_MS = 24 * 60 * 60 * 1000;

type Tx = Prisma.TransactionClient;

/**
 * Marks the user suspended and ends their sessions, inside the caller's transaction; returns the
 * sessions that ended, to announce after the commit.
 */
export async function suspendInTransaction(tx: Tx, userId: string, reason: string, days: number | undefined): Promise<string[]> {
  const until = days === undefined ? null : new Date(Date.now() + days * DAY_MS);
  const updated = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "User" SET "suspendedAt" = now(), "suspendedUntil" = ${until}, "suspensionReason" = ${reason}
     WHERE id = ${userId} AND role <> 'ADMIN'
    RETURNING id`;
  if (updated.length === 0) {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (!user) throw notFound("This person");
    throw new DomainError("BAD_REQUEST", "Glow support accounts can't be suspended.");
  }
  const ended = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Session" SET "endedAt" = now() WHERE "userId" = ${userId} AND "endedAt" IS NULL RETURNING id`;
  return ended.map((row) => row.id);
}

/** Suspends the user (see suspendInTransaction) and answers with how support now sees them. */
export async function suspendUser(
  deps: { prisma: PrismaClient; bus: EventBus },
  actor: AdminActor,
  input: { userId: string; reason: string; days?: number },
): Promise<AdminUser> {
  const { ended, user } = await auditedTransaction(
    deps.prisma,
    actor,
    { action: "user.suspend", targetType: "user", targetId: input.userId, reason: input.reason, details: { days: input.days ?? null } },
    async (tx) => {
      const ended = await suspendInTransaction(tx, input.userId, input.reason, input.days);
      return { ended, user: (await getAdminUser(tx, input.userId))! };
    },
  );
  announceEnded(deps.bus, ended);
  return user;
}

export async function unsuspendUser(deps: { prisma: PrismaClient }, actor: AdminActor, input: { userId: string }): Promise<AdminUser> {
  return auditedTransaction(deps.prisma, actor, { action: "user.unsuspend", targetType: "user", targetId: input.userId }, async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: input.userId },
      data: { suspendedAt: null, suspendedUntil: null, suspensionReason: null },
    });
    if (count === 0) throw notFound("This person");
    return (await getAdminUser(tx, input.userId))!;
  });
}
