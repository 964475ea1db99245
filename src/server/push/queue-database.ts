import type { Database } from "@/server/db";

/** What pg-boss needs of a database: its `db` option. */
export interface QueueDatabase {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * pg-boss over the app's own database connection: the Postgres pool, or the embedded PGlite (which
 * allows one opener of its data directory, so pg-boss cannot open a connection of its own).
 *
 * pg-boss sends two kinds of SQL: single statements with parameters, and scripts without any
 * ("BEGIN; …; COMMIT;"). On PGlite's one shared connection a script that fails halfway would leave
 * its transaction open and aborted, and every later query of the app would fail; so a script runs
 * inside PGlite's own transaction, which rolls it back on failure and keeps other queries out while
 * it runs. On Postgres the pool does the same: a failed query's connection is discarded.
 */
export function queueDatabase(db: Database): QueueDatabase {
  const driver = db.driver;
  if (!driver) throw new Error("The push queue needs the database's driver: open the database with connectDatabase().");
  if (driver.kind === "postgres") {
    return { executeSql: async (text, values) => driver.pool.query(text, values) };
  }
  const client = driver.client;
  return {
    executeSql: async (text, values) => {
      if (values && values.length > 0) return client.query(text, values);
      const results = await client.transaction((tx) => tx.exec(text));
      // pg-boss reads rows only from single statements; a script answers with its last statement's.
      return [...results].reverse().find((result) => result.fields.length > 0) ?? { rows: [] };
    },
  };
}
