import path from "node:path";
import { env } from "@/env";
import { connectDatabase, type DatabaseConfig } from "./connect";
import { setDatabase, type Database } from "./index";

export function databaseConfigFromEnv(): DatabaseConfig {
  const { DATABASE_URL, DATABASE_POOL_SIZE, dataDir } = env();
  return DATABASE_URL
    ? { kind: "postgres", url: DATABASE_URL, poolSize: DATABASE_POOL_SIZE }
    : { kind: "pglite", dataDir: path.join(dataDir, "pglite") };
}

/** Opens the configured database (applying pending migrations) and makes it the process's one. */
export function openDatabase(): Promise<Database> {
  const db = connectDatabase(databaseConfigFromEnv());
  setDatabase(db);
  return db;
}
