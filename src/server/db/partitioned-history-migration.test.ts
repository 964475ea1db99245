// An existing database (every migration before partitioned_history, with data in it) takes the
// migration that partitions Message and AuditEntry without losing or changing a row.
import { describe, expect, it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createThrowawayDatabase } from "@tests/support/database";
import { pgliteRunner, pgRunner } from "./connect";
import { applyMigrations, readMigrations, type SqlRunner } from "./migrations";

const PARTITIONING = "20261124130000_partitioned_history";

async function withDatabase(work: (db: SqlRunner) => Promise<void>): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const client = new PGlite();
    try {
      return await work(pgliteRunner(client));
    } finally {
      await client.close();
    }
  }
  const throwaway = await createThrowawayDatabase(adminUrl, "test");
  const client = new pg.Client({ connectionString: throwaway.url });
  await client.connect();
  try {
    await work(pgRunner(client));
  } finally {
    await client.end();
    await throwaway.drop();
  }
}

const MESSAGE_COLUMNS = `"id", "conversationId", "seq", "senderId", "kind", "text", "clientId", "createdAt", "bookingId", "contactDetailsHidden", "originalText", "removedAt", "actorId", "deletedAt"`;

describe("the partitioned_history migration", () => {
  it("moves every message, audit entry and link across, each into its month", async () => {
    await withDatabase(async (db) => {
      const all = readMigrations();
      const at = all.findIndex((m) => m.name === PARTITIONING);
      expect(at).toBeGreaterThan(0);
      await applyMigrations(db, all.slice(0, at));

      await db.exec(`
        INSERT INTO "User" ("id", "email", "name", "role", "passwordHash") VALUES
          ('u_customer', 'c@example.test', 'Cara', 'CUSTOMER', 'x'), ('u_artist', 'a@example.test', 'Ari', 'ARTIST', 'x');
        INSERT INTO "Conversation" ("id", "customerId", "artistId", "lastSeq") VALUES ('c1', 'u_customer', 'u_artist', 3);
        INSERT INTO "Message" ("id", "conversationId", "seq", "senderId", "kind", "text", "clientId", "createdAt", "originalText", "contactDetailsHidden") VALUES
          ('m1', 'c1', 1, 'u_customer', 'TEXT', 'from 2024', 'k1', '2024-03-31 23:59:59.999', NULL, false),
          ('m2', 'c1', 2, 'u_artist', 'IMAGE', '', 'k2', '2024-04-01 00:00:00', NULL, false),
          ('m3', 'c1', 3, 'u_customer', 'TEXT', 'call me on [hidden]', 'k3', now(), 'call me on 07700 900123', true);
        INSERT INTO "Upload" ("id", "conversationId", "uploaderId", "messageId", "storage", "fullKey", "thumbKey", "mime", "width", "height", "thumbMime", "thumbWidth", "thumbHeight", "bytes")
          VALUES ('up1', 'c1', 'u_artist', 'm2', 'local', 'f', 't', 'image/jpeg', 1, 1, 'image/jpeg', 1, 1, 1);
        INSERT INTO "Report" ("id", "reporterId", "reason", "messageId", "messageSnapshot") VALUES ('r1', 'u_artist', 'SPAM', 'm3', '{"text": "call me"}');
        INSERT INTO "AuditEntry" ("id", "adminId", "adminEmail", "action", "targetType", "createdAt") VALUES
          ('a1', 'adm', 'admin@example.test', 'conversation.view', 'conversation', '2023-12-01 10:00:00'),
          ('a2', 'adm', 'admin@example.test', 'report.resolve', 'report', now());
      `);
      const before = await db.query(`SELECT ${MESSAGE_COLUMNS} FROM "Message" ORDER BY "id"`);
      const auditBefore = await db.query(`SELECT * FROM "AuditEntry" ORDER BY "id"`);

      expect(await applyMigrations(db, all.slice(0, at + 1))).toEqual([PARTITIONING]);

      expect(await db.query(`SELECT ${MESSAGE_COLUMNS} FROM "Message" ORDER BY "id"`)).toEqual(before);
      expect(await db.query(`SELECT * FROM "AuditEntry" ORDER BY "id"`)).toEqual(auditBefore);
      const homes = await db.query<{ id: string; partition: string }>(
        `SELECT m."id", c.relname AS partition FROM "Message" m JOIN pg_class c ON c.oid = m.tableoid ORDER BY m."id"`,
      );
      expect(homes.slice(0, 2)).toEqual([
        { id: "m1", partition: "Message_2024_03" },
        { id: "m2", partition: "Message_2024_04" },
      ]);
      expect(homes[2]!.partition).toMatch(/^Message_\d{4}_\d{2}$/);
      // The links the dropped foreign keys guarded are intact, and a deletion still unlinks them.
      expect(await db.query(`SELECT "messageId" FROM "Upload" WHERE "id" = 'up1'`)).toEqual([{ messageId: "m2" }]);
      await db.exec(`DELETE FROM "Message" WHERE "id" IN ('m2', 'm3')`);
      expect(await db.query(`SELECT "messageId" FROM "Upload" WHERE "id" = 'up1'`)).toEqual([{ messageId: null }]);
      expect(await db.query(`SELECT "messageId", "messageSnapshot" FROM "Report" WHERE "id" = 'r1'`)).toEqual([
        { messageId: null, messageSnapshot: { text: "call me" } },
      ]);
      // The audit trail is still append-only.
      await expect(db.exec(`UPDATE "AuditEntry" SET "reason" = 'x'`)).rejects.toThrow(/append-only/);
    });
  }, 120_000);
});
