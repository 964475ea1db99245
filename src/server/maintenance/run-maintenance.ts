import type { Database } from "@/server/db/connect";
import type { SqlQuery } from "@/server/db/query";
import { inSqlTransaction } from "@/server/db/sql-transaction";
import type { ImageStore } from "@/server/storage/image-store";
import { daysBefore, monthStart } from "./months";
import { createMonthPartitions, PARTITIONED_TABLES, rehomeDefaultRows, type PartitionedTable } from "./partitions";
import { deleteExpiredReports, dropExpiredMonth, expiredMonths, type ExpiredPhoto } from "./retention";

export interface MaintenanceOptions {
  /** Messages older than this many days go, a whole month at a time (RETENTION_DAYS). */
  retentionDays: number;
  /** The audit trail and resolved reports older than this go (AUDIT_RETENTION_DAYS). */
  auditRetentionDays: number;
  /** Where photos live, to remove the files of expired messages; null leaves files alone. */
  images: ImageStore | null;
  log: (message: string, error?: unknown) => void;
  /** Months made ahead of the current one (default 3): the job can miss a few runs safely. */
  monthsAhead?: number;
  /** The clock (tests travel in time by passing another). */
  now?: Date;
}

export interface DroppedMonth {
  table: PartitionedTable;
  partition: string;
  rows: number;
  photoFiles: number;
  ms: number;
}

export interface MaintenanceReport {
  created: string[];
  /** Rows moved out of a DEFAULT partition into their month. */
  rehomed: number;
  dropped: DroppedMonth[];
  reportsDeleted: number;
  ms: number;
}

/** Two runs (several processes, or `npm run db:maintenance` beside them) take turns on this lock. */
export const MAINTENANCE_LOCK_KEY = 7_264_001;

/**
 * One maintenance pass: the months ahead exist, rows the DEFAULT partitions caught are in their
 * months, and months older than the retention periods are dropped (their photos' files removed
 * after the drop commits). Each step is its own transaction under the maintenance lock and finds
 * done what another run did, so runs may overlap; each month dropped is dropped by one of them.
 */
export async function runMaintenance(db: Database, options: MaintenanceOptions): Promise<MaintenanceReport> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const locked = <T>(work: (sql: SqlQuery) => Promise<T>) =>
    inSqlTransaction(db, async (sql) => {
      await sql("SELECT pg_advisory_xact_lock($1)", [MAINTENANCE_LOCK_KEY]);
      return work(sql);
    });

  const report: MaintenanceReport = { created: [], rehomed: 0, dropped: [], reportsDeleted: 0, ms: 0 };
  const ahead = Array.from({ length: (options.monthsAhead ?? 3) + 1 }, (_, i) => monthStart(now, i));
  for (const table of PARTITIONED_TABLES) {
    await locked(async (sql) => {
      report.rehomed += await rehomeDefaultRows(sql, table);
      report.created.push(...(await createMonthPartitions(sql, table, ahead)));
    });
  }

  const cutoffs: Record<PartitionedTable, Date> = {
    Message: daysBefore(now, options.retentionDays),
    AuditEntry: daysBefore(now, options.auditRetentionDays),
  };
  for (const table of PARTITIONED_TABLES) {
    const months = await locked((sql) => expiredMonths(sql, table, cutoffs[table]));
    for (const month of months) {
      const t0 = performance.now();
      const dropped = await locked((sql) => dropExpiredMonth(sql, table, month.name)).catch((error: unknown) => {
        options.log(`Could not drop the expired partition ${month.name}; the next run tries again`, error);
        return null;
      });
      if (!dropped) continue;
      const photoFiles = await removePhotoFiles(dropped.photos, options);
      report.dropped.push({ table, partition: dropped.partition, rows: dropped.rows, photoFiles, ms: Math.round(performance.now() - t0) });
    }
  }
  report.reportsDeleted = await locked((sql) => deleteExpiredReports(sql, cutoffs.AuditEntry));
  report.ms = Math.round(performance.now() - started);
  return report;
}

/** Removes the files of expired photos from the store they are in; returns how many went. */
async function removePhotoFiles(photos: ExpiredPhoto[], options: MaintenanceOptions): Promise<number> {
  let removed = 0;
  for (const { storage, keys } of photos) {
    if (!options.images || options.images.kind !== storage) {
      options.log(`Left ${keys.length} files of expired photos in the "${storage}" store: it is not the store this process uses`);
      continue;
    }
    try {
      await options.images.remove(keys);
      removed += keys.length;
    } catch (error) {
      options.log(`Could not remove ${keys.length} files of expired photos from the "${storage}" store`, error);
    }
  }
  return removed;
}

/** One line for the log, and `npm run db:maintenance`'s summary. */
export function describeMaintenance(report: MaintenanceReport): string {
  const parts = [
    report.created.length ? `created ${report.created.join(", ")}` : "no partition to create",
    ...(report.rehomed ? [`moved ${report.rehomed} rows out of a DEFAULT partition`] : []),
    report.dropped.length
      ? `dropped ${report.dropped.map((d) => `${d.partition} (${d.rows} rows, ${d.photoFiles} photo files, ${d.ms} ms)`).join(", ")}`
      : "nothing expired",
    ...(report.reportsDeleted ? [`deleted ${report.reportsDeleted} resolved reports`] : []),
  ];
  return `Database maintenance in ${report.ms} ms: ${parts.join("; ")}.`;
}
