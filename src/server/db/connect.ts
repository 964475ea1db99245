import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { applyMigrations, type SqlRunner } from "./migrations";

export type DatabaseKind = "postgres" | "pglite";

export interface Database {
  prisma: PrismaClient;
  kind: DatabaseKind;
  /**
   * The driver under Prisma, for the few that speak SQL to it themselves (the push queue,
   * src/server/push/queue-database.ts); absent on a Database made some other way.
   */
  driver?: DatabaseDriver;
  close(): Promise<void>;
}

export type DatabaseDriver = { kind: "postgres"; pool: pg.Pool } | { kind: "pglite"; client: PGlite };

export type DatabaseConfig =
  | { kind: "postgres"; url: string; poolSize: number }
  /** dataDir undefined = in memory (tests). */
  | { kind: "pglite"; dataDir?: string };

export function pgRunner(client: pg.ClientBase): SqlRunner {
  return {
    query: async <Row>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[],
    exec: async (sql) => {
      await client.query(sql);
    },
  };
}

export function pgliteRunner(client: PGlite): SqlRunner {
  return {
    query: async <Row>(sql: string, params?: unknown[]) => (await client.query<Row>(sql, params)).rows,
    exec: async (sql) => {
      await client.exec(sql);
    },
  };
}

export async function migratePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await applyMigrations(pgRunner(client));
  } finally {
    await client.end();
  }
}

/** Opens the database, applies pending migrations, and returns a Prisma client over it. */
export async function connectDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.kind === "postgres") {
    await migratePostgres(config.url);
    const pool = new pg.Pool({ connectionString: config.url, max: config.poolSize });
    // An idle client that loses its server (a Postgres restart) must not crash the process.
    pool.on("error", () => {});
    return overDriver(new PrismaClient({ adapter: new PrismaPg(pool) }), { kind: "postgres", pool }, () => pool.end());
  }
  if (config.dataDir) mkdirSync(path.dirname(config.dataDir), { recursive: true });
  // The embedded database (a Wasm Postgres) is loaded only when it is the one configured.
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import("@electric-sql/pglite"), import("pglite-prisma-adapter")]);
  const client = config.dataDir ? new PGlite(config.dataDir) : new PGlite();
  await client.waitReady;
  await applyMigrations(pgliteRunner(client));
  return overDriver(new PrismaClient({ adapter: new PrismaPGlite(client) }), { kind: "pglite", client }, () => client.close());
}

/** A Database whose close disconnects Prisma first, then the driver under it. */
function overDriver(prisma: PrismaClient, driver: DatabaseDriver, closeDriver: () => Promise<void>): Database {
  return {
    prisma,
    kind: driver.kind,
    driver,
    close: async () => {
      await prisma.$disconnect();
      await closeDriver();
    },
  };
}
