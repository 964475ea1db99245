import type { PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import type { Quota } from "@/server/limits";
import { DomainError } from "./errors";
import { isUniqueViolation } from "./prisma-errors";
import { findUnstorableText } from "@/shared/unstorable-text";
import { hashPassword, verifyAgainstNothing, verifyPassword } from "./passwords";

export interface PublicUser {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const publicFields = { id: true, name: true, email: true, role: true } as const;

export async function registerUser(
  prisma: PrismaClient,
  input: { email: string; password: string; name: string; role: Role },
): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await prisma.user.create({
      data: { email: normalizeEmail(input.email), name: input.name.trim(), role: input.role, passwordHash },
      select: { id: true },
    });
    return user;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("CONFLICT", "An account with this email already exists. Sign in instead.");
    }
    throw error;
  }
}

/** Returns the user when the password matches, null otherwise (never says which part was wrong). */
export async function authenticateUser(
  prisma: PrismaClient,
  email: string,
  password: string,
): Promise<PublicUser | null> {
  // No account holds text Postgres cannot store, and asking would fail with the driver's words.
  if (findUnstorableText(email) !== null) return verifyAgainstNothing(password).then(() => null);
  const user = await prisma.user.findUnique({
    where: { email: normalizeEmail(email) },
    select: { ...publicFields, passwordHash: true },
  });
  if (!user) return verifyAgainstNothing(password).then(() => null);
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, name: user.name, email: user.email, role: user.role };
}

export async function getUser(prisma: PrismaClient, id: string): Promise<PublicUser | null> {
  return prisma.user.findUnique({ where: { id }, select: publicFields });
}

/** The artist directory: every artist, by name, but those suspended now (they can't answer) or deleted. */
export async function listArtists(
  prisma: PrismaClient,
  input: { cursor?: string; limit: number },
): Promise<{ items: { id: string; name: string }[]; nextCursor: string | null }> {
  const rows = await prisma.user.findMany({
    where: { role: "ARTIST", deletedAt: null, OR: [{ suspendedAt: null }, { suspendedUntil: { lte: new Date() } }] },
    select: { id: true, name: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Changes a user's password after checking the current one. A wrong current password counts as a
 * failed sign-in for the account (SIGN_IN_FAILURES_PER_15_MIN), so a stolen session cannot be used
 * to guess it. Ending their other sessions is the caller's next step (sessions.ts), so that a
 * stolen cookie stops working too.
 */
export async function changePassword(
  deps: { prisma: PrismaClient; signInFailures: Quota },
  userId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await deps.prisma.user.findUnique({ where: { id: userId }, select: { email: true, passwordHash: true } });
  if (!user) throw new DomainError("UNAUTHORIZED", "Sign in to continue.");
  await deps.signInFailures.take(user.email);
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new DomainError("BAD_REQUEST", "currentPassword: is not your current password. Check it and try again.");
  }
  await deps.signInFailures.giveBack(user.email);
  if (input.currentPassword === input.newPassword) {
    throw new DomainError("BAD_REQUEST", "newPassword: must be different from your current password.");
  }
  await deps.prisma.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(input.newPassword) } });
}
