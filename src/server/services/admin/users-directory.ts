import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import { suspensionOf, type Suspension } from "../access";
import { recordAudit, type AdminActor } from "./audit";

/** /admin/users: find people by name, email or id, with their standing. */

export interface AdminUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  createdAt: Date;
  suspension: Suspension | null;
  /** When the account was deleted (services/account-deletion.ts); null while it stands. */
  deletedAt: Date | null;
  /** Reports against them: all, and those still open. */
  reports: { total: number; open: number };
}

export const USER_PAGE_SIZE = 20;

const select = {
  id: true,
  name: true,
  email: true,
  role: true,
  createdAt: true,
  suspendedAt: true,
  suspendedUntil: true,
  suspensionReason: true,
  deletedAt: true,
} satisfies Prisma.UserSelect;

/**
 * Newest accounts first; the query matches a name or email anywhere, or an id exactly. People's
 * emails are personal data: a search is recorded in the audit trail first.
 */
export async function searchUsers(
  prisma: PrismaClient,
  actor: AdminActor,
  input: { query?: string; role?: Role; cursor?: string; limit?: number },
): Promise<{ items: AdminUser[]; nextCursor: string | null }> {
  const limit = input.limit ?? USER_PAGE_SIZE;
  const query = input.query?.trim();
  await recordAudit(prisma, actor, { action: "user.search", targetType: "user", targetId: null, details: { query: query ?? null, role: input.role ?? null } });
  const rows = await prisma.user.findMany({
    where: {
      ...(input.role ? { role: input.role } : {}),
      ...(query
        ? { OR: [{ name: { contains: query, mode: "insensitive" } }, { email: { contains: query, mode: "insensitive" } }, { id: query }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select,
  });
  const page = rows.slice(0, limit);
  return { items: await withReports(prisma, page), nextCursor: rows.length > limit ? page.at(-1)!.id : null };
}

export async function getAdminUser(prisma: PrismaClient | Prisma.TransactionClient, userId: string): Promise<AdminUser | null> {
  const row = await prisma.user.findUnique({ where: { id: userId }, select });
  return row ? (await withReports(prisma, [row]))[0]! : null;
}

async function withReports(prisma: PrismaClient | Prisma.TransactionClient, rows: Prisma.UserGetPayload<{ select: typeof select }>[]): Promise<AdminUser[]> {
  const ids = rows.map((r) => r.id);
  const counts = ids.length
    ? await prisma.report.groupBy({ by: ["reportedUserId", "status"], where: { reportedUserId: { in: ids } }, _count: true })
    : [];
  return rows.map(({ suspendedAt, suspendedUntil, suspensionReason, ...user }) => {
    const mine = counts.filter((c) => c.reportedUserId === user.id);
    return {
      ...user,
      suspension: suspensionOf({ suspendedAt, suspendedUntil, suspensionReason }),
      reports: { total: mine.reduce((sum, c) => sum + c._count, 0), open: mine.find((c) => c.status === "OPEN")?._count ?? 0 },
    };
  });
}
