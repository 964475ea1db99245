import type { PrismaClient } from "@/generated/prisma/client";
import type { Quota } from "@/server/limits";
import { suspensionOf, type Suspension } from "./access";
import { DomainError } from "./errors";
import { authenticateUser, normalizeEmail, type PublicUser } from "./users";

/** What a suspended person is told when they sign in: that they are, and until when. */
export function suspendedSentence(suspension: Suspension, timeZone: string): string {
  const until = suspension.until
    ? `until ${new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone }).format(suspension.until)} (${timeZone})`
    : "until Glow support lifts it";
  return `Your account is suspended ${until}. If you think this is a mistake, contact Glow support.`;
}

/**
 * Checks an email and password, with failed sign-ins limited per account
 * (SIGN_IN_FAILURES_PER_15_MIN). Each attempt is counted before the password is checked, so a
 * hundred guesses sent at once (to any number of processes) cannot all get through, and given
 * back when the password was right: only failures count. Over the limit, even the right password
 * is refused (RateLimitedError) until the window ends. A suspended account is refused with the
 * suspension's end (only to someone who knows the password).
 */
export async function signInWithPassword(
  deps: { prisma: PrismaClient; signInFailures: Quota; timeZone?: string },
  email: string,
  password: string,
): Promise<PublicUser | null> {
  const account = normalizeEmail(email);
  await deps.signInFailures.take(account);
  const user = await authenticateUser(deps.prisma, email, password);
  if (!user) return null;
  await deps.signInFailures.giveBack(account);
  const suspension = await currentSuspension(deps.prisma, user.id);
  if (suspension) throw new DomainError("FORBIDDEN", suspendedSentence(suspension, deps.timeZone ?? "UTC"));
  return user;
}

export async function currentSuspension(prisma: PrismaClient, userId: string): Promise<Suspension | null> {
  const row = await prisma.user.findUnique({
    where: { id: userId },
    select: { suspendedAt: true, suspendedUntil: true, suspensionReason: true },
  });
  return row ? suspensionOf(row) : null;
}
