import type { SqlQuery } from "@/server/db/query";
import { monthPartitionName, monthStart, parseTimestampLiteral, timestampLiteral } from "./months";

/**
 * The monthly partitions of the two partitioned tables (partitioned_history migration): what
 * exists, making the months ahead, and re-homing rows that fell into the DEFAULT partition. Every
 * function here runs inside the caller's transaction and is idempotent: two processes doing the
 * same work one after the other (the maintenance lock orders them) find it done.
 */
export type PartitionedTable = "Message" | "AuditEntry";

export const PARTITIONED_TABLES: readonly PartitionedTable[] = ["Message", "AuditEntry"];

export interface MonthPartition {
  name: string;
  /** First instant held (UTC). */
  from: Date;
  /** First instant of the next partition (exclusive). */
  to: Date;
}

export interface TablePartitions {
  months: MonthPartition[];
  /** The DEFAULT partition's name, if it has one. */
  defaultPartition: string | null;
}

const RANGE_BOUND = /^FOR VALUES FROM \('([^']+)'\) TO \('([^']+)'\)$/;

/** A partition's name as an SQL identifier. Names come from the catalog or monthPartitionName. */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function listPartitions(sql: SqlQuery, table: PartitionedTable): Promise<TablePartitions> {
  const rows = await sql<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = to_regclass($1)`,
    [quoteIdent(table)],
  );
  const months: MonthPartition[] = [];
  let defaultPartition: string | null = null;
  for (const row of rows) {
    if (row.bound === "DEFAULT") {
      defaultPartition = row.name;
      continue;
    }
    const match = RANGE_BOUND.exec(row.bound);
    if (!match) throw new Error(`Unexpected partition bound of ${row.name}: ${row.bound}`);
    months.push({ name: row.name, from: parseTimestampLiteral(match[1]!), to: parseTimestampLiteral(match[2]!) });
  }
  months.sort((a, b) => a.from.getTime() - b.from.getTime());
  return { months, defaultPartition };
}

/**
 * Creates the partition of each given month that no partition covers yet; returns their names.
 * The DEFAULT partition must hold no row of those months (rehomeDefaultRows first).
 */
export async function createMonthPartitions(sql: SqlQuery, table: PartitionedTable, months: Date[]): Promise<string[]> {
  const { months: existing } = await listPartitions(sql, table);
  const created: string[] = [];
  for (const month of months.map((m) => monthStart(m))) {
    const next = monthStart(month, 1);
    if (existing.some((p) => p.from < next && month < p.to)) continue;
    const name = monthPartitionName(table, month);
    await sql(
      `CREATE TABLE ${quoteIdent(name)} PARTITION OF ${quoteIdent(table)} FOR VALUES FROM ('${timestampLiteral(month)}') TO ('${timestampLiteral(next)}')`,
      [],
    );
    await protectPartition(sql, table, name);
    existing.push({ name, from: month, to: next });
    created.push(name);
  }
  return created;
}

/**
 * Moves the rows the DEFAULT partition caught (written for a month that had no partition: the job
 * had not run for months) into partitions of their own months: the DEFAULT is detached and set
 * aside, a new empty one takes its place, the months are made, and the rows are inserted again
 * through the parent (which routes them). Nothing is deleted row by row, so no trigger fires.
 * Returns how many rows moved (0, at once, when the DEFAULT is empty: the normal case).
 */
export async function rehomeDefaultRows(sql: SqlQuery, table: PartitionedTable): Promise<number> {
  const { defaultPartition } = await listPartitions(sql, table);
  if (!defaultPartition) return 0;
  const months = await sql<{ month: string }>(
    `SELECT DISTINCT to_char(date_trunc('month', "createdAt"), 'YYYY-MM-DD HH24:MI:SS') AS month FROM ${quoteIdent(defaultPartition)}`,
    [],
  );
  if (months.length === 0) return 0;
  const setAside = `${defaultPartition}_rehoming`;
  await sql(`ALTER TABLE ${quoteIdent(table)} DETACH PARTITION ${quoteIdent(defaultPartition)}`, []);
  await sql(`ALTER TABLE ${quoteIdent(defaultPartition)} RENAME TO ${quoteIdent(setAside)}`, []);
  await sql(`CREATE TABLE ${quoteIdent(defaultPartition)} PARTITION OF ${quoteIdent(table)} DEFAULT`, []);
  await protectPartition(sql, table, defaultPartition);
  await createMonthPartitions(sql, table, months.map((row) => parseTimestampLiteral(row.month)));
  const [moved] = await sql<{ n: number }>(
    `WITH moved AS (INSERT INTO ${quoteIdent(table)} SELECT * FROM ${quoteIdent(setAside)} RETURNING 1) SELECT count(*)::int AS n FROM moved`,
    [],
  );
  await sql(`DROP TABLE ${quoteIdent(setAside)}`, []);
  return moved?.n ?? 0;
}

/**
 * The audit trail's TRUNCATE guard on a new partition of it: a statement trigger on the parent
 * does not fire for a TRUNCATE of one partition by name (the row guard is inherited by itself).
 */
async function protectPartition(sql: SqlQuery, table: PartitionedTable, partition: string): Promise<void> {
  if (table !== "AuditEntry") return;
  await sql(
    `CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON ${quoteIdent(partition)} FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_append_only"()`,
    [],
  );
}
