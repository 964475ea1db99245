import type { PrismaClient } from "@/generated/prisma/client";
import { hashPassword } from "../passwords";
import { normalizeEmail } from "../users";

/**
 * Creates the first admin of a deployment (BOOTSTRAP_ADMIN_EMAIL / _PASSWORD) unless an account
 * with that email exists, which is left exactly as it is. Returns whether one was created.
 */
export async function bootstrapAdmin(prisma: PrismaClient, input: { email: string; password: string }): Promise<boolean> {
  const email = normalizeEmail(input.email);
  if (await prisma.user.findUnique({ where: { email }, select: { id: true } })) return false;
  const { count } = await prisma.user.createMany({
    data: [{ email, name: "Glow support", role: "ADMIN", passwordHash: await hashPassword(input.password) }],
    skipDuplicates: true,
  });
  return count === 1;
}
