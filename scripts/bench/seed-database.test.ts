import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/server/services/passwords";
import { createThrowawayDatabase, type ThrowawayDatabase } from "@tests/support/database";
import { seedDatabase } from "./seed-database";
import { BENCH_PASSWORD, type World } from "./seed-world";

// db:seed-load refuses the embedded PGlite (it is not for a million rows), so this needs the
// Postgres that TEST_DATABASE_URL names, as CI sets it.
const adminUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!adminUrl)("db:seed-load's data (Postgres)", () => {
  const size = { conversations: 100, messages: 10_000 };
  let throwaway: ThrowawayDatabase;
  let pool: pg.Pool;
  let world: World;
  const rows = async <Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await pool.query<Row>(sql, params)).rows;

  beforeAll(async () => {
    throwaway = await createThrowawayDatabase(adminUrl!, "test");
    ({ world } = await seedDatabase(throwaway.url, { ...size, log: () => {} }));
    pool = new pg.Pool({ connectionString: throwaway.url, max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await throwaway?.drop();
  });

  it("holds the messages asked for, each conversation's seq gap-free from 1 to its lastSeq", async () => {
    const conversations = await rows<{ lastSeq: number; n: number; first: number; last: number; distinct: number }>(
      `SELECT c."lastSeq", count(m.*)::int AS n, min(m.seq) AS first, max(m.seq) AS last, count(DISTINCT m.seq)::int AS distinct
         FROM "Conversation" c LEFT JOIN "Message" m ON m."conversationId" = c.id GROUP BY c.id`,
    );
    expect(conversations).toHaveLength(size.conversations);
    expect(conversations.reduce((sum, c) => sum + c.n, 0)).toBe(size.messages);
    for (const c of conversations) {
      expect(c.n).toBeGreaterThanOrEqual(2);
      expect({ first: c.first, last: c.last, distinct: c.distinct }).toEqual({ first: 1, last: c.n, distinct: c.n });
      expect(c.lastSeq).toBe(c.last);
    }
  });

  it("has one busiest conversation (a fifth of the messages, up to 50,000) whose customer is in more conversations than any other customer", async () => {
    const [longest] = await rows<{ id: string; lastSeq: number; customerId: string }>(
      `SELECT id, "lastSeq", "customerId" FROM "Conversation" ORDER BY "lastSeq" DESC LIMIT 2`,
    );
    expect(longest).toEqual({ id: world.conversations[0]!.id, lastSeq: 2_000, customerId: world.customers[0]!.id });
    const customers = await rows<{ customerId: string; n: number }>(
      `SELECT "customerId", count(*)::int AS n FROM "Conversation" GROUP BY 1 ORDER BY 2 DESC LIMIT 2`,
    );
    expect(customers[0]).toEqual({ customerId: longest!.customerId, n: 5 });
    expect(customers[1]!.n).toBeLessThan(5);
  });

  it("leaves the busiest user with unread messages: 500 in the busiest conversation and some in others, none of them their own", async () => {
    const busiest = world.conversations[0]!;
    const behind = await rows<{ conversationId: string; unread: number }>(
      `SELECT p."conversationId", c."lastSeq" - p."lastReadSeq" AS unread
         FROM "Participant" p JOIN "Conversation" c ON c.id = p."conversationId"
        WHERE p."userId" = $1 AND p."lastReadSeq" < c."lastSeq"`,
      [busiest.customer.id],
    );
    expect(behind.find((p) => p.conversationId === busiest.id)?.unread).toBe(500);
    expect(behind.length).toBeGreaterThan(1);
    const [ownUnread] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Message" m JOIN "Participant" p ON p."conversationId" = m."conversationId" AND p."userId" = m."senderId"
        WHERE m.seq > p."lastReadSeq"`,
    );
    expect(ownUnread!.n).toBe(0);
    const [others] = await rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Participant" p JOIN "Conversation" c ON c.id = p."conversationId"
        WHERE p."userId" <> $1 AND p."lastReadSeq" < c."lastSeq"`,
      [busiest.customer.id],
    );
    expect(others!.n).toBeGreaterThan(0);
  });

  it("dates messages over the last 14 months, older for lower seq, so a one-year retention has whole months to drop", async () => {
    // createdAt is a UTC timestamp without a zone, as Prisma writes it.
    const [span] = await rows<{ oldestDays: number; newestDays: number; inExpiredMonths: number; outOfOrder: number }>(
      `SELECT (extract(epoch FROM (now() AT TIME ZONE 'UTC') - min("createdAt")) / 86400)::float8 AS "oldestDays",
              (extract(epoch FROM (now() AT TIME ZONE 'UTC') - max("createdAt")) / 86400)::float8 AS "newestDays",
              count(*) FILTER (WHERE "createdAt" < date_trunc('month', (now() AT TIME ZONE 'UTC') - interval '365 days'))::int AS "inExpiredMonths",
              (SELECT count(*)::int FROM (SELECT "createdAt" < lag("createdAt") OVER (PARTITION BY "conversationId" ORDER BY seq) AS back
                                            FROM "Message") s WHERE back) AS "outOfOrder"
         FROM "Message"`,
    );
    expect(span!.oldestDays).toBeGreaterThan(420);
    expect(span!.oldestDays).toBeLessThan(430);
    expect(span!.newestDays).toBeLessThan(1);
    expect(span!.inExpiredMonths).toBeGreaterThan(size.messages / 100);
    expect(span!.outOfOrder).toBe(0);
  });

  it("lets every bench account sign in with the bench password", async () => {
    const users = await rows<{ passwordHash: string }>(`SELECT DISTINCT "passwordHash" FROM "User"`);
    expect(users).toHaveLength(1);
    expect(await verifyPassword(BENCH_PASSWORD, users[0]!.passwordHash)).toBe(true);
    expect(await verifyPassword("not-the-bench-password", users[0]!.passwordHash)).toBe(false);
  });

  it("refuses to seed a database that already holds messages, and adds a second world with --append", async () => {
    await expect(seedDatabase(throwaway.url, { conversations: 20, messages: 400, log: () => {} })).rejects.toThrow(
      /already holds 10,000 messages.*--append/,
    );
    expect((await rows<{ n: number }>(`SELECT count(*)::int AS n FROM "Message"`))[0]!.n).toBe(size.messages);

    const { world: second } = await seedDatabase(throwaway.url, { conversations: 20, messages: 400, append: true, log: () => {} });
    expect(second.admin.email).toBe(`support.${size.conversations}@glow.example`);
    const [after] = await rows<{ messages: number; users: number; emails: number }>(
      `SELECT (SELECT count(*)::int FROM "Message") AS messages, (SELECT count(*)::int FROM "User") AS users,
              (SELECT count(DISTINCT email)::int FROM "User") AS emails`,
    );
    expect(after).toEqual({ messages: size.messages + 400, users: world.users.length + second.users.length, emails: world.users.length + second.users.length });
  });
});
