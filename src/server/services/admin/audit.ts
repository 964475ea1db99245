import { randomUUID } from "node:crypto";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { DomainError } from "../errors";

/**
 * The audit trail of Glow support: every admin access and action, written before the read it
 * records or in the same transaction as the action, so that what is not recorded does not happen.
 * The table is append-only in the database (a trigger refuses UPDATE, DELETE and TRUNCATE).
 */

/** Who is acting, from where: every admin service takes one. */
export interface AdminActor {
  id: string;
  ip: string | null;
  userAgent: string | null;
}

export type AuditTargetType = "conversation" | "report" | "user" | "message" | "keyword" | "audit";

export interface AuditRecord {
  action: string;
  targetType: AuditTargetType;
  targetId: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEntryDTO {
  id: string;
  adminId: string;
  adminEmail: string;
  action: string;
  targetType: string;
  targetId: string | null;
  reason: string | null;
  details: unknown;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

type Db = PrismaClient | Prisma.TransactionClient;

/** A user agent is the client's to choose: kept, but not without bound. */
const MAX_USER_AGENT = 512;

/**
 * Appends one entry. The admin's email is copied from their row in the same statement, so the
 * entry reads the same after the admin's account is gone; an admin whose row is gone records
 * nothing and may do nothing.
 */
export async function recordAudit(db: Db, actor: AdminActor, record: AuditRecord): Promise<void> {
  const details = record.details === undefined ? null : JSON.stringify(record.details);
  const inserted = await db.$executeRaw`
    INSERT INTO "AuditEntry" ("id", "adminId", "adminEmail", "action", "targetType", "targetId", "reason", "details", "ip", "userAgent")
    SELECT ${randomUUID()}, u."id", u."email", ${record.action}, ${record.targetType}, ${record.targetId},
           ${record.reason ?? null}, ${details}::jsonb, ${actor.ip}, ${actor.userAgent?.slice(0, MAX_USER_AGENT) ?? null}
      FROM "User" u WHERE u."id" = ${actor.id} AND u."role" = 'ADMIN'`;
  if (inserted !== 1) throw new DomainError("FORBIDDEN", "Only Glow support can do this.");
}

/**
 * Runs `action` in a transaction that first appends its audit entry: both commit, or neither.
 */
export function auditedTransaction<T>(prisma: PrismaClient, actor: AdminActor, record: AuditRecord, action: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return prisma.$transaction(async (tx) => {
    await recordAudit(tx, actor, record);
    return action(tx);
  });
}

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilter {
  adminId?: string;
  targetId?: string;
}

const whereOf = (filter: AuditFilter): Prisma.AuditEntryWhereInput => ({
  ...(filter.adminId ? { adminId: filter.adminId } : {}),
  ...(filter.targetId ? { targetId: filter.targetId } : {}),
});

/** Newest first, a page at a time; the cursor is the last entry's id. */
export async function listAudit(
  prisma: PrismaClient,
  filter: AuditFilter & { cursor?: string; limit?: number },
): Promise<{ items: AuditEntryDTO[]; nextCursor: string | null }> {
  const limit = filter.limit ?? AUDIT_PAGE_SIZE;
  const rows = await prisma.auditEntry.findMany({
    where: whereOf(filter),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
  });
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}

/** Every matching entry, newest first, read in pages (for the CSV export, streamed). */
export async function* allAuditEntries(prisma: PrismaClient, filter: AuditFilter): AsyncGenerator<AuditEntryDTO> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listAudit(prisma, { ...filter, cursor, limit: 500 });
    yield* page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

export const AUDIT_CSV_COLUMNS = ["time", "admin_id", "admin_email", "action", "target_type", "target_id", "reason", "ip", "user_agent", "details"] as const;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. A field a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe.
 */
export function csvField(value: string | null): string {
  if (value === null) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsvLine(entry: AuditEntryDTO): string {
  return [
    entry.createdAt.toISOString(),
    entry.adminId,
    entry.adminEmail,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.reason,
    entry.ip,
    entry.userAgent,
    entry.details === null || entry.details === undefined ? null : JSON.stringify(entry.details),
  ]
    .map(csvField)
    .join(",");
}
