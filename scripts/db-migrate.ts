/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (or, when it is unset, to the
 * embedded database under .data/), with the same bookkeeping as `prisma migrate deploy`.
 */
import { EnvError } from "@/env";
import { databaseConfigFromEnv } from "@/server/db/open";
import { connectDatabase, migratePostgres } from "@/server/db/connect";

async function main() {
  const config = databaseConfigFromEnv();
  if (config.kind === "postgres") {
    const applied = await migratePostgres(config.url);
    report(applied, "DATABASE_URL");
  } else {
    // Opening the embedded database applies pending migrations; count them from its bookkeeping.
    const db = await connectDatabase(config);
    const rows = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "_prisma_migrations"`;
    console.log(`Embedded database at ${config.dataDir} is up to date (${rows[0]?.n ?? 0} migrations applied).`);
    await db.close();
  }
}

function report(applied: string[], target: string) {
  if (applied.length === 0) console.log(`No pending migrations for ${target}.`);
  else console.log(`Applied ${applied.length} migration(s) to ${target}:\n${applied.map((n) => `  ${n}`).join("\n")}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : `Migration failed: ${(error as Error).message}`);
  process.exit(1);
});
