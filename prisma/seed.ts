import type { PrismaClient } from "@/generated/prisma/client";
import { hashPassword } from "@/server/services/passwords";
import type { Role } from "@/generated/prisma/enums";

export const DEMO_PASSWORD = "glow-demo-2026";

export const DEMO_ACCOUNTS: { email: string; name: string; role: Role }[] = [
  { email: "customer@example.com", name: "Chloe Customer", role: "CUSTOMER" },
  { email: "artist@example.com", name: "Ava Artist", role: "ARTIST" },
  { email: "admin@example.com", name: "Adam Admin", role: "ADMIN" },
  { email: "mia.hair@example.com", name: "Mia Hair Studio", role: "ARTIST" },
  { email: "noor.bridal@example.com", name: "Noor Bridal Makeup", role: "ARTIST" },
];

/** What each demo artist offers, so booking works out of the box. */
const DEMO_SERVICES: Record<string, { name: string; durationMinutes: number; priceCents: number }[]> = {
  "artist@example.com": [
    { name: "Bridal makeup", durationMinutes: 90, priceCents: 12000 },
    { name: "Evening glam", durationMinutes: 60, priceCents: 6500 },
  ],
  "mia.hair@example.com": [
    { name: "Blow-dry and style", durationMinutes: 45, priceCents: 4000 },
    { name: "Bridal updo", durationMinutes: 75, priceCents: 9500 },
  ],
  "noor.bridal@example.com": [{ name: "Bridal makeup and hair", durationMinutes: 150, priceCents: 22000 }],
};

/** Creates the demo accounts (and their services) that are missing; never changes existing ones. */
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
  const created = await prisma.user.findMany({
    where: { email: { in: missing.map((a) => a.email) } },
    select: { id: true, email: true },
  });
  await prisma.service.createMany({
    data: created.flatMap((user) => (DEMO_SERVICES[user.email] ?? []).map((service) => ({ ...service, artistId: user.id }))),
  });
  return count;
}
