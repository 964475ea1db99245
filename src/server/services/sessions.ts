import type { PrismaClient } from "@/generated/prisma/client";
import { channels, type EventBus } from "@/server/realtime/event-bus";
import { suspensionOf } from "./access";
import { DomainError } from "./errors";

/**
 * Sessions: one row per signed-in browser, so that signing out really ends it. Ending one (or all
 * of a user's) is committed first, then announced on the bus, so every process closes the
 * sockets opened with it and stops accepting its cookie at once; processes that miss the
 * announcement find out from the database within a second (see auth/session-guard.ts).
 */

export interface SessionDeps {
  prisma: PrismaClient;
  bus: EventBus;
}

/**
 * Starts a session for a user who has just proved who they are; returns its id (the JWT's sid).
 * The user's row is share-locked while the session is created, so a suspension or deletion
 * committing at the same moment either comes first (and this refuses) or comes after (and ends
 * this session too).
 */
export async function startSession(prisma: PrismaClient, userId: string): Promise<string> {
  return prisma.$transaction(async (tx) => {
    const [user] = await tx.$queryRaw<{ suspendedAt: Date | null; suspendedUntil: Date | null; suspensionReason: string | null; deletedAt: Date | null }[]>`
      SELECT "suspendedAt", "suspendedUntil", "suspensionReason", "deletedAt" FROM "User" WHERE id = ${userId} FOR SHARE`;
    if (!user || user.deletedAt) throw new DomainError("UNAUTHORIZED", "This account no longer exists.");
    if (suspensionOf(user)) throw new DomainError("FORBIDDEN", "This account is suspended.");
    const session = await tx.session.create({ data: { userId }, select: { id: true } });
    return session.id;
  });
}

/** Tells every process these sessions ended (after the commit that ended them). */
export function announceEnded(bus: EventBus, sessionIds: string[]): void {
  if (sessionIds.length) bus.publish(channels.sessions, { type: "sessions-ended", sessionIds });
}

/** Ends one session (sign-out). Ending an ended or unknown session does nothing. */
export async function endSession(deps: SessionDeps, sessionId: string): Promise<void> {
  const { count } = await deps.prisma.session.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date() } });
  if (count) announceEnded(deps.bus, [sessionId]);
}

/**
 * Ends every open session of a user except `keep` (the caller's own, after a password change).
 * Returns how many ended.
 */
export async function endUserSessions(deps: SessionDeps, userId: string, options: { keep?: string } = {}): Promise<number> {
  const ended = await deps.prisma.$queryRaw<{ id: string }[]>`
    UPDATE "Session" SET "endedAt" = now()
    WHERE "userId" = ${userId} AND "endedAt" IS NULL AND "id" <> ${options.keep ?? ""}
    RETURNING "id"`;
  announceEnded(
    deps.bus,
    ended.map((row) => row.id),
  );
  return ended.length;
}

/** Which of these sessions are open (exist and have not ended). */
export async function openSessionsAmong(prisma: PrismaClient, sessionIds: string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await prisma.session.findMany({ where: { id: { in: sessionIds }, endedAt: null }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}
