/** The database db:seed-load and bench:queries work on: --database-url, else DATABASE_URL; a real Postgres. */

export function targetDatabaseUrl(flag: string | undefined, command: string): string {
  const url = flag || process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      `${command} needs a Postgres database: pass --database-url postgres://… or set DATABASE_URL. ` +
        "(Without it the app uses the embedded PGlite, which is not made for a million rows.)",
    );
  }
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error(`The database URL is not a URL: expected postgres://user@host:port/database.`);
  }
  if (protocol !== "postgres:" && protocol !== "postgresql:") {
    throw new Error(`${command} works on Postgres only (a postgres:// or postgresql:// URL), not ${protocol}//…`);
  }
  return url;
}
