import type { SqlQuery } from "@/server/db/query";
import { timestampLiteral } from "./months";
import { listPartitions, quoteIdent, type MonthPartition, type PartitionedTable } from "./partitions";

/** A photo file of a message whose month expired: removed from its store after the drop commits. */
export interface ExpiredPhoto {
  storage: string;
  keys: string[];
}

export interface ExpiredMonth {
  partition: string;
  rows: number;
  photos: ExpiredPhoto[];
}

/**
 * How long a drop waits for the parent table's lock. Dropping a partition locks the whole table
 * briefly; behind a long read it would make every send queue up, so it gives up instead and the
 * next run drops the month.
 */
const DROP_LOCK_TIMEOUT = "3s";

/** The months of `table` that end on or before `cutoff`: everything in them is older than it. */
export async function expiredMonths(sql: SqlQuery, table: PartitionedTable, cutoff: Date): Promise<MonthPartition[]> {
  const { months } = await listPartitions(sql, table);
  return months.filter((month) => month.to <= cutoff);
}

/**
 * Drops one expired month of `table` (inside the caller's transaction). For Message, first what
 * pointed into it: its photos' Upload rows go (their files are returned for removal after the
 * commit) and reports of its messages keep their snapshot but lose the link, as the foreign keys'
 * ON DELETE SET NULL did before the table was partitioned. Conversations, their lastSeq and
 * bookings stay. Returns null when another run dropped it first.
 */
export async function dropExpiredMonth(sql: SqlQuery, table: PartitionedTable, partition: string): Promise<ExpiredMonth | null> {
  const [exists] = await sql<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [quoteIdent(partition)]);
  if (!exists?.found) return null;
  await sql(`SET LOCAL lock_timeout = '${DROP_LOCK_TIMEOUT}'`, []);
  const target = quoteIdent(partition);
  const [counted] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${target}`, []);
  let photos: ExpiredPhoto[] = [];
  if (table === "Message") {
    const uploads = await sql<{ storage: string; fullKey: string; thumbKey: string }>(
      `DELETE FROM "Upload" WHERE "messageId" IN (SELECT "id" FROM ${target}) RETURNING "storage", "fullKey", "thumbKey"`,
      [],
    );
    photos = groupByStorage(uploads);
    await sql(`UPDATE "Report" SET "messageId" = NULL WHERE "messageId" IN (SELECT "id" FROM ${target})`, []);
  }
  await sql(`DROP TABLE ${target}`, []);
  return { partition, rows: counted?.n ?? 0, photos };
}

/**
 * Resolved reports created before `cutoff` go, with their message snapshots (AUDIT_RETENTION_DAYS).
 * Open ones stay until someone handles them. Returns how many went.
 */
export async function deleteExpiredReports(sql: SqlQuery, cutoff: Date): Promise<number> {
  const [deleted] = await sql<{ n: number }>(
    `WITH gone AS (DELETE FROM "Report" WHERE "status" = 'RESOLVED' AND "createdAt" < '${timestampLiteral(cutoff)}' RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [],
  );
  return deleted?.n ?? 0;
}

function groupByStorage(uploads: { storage: string; fullKey: string; thumbKey: string }[]): ExpiredPhoto[] {
  const byStorage = new Map<string, string[]>();
  for (const upload of uploads) {
    const keys = byStorage.get(upload.storage) ?? [];
    keys.push(upload.fullKey, upload.thumbKey);
    byStorage.set(upload.storage, keys);
  }
  return [...byStorage].map(([storage, keys]) => ({ storage, keys }));
}
