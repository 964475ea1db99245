import path from "node:path";
import { env } from "@/env";
import { connectDatabase, type Database, type DatabaseConfig } from "./connect";

export type { Database } from "./connect";

/**
 * One database per process. The custom server and Next's own bundle (the next-auth route) load
 * this module separately, so the instance lives on globalThis: the embedded PGlite allows only one
 * opener of its data directory, and one pool is enough.
 */
const globalForDb = globalThis as typeof globalThis & { __glowDatabase?: Promise<Database> };

export function databaseConfigFromEnv(): DatabaseConfig {
  const { DATABASE_URL, DATABASE_POOL_SIZE, dataDir } = env();
  return DATABASE_URL
    ? { kind: "postgres", url: DATABASE_URL, poolSize: DATABASE_POOL_SIZE }
    : { kind: "pglite", dataDir: path.join(dataDir, "pglite") };
}

export function getDatabase(): Promise<Database> {
  globalForDb.__glowDatabase ??= connectDatabase(databaseConfigFromEnv());
  return globalForDb.__glowDatabase;
}

/** Lets tests and the server install a database they opened themselves. */
export function setDatabase(db: Database): void {
  globalForDb.__glowDatabase = Promise.resolve(db);
}
