import { randomBytes } from "node:crypto";
import pg from "pg";
import { connectDatabase, type Database } from "@/server/db/connect";

/**
 * A fresh, migrated database for one test file: a new database on the real Postgres named by
 * TEST_DATABASE_URL (CI sets it), or an in-memory PGlite when it is unset. Dropped on close.
 */
export async function createTestDatabase(): Promise<Database> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return connectDatabase({ kind: "pglite" });

  const name = `glow_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await connectDatabase({ kind: "postgres", url: url.toString(), poolSize: 20 });
  return {
    ...db,
    close: async () => {
      await db.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
