/** `npm run db:seed`: creates the demo accounts listed in the README if they are missing. */
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoAccounts } from "../prisma/seed";
import { EnvError } from "@/env";
import { openDatabase } from "@/server/db/open";

async function main() {
  const db = await openDatabase();
  const created = await seedDemoAccounts(db.prisma);
  console.log(`${created} demo account(s) created. Logins (password "${DEMO_PASSWORD}"):`);
  for (const account of DEMO_ACCOUNTS) console.log(`  ${account.role.padEnd(8)} ${account.email}`);
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : `Seeding failed: ${(error as Error).message}`);
  process.exit(1);
});
