// schema.prisma is what the app is typed against; prisma/migrations is what databases actually get.
// If they disagree, code compiles against columns production never receives.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema } from "../scripts/schema-engine";

const prismaDir = path.dirname(fileURLToPath(import.meta.url));
const migrationsDir = path.join(prismaDir, "migrations");
const schemaPath = path.join(prismaDir, "schema.prisma");
// What the partitioned_history migration does on purpose that schema.prisma cannot describe.
const expectedDriftPath = path.join(prismaDir, "partitioning-drift.sql");

// Each diff boots two in-memory Postgres instances: 3–7 s apiece on a busy 2-core machine, more
// than vitest's default 5 s.
const TIMEOUT_MS = 180_000;

describe("database migrations", () => {
  it(
    "the migrations produce exactly schema.prisma, apart from the partitioning's listed differences",
    async () => {
      const expectedDrift = await readFile(expectedDriftPath, "utf8");
      const { sql, drift, expectedMissing } = await diffMigrationsToSchema({ migrationsDir, schemaPath, expectedDrift });
      expect(
        drift,
        `prisma/migrations is missing this SQL; run \`npx tsx scripts/db-diff.ts <name>\`:\n\n${sql}`,
      ).toBe(false);
      // The list must stay true: a difference it names that no longer exists is a stale excuse.
      expect(expectedMissing, "prisma/partitioning-drift.sql lists differences the migrations no longer make").toEqual([]);
    },
    TIMEOUT_MS,
  );

  // Without this, a check that always answered "no drift" would pass the test above too.
  it(
    "notices a field that schema.prisma has and the migrations lack",
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "schema-drift-"));
      try {
        const schema = await readFile(schemaPath, "utf8");
        const withBio = schema.replace(/^model User \{$/m, "model User {\n  bio String?");
        expect(withBio, "schema.prisma no longer has `model User {`").not.toBe(schema);
        const changedPath = path.join(dir, "schema.prisma");
        await writeFile(changedPath, withBio);

        const expectedDrift = await readFile(expectedDriftPath, "utf8");
        const { sql, drift } = await diffMigrationsToSchema({ migrationsDir, schemaPath: changedPath, expectedDrift });

        expect(drift).toBe(true);
        // The engine pads column names to align them, hence \s+.
        expect(sql).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"bio" TEXT;/);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    TIMEOUT_MS,
  );
});
