/**
 * `npm run db:seed-load -- --conversations 2000 --messages 1000000 [--database-url U] [--append]`:
 * fills the Postgres at --database-url (or DATABASE_URL) with a bench world after applying the
 * migrations (scripts/bench/seed-world.ts says what is in it), and prints how long it took. Every
 * bench account signs in with BENCH_PASSWORD; the busiest user, an artist and the admin are printed.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { positiveInt } from "./bench/flags";
import { loadAverage } from "./bench/machine";
import { seconds } from "./bench/report";
import { seedDatabase } from "./bench/seed-database";
import { BENCH_PASSWORD, checkWorldSize } from "./bench/seed-world";
import { targetDatabaseUrl } from "./bench/target-database";

const USAGE = `Usage: npm run db:seed-load -- [flags]
  --conversations C  conversations (default 2000)
  --messages N       messages spread over them (default 1000000); one conversation of up to 50,000
  --database-url U   the Postgres to fill (default: $DATABASE_URL); migrations are applied first
  --append           add to a database that already holds messages (refused otherwise)`;

interface Options {
  conversations: number;
  messages: number;
  url: string;
  append: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      conversations: { type: "string" },
      messages: { type: "string" },
      "database-url": { type: "string" },
      append: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const size = {
    conversations: positiveInt("conversations", values.conversations, 2_000),
    messages: positiveInt("messages", values.messages, 1_000_000),
  };
  checkWorldSize(size);
  return { ...size, url: targetDatabaseUrl(values["database-url"], "db:seed-load"), append: values.append };
}

async function main() {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n(npm run db:seed-load -- --help lists the flags)`);
    process.exit(2);
  }
  const log = (line: string) => console.log(line);
  const started = performance.now();
  log(`Seeding ${new URL(options.url).pathname.slice(1) || "the database"} (load average ${loadAverage()})…`);
  const { world, fill } = await seedDatabase(options.url, { ...options, log });
  const total = performance.now() - started;
  const busiest = world.conversations[0]!;
  log(
    `Done in ${seconds(total)}: ${fill.messages.toLocaleString("en-GB")} messages, ` +
      `${Math.round(fill.messages / (total / 1000)).toLocaleString("en-GB")} rows/s overall ` +
      `(${fill.messagesPerSecond.toLocaleString("en-GB")} rows/s while inserting messages).`,
  );
  log(`Bench accounts (password "${BENCH_PASSWORD}" for all):`);
  log(`  busiest user  ${busiest.customer.email} (customer, ${world.conversations.filter((c) => c.customer === busiest.customer).length} conversations)`);
  log(`  its artist    ${busiest.artist.email} (the busiest conversation: ${busiest.messages.toLocaleString("en-GB")} messages)`);
  log(`  admin         ${world.admin.email}`);
}

main().catch((error: unknown) => {
  console.error(`Seeding failed: ${(error as Error).message}`);
  process.exit(1);
});
