import type { Database } from "./connect";
import type { SqlQuery } from "./query";

/**
 * Runs `work` in one transaction on one connection of the database's own driver, for the SQL the
 * app writes itself that must commit whole (the maintenance job's DDL): a pooled Postgres
 * connection between BEGIN and COMMIT, or PGlite's own transaction, which keeps every other query
 * of the process out while it runs. Rolled back if `work` throws.
 */
export async function inSqlTransaction<T>(db: Database, work: (sql: SqlQuery) => Promise<T>): Promise<T> {
  const driver = db.driver;
  if (!driver) throw new Error("This needs the database's driver: open the database with connectDatabase().");
  if (driver.kind === "pglite") {
    return driver.client.transaction((tx) => work(async <Row>(text: string, params: unknown[]) => (await tx.query<Row>(text, params)).rows));
  }
  const client = await driver.pool.connect();
  let broken = false;
  // A checked-out client has no listener of the pool's: the server ending the connection between
  // two of this transaction's queries (a Postgres restart) would be an unhandled 'error' event and
  // end the process. Noted here, it fails the transaction instead, and the client is discarded.
  const onError = () => {
    broken = true;
  };
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    const result = await work(async <Row>(text: string, params: unknown[]) => (await client.query(text, params)).rows as Row[]);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.off("error", onError);
    // A connection that failed, or could not even roll back, is thrown away rather than handed to
    // the next caller.
    client.release(broken);
  }
}
