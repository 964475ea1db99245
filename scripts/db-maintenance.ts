/**
 * `npm run db:maintenance`: one maintenance pass against DATABASE_URL (or the embedded database
 * under .data/ when it is unset), as the app's daily job does it: the months ahead are made, and
 * history older than RETENTION_DAYS (the audit trail and resolved reports older than
 * AUDIT_RETENTION_DAYS) is dropped a whole month at a time, with its photos' files. Safe to run
 * while app processes run (they take turns on the same lock).
 */
import { env, EnvError } from "@/env";
import { openDatabase } from "@/server/db/open";
import { describeMaintenance, runMaintenance } from "@/server/maintenance/run-maintenance";
import { openImageStore } from "@/server/storage/open-image-store";

async function main() {
  const config = env();
  const db = await openDatabase();
  try {
    const images = await openImageStore(config);
    const report = await runMaintenance(db, {
      retentionDays: config.RETENTION_DAYS,
      auditRetentionDays: config.AUDIT_RETENTION_DAYS,
      images,
      log: (message, error) => console.error(message, error instanceof Error ? error.message : (error ?? "")),
    });
    console.log(describeMaintenance(report));
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : `Maintenance failed: ${(error as Error).message}`);
  process.exit(1);
});
