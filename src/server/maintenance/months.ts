/**
 * Calendar months in UTC, as the partitioned tables cut them: Prisma stores `createdAt` as UTC in a
 * `timestamp` column, and each partition holds [first instant of a month, first of the next).
 */

/** The first instant (UTC) of the month `date` falls in, moved by `add` months. */
export function monthStart(date: Date, add = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + add, 1));
}

/** "2026-11-01 00:00:00": a month's bound as a `timestamp` literal (never a JS Date parameter, which
 * node-pg would send in the process's local time). */
export function timestampLiteral(date: Date): string {
  return date.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "");
}

/** The partition of `table` that holds `month`: "Message_2026_11". */
export function monthPartitionName(table: string, month: Date): string {
  return `${table}_${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** Reads a bound as Postgres prints it in a partition's definition ('2026-11-01 00:00:00'). */
export function parseTimestampLiteral(literal: string): Date {
  const date = new Date(`${literal.replace(" ", "T")}Z`);
  if (Number.isNaN(date.getTime())) throw new Error(`Not a timestamp: ${literal}`);
  return date;
}

/** `days` days before `now`: what retention keeps is newer than this. */
export function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
}
