/**
 * Throwaway databases: the one place that creates and drops them, for the unit tests, the
 * resilience suite, the e2e server launcher and the benchmark. Free of test-runner imports, so
 * plain scripts can use it too.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { Database } from "@/server/db/connect";

/** Who made a throwaway database; part of its name, so a leftover says where it came from. */
export type ThrowawayPurpose = "test" | "resilience" | "e2e" | "bench";

export interface ThrowawayDatabase {
  name: string;
  /** The admin URL pointed at the new database (what DATABASE_URL should be). */
  url: string;
  /** A command (argv) that drops it from outside this process: an exit hook, a reaper. */
  dropCommand: string[];
  /** Drops it, ending the connections still open to it; a second call does nothing. */
  drop(): Promise<void>;
}

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** A Postgres client or server program (psql, initdb, pg_ctl): from PG_BIN when there, else the PATH. */
export function postgresBinary(name: string): string {
  const inBin = path.join(PG_BIN, name);
  return existsSync(inBin) ? inBin : name;
}

/** Runs one query on a fresh connection (no pool to go stale across a server restart). */
export async function queryOnce<Row extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A new, empty database on the cluster that `adminUrl` points at (a user who may create databases). */
export async function createThrowawayDatabase(adminUrl: string, purpose: ThrowawayPurpose): Promise<ThrowawayDatabase> {
  // Only [a-z0-9_], so the double quotes are all the quoting it needs.
  const name = `glow_${purpose}_${process.pid}_${randomBytes(4).toString("hex")}`;
  await queryOnce(adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // FORCE ends connections a server left behind (it was killed, or its pool is slow to close).
  const dropSql = `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`;
  let dropping: Promise<void> | undefined;
  return {
    name,
    url: url.toString(),
    dropCommand: [postgresBinary("psql"), adminUrl, "-q", "-c", dropSql],
    drop: () => (dropping ??= queryOnce(adminUrl, dropSql).then(() => undefined)),
  };
}

/**
 * A fresh, migrated database for one test file: a throwaway database on the Postgres named by
 * TEST_DATABASE_URL (CI sets it), or an in-memory PGlite when it is unset. Dropped on close.
 */
export async function createTestDatabase(): Promise<Database> {
  // Loaded here, not at the top: the launcher and the bench need only the lines above, not Prisma.
  const { connectDatabase } = await import("@/server/db/connect");
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return connectDatabase({ kind: "pglite" });
  const throwaway = await createThrowawayDatabase(adminUrl, "test");
  const db = await connectDatabase({ kind: "postgres", url: throwaway.url, poolSize: 20 });
  return {
    ...db,
    close: async () => {
      await db.close();
      await throwaway.drop();
    },
  };
}
