import type { PrismaClient } from "@/generated/prisma/client";
import type { Quota } from "@/server/limits";
import { authenticateUser, normalizeEmail, type PublicUser } from "./users";

/**
 * Checks an email and password, with failed sign-ins limited per account
 * (SIGN_IN_FAILURES_PER_15_MIN). Each attempt is counted before the password is checked, so a
 * hundred guesses sent at once (to any number of processes) cannot all get through, and given
 * back when the password was right: only failures count. Over the limit, even the right password
 * is refused (RateLimitedError) until the window ends.
 */
export async function signInWithPassword(
  deps: { prisma: PrismaClient; signInFailures: Quota },
  email: string,
  password: string,
): Promise<PublicUser | null> {
  const account = normalizeEmail(email);
  await deps.signInFailures.take(account);
  const user = await authenticateUser(deps.prisma, email, password);
  if (user) await deps.signInFailures.giveBack(account);
  return user;
}
