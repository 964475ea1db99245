import type { PrismaClient } from "@/generated/prisma/client";
import { hashPassword } from "@/server/services/passwords";
import type { Role } from "@/server/services/users";

export const DEMO_PASSWORD = "glow-demo-2026";

export const DEMO_ACCOUNTS: { email: string; name: string; role: Role }[] = [
  { email: "customer@example.com", name: "Chloe Customer", role: "CUSTOMER" },
  { email: "artist@example.com", name: "Ava Artist", role: "ARTIST" },
  { email: "admin@example.com", name: "Adam Admin", role: "ADMIN" },
  { email: "mia.hair@example.com", name: "Mia Hair Studio", role: "ARTIST" },
  { email: "noor.bridal@example.com", name: "Noor Bridal Makeup", role: "ARTIST" },
];

/** Creates the demo accounts that are missing; never changes an existing account. */
export async function seedDemoAccounts(prisma: PrismaClient): Promise<number> {
  const existing = await prisma.user.findMany({
    where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } },
    select: { email: true },
  });
  const have = new Set(existing.map((u) => u.email));
  const missing = DEMO_ACCOUNTS.filter((a) => !have.has(a.email));
  if (missing.length === 0) return 0;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { count } = await prisma.user.createMany({
    data: missing.map((a) => ({ ...a, passwordHash })),
    skipDuplicates: true,
  });
  return count;
}
