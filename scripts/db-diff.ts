// `npx tsx scripts/db-diff.ts <name>`: the offline stand-in for `prisma migrate dev --create-only`.
// Writes prisma/migrations/<timestamp>_<name>/migration.sql with whatever the existing migrations
// lack relative to schema.prisma, in Prisma's own layout so `prisma migrate deploy` accepts it too.
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { diffMigrationsToSchema, MIGRATION_LOCK_CONTENT } from "./schema-engine";

const prismaDir = fileURLToPath(new URL("../prisma", import.meta.url));
const migrationsDir = path.join(prismaDir, "migrations");
const schemaPath = path.join(prismaDir, "schema.prisma");
/** What the hand-written partitioning migration does on purpose: never written into a new migration. */
const expectedDriftPath = path.join(prismaDir, "partitioning-drift.sql");

// Prisma stamps migrations in UTC, so folders sort the same on every contributor's machine.
function timestamp(now: Date): string {
  return now.toISOString().replace(/\D/g, "").slice(0, 14);
}

async function main(name: string | undefined): Promise<number> {
  if (name === undefined || !/^[a-z0-9_]+$/.test(name)) {
    console.error(
      `Usage: npx tsx scripts/db-diff.ts <name>\n` +
        `The name must match /^[a-z0-9_]+$/ (lower-case letters, digits, underscores)` +
        (name === undefined ? "." : `; got ${JSON.stringify(name)}.`),
    );
    return 1;
  }

  const expectedDrift = await readFile(expectedDriftPath, "utf8");
  const { sql, drift } = await diffMigrationsToSchema({ migrationsDir, schemaPath, expectedDrift });
  if (!drift) {
    console.log("No schema changes");
    return 0;
  }

  const dir = path.join(migrationsDir, `${timestamp(new Date())}_${name}`);
  if (existsSync(dir)) {
    console.error(`${path.relative(process.cwd(), dir)} already exists; try again in a second.`);
    return 1;
  }
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), sql);

  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  if (!existsSync(lockPath)) await writeFile(lockPath, MIGRATION_LOCK_CONTENT);

  console.log(`Wrote ${path.relative(process.cwd(), path.join(dir, "migration.sql"))}`);
  return 0;
}

try {
  process.exitCode = await main(process.argv[2]);
} catch (error) {
  // The engine's errors are written for people (P3006 "failed to apply cleanly…", P1012 schema
  // validation); its Wasm stack trace only buries them.
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
