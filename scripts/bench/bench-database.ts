/** The databases a query benchmark works on: a throwaway one it may make, and Prisma over a watched pool. */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { createThrowawayDatabase, type ThrowawayDatabase } from "@tests/support/database";
import type { Cleanup } from "./cleanup";
import { captureStatements, type StatementCapture } from "./sql-capture";

export const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** Where a bench makes its throwaway databases: the flag, $BENCH_DATABASE_URL, $TEST_DATABASE_URL, or the local Postgres. */
export const benchAdminUrl = (flag: string | undefined) =>
  flag || process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_ADMIN_URL;

/** A new empty database, dropped at the end unless `keep` (then the way to drop it is printed). */
export async function throwawayBenchDatabase(adminUrl: string, keep: boolean, cleanup: Cleanup, log: (line: string) => void): Promise<ThrowawayDatabase> {
  const db = await createThrowawayDatabase(adminUrl, "bench");
  if (keep) {
    cleanup.add(`keeping database ${db.name}`, async () => log(`Kept ${db.url}; drop it with: ${db.dropCommand.map((a) => (/[\s"()]/.test(a) ? `'${a}'` : a)).join(" ")}`));
  } else {
    cleanup.add(`dropping database ${db.name}`, () => db.drop());
  }
  log(`Created database ${db.name}.`);
  return db;
}

/** Prisma as the app makes it (the pg adapter over a pool), the pool's statements captured; closed by the cleanup. */
export function benchPrisma(url: string, cleanup: Cleanup): { pool: pg.Pool; prisma: PrismaClient; capture: StatementCapture } {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  pool.on("error", () => {});
  const capture = captureStatements(pool);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  // Runs before a drop (newest first); bounded, so a query still running on Ctrl-C cannot hold it up.
  cleanup.add("closing the connections", () =>
    Promise.race([prisma.$disconnect().then(() => pool.end()), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]),
  );
  return { pool, prisma, capture };
}
