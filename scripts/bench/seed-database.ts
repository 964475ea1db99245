/**
 * Fills a Postgres with a bench world (seed-world.ts, written by seed-fill.ts) after applying the
 * app's migrations: what `npm run db:seed-load` does, and what bench:search and bench:queries do
 * to the throwaway databases they make.
 */
import pg from "pg";
import { migratePostgres } from "@/server/db/connect";
import { fillWorld, type FillResult } from "./seed-fill";
import { buildVocabulary } from "./seed-text";
import { planWorld, type World, type WorldSize } from "./seed-world";

export interface SeedOptions extends WorldSize {
  /** Add to a database that already holds messages (a second world next to the first). */
  append?: boolean;
  log: (line: string) => void;
}

export async function seedDatabase(url: string, options: SeedOptions): Promise<{ world: World; fill: FillResult }> {
  const { log } = options;
  const applied = await migratePostgres(url);
  log(applied.length ? `Applied ${applied.length} migration(s).` : "Migrations: up to date.");
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on("error", () => {});
  try {
    const [existing] = (
      await pool.query<{ messages: string; conversations: number }>(
        `SELECT (SELECT count(*) FROM "Message") AS messages, (SELECT count(*)::int FROM "Conversation") AS conversations`,
      )
    ).rows;
    const messages = Number(existing!.messages);
    if (messages > 0 && !options.append) {
      throw new Error(
        `This database already holds ${messages.toLocaleString("en-GB")} messages. Seeding it would put a second set of ` +
          "bench users and conversations next to them, and the figures of bench:queries would no longer describe a known " +
          "database. Point --database-url at an empty database, or pass --append to add to this one anyway.",
      );
    }
    // Another run's people: a seed and emails of their own, so nothing collides with what is there.
    const run = messages > 0 ? existing!.conversations : 0;
    const vocabulary = buildVocabulary();
    const world = planWorld(options, Date.now(), run);
    log(
      `Filling: ${options.messages.toLocaleString("en-GB")} messages over ${options.conversations.toLocaleString("en-GB")} conversations, ` +
        `${world.customers.length} customers, ${world.artists.length} artists, vocabulary of ${vocabulary.length.toLocaleString("en-GB")} words` +
        `${run ? ` (appended: emails end ".${run}@…")` : ""}…`,
    );
    return { world, fill: await fillWorld(pool, world, vocabulary, log) };
  } finally {
    await pool.end();
  }
}
