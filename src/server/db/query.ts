import type { Database } from "./connect";

/**
 * One SQL statement with `$1…$n` parameters, answered with its rows. A `name` makes it a prepared
 * statement on each Postgres connection: parsed and planned once per connection rather than per
 * call, which matters for a statement over the partitioned Message (planning it considers every
 * month's partition and indexes). The same name must always go with the same text.
 */
export type SqlQuery = <Row>(text: string, params: unknown[], name?: string) => Promise<Row[]>;

/**
 * The database's own driver as a SqlQuery, for the hot statements the app writes in SQL itself
 * (the send, src/server/services/send-statement.ts): straight to the pg pool or PGlite, without
 * Prisma's request pipeline. A Database without a driver goes through Prisma's raw query.
 *
 * Rows come as the driver gives them: callers read only text, numbers, booleans and json, which
 * every driver returns alike (timestamps differ: pg reads a `timestamp` as local time).
 */
export function sqlQueryOf(db: Database): SqlQuery {
  let query = made.get(db);
  if (!query) made.set(db, (query = make(db)));
  return query;
}

/** One per database: contexts are made per call. */
const made = new WeakMap<Database, SqlQuery>();

function make(db: Database): SqlQuery {
  const driver = db.driver;
  if (driver?.kind === "postgres") {
    return async <Row>(text: string, params: unknown[], name?: string) =>
      (await driver.pool.query(name ? { name, text, values: params } : { text, values: params })).rows as Row[];
  }
  if (driver?.kind === "pglite") return async <Row>(text: string, params: unknown[]) => (await driver.client.query<Row>(text, params)).rows;
  return <Row>(text: string, params: unknown[]) => db.prisma.$queryRawUnsafe<Row[]>(text, ...params);
}
