import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMessages } from "@/server/services/messages";
import { createThrowawayDatabase, type ThrowawayDatabase } from "@tests/support/database";
import { benchPrisma } from "./bench-database";
import { Cleanup } from "./cleanup";
import { emptyPartitions, explainStatements, messageRelations, seqScannedRelations, settingsInForce } from "./query-plans";
import { seedDatabase } from "./seed-database";
import type { World } from "./seed-world";
import type { CapturedStatement } from "./sql-capture";

describe("bench:queries' plan check", () => {
  it("finds a sequential scan of Message or of one of its partitions, and of nothing else", () => {
    const relations = new Set(["Message", "Message_2026_01", "Message_p2026_02"]);
    const plan = [
      "Limit  (cost=0.29..8.31 rows=1 width=8)",
      '  ->  Seq Scan on "Message_2026_01" m_1  (cost=0.00..1.01 rows=1 width=8)',
      '  ->  Parallel Seq Scan on "Message_p2026_02" m_2  (cost=0.00..1.01 rows=1 width=8)',
      '  ->  Seq Scan on "MessageArchive" a  (cost=0.00..1.01 rows=1 width=8)',
      '  ->  Index Scan using "Message_conversationId_seq_key" on "Message" m  (cost=0.29..8.31 rows=1 width=8)',
      '  ->  Seq Scan on "Conversation" c  (cost=0.00..1.01 rows=1 width=8)',
    ];
    expect(seqScannedRelations(plan, relations)).toEqual(["Message_2026_01", "Message_p2026_02"]);
    expect(seqScannedRelations(['Seq Scan on "Message" m'], relations)).toEqual(["Message"]);
    expect(seqScannedRelations(plan.filter((l) => !l.includes("Seq Scan on \"Message_")), relations)).toEqual([]);
  });

  it("replays the SET LOCALs of a statement's own transaction, not those of another connection or an ended transaction", () => {
    const s = (connection: number, text: string): CapturedStatement => ({ connection, text, values: [] });
    const statements = [
      s(1, "BEGIN"),
      s(1, "SET LOCAL enable_seqscan = off"),
      s(1, "SELECT 1"),
      s(1, "COMMIT"),
      s(1, "SELECT 2"),
      s(2, "BEGIN"),
      s(1, "SET LOCAL jit = off"),
      s(2, "SET LOCAL enable_bitmapscan = off"),
      s(2, "SET LOCAL jit = off"),
      s(2, "SELECT 3"),
    ];
    expect(settingsInForce(statements, 2)).toEqual(["SET LOCAL enable_seqscan = off"]);
    expect(settingsInForce(statements, 4)).toEqual([]);
    expect(settingsInForce(statements, 9)).toEqual(["SET LOCAL enable_bitmapscan = off", "SET LOCAL jit = off"]);
  });

  const adminUrl = process.env.TEST_DATABASE_URL;
  describe.skipIf(!adminUrl)("on a seeded Postgres", () => {
    let throwaway: ThrowawayDatabase;
    let world: World;
    const cleanup = new Cleanup();

    beforeAll(async () => {
      throwaway = await createThrowawayDatabase(adminUrl!, "test");
      cleanup.add("dropping the database", () => throwaway.drop());
      ({ world } = await seedDatabase(throwaway.url, { conversations: 20, messages: 4_000, log: () => {} }));
    });

    afterAll(() => cleanup.runAll(() => {}));

    it("passes the history page's captured statements as they run, and flags them once index scans are forced off", async () => {
      const { pool, prisma, capture } = benchPrisma(throwaway.url, cleanup);
      const busiest = world.conversations[0]!;
      const { statements } = await capture.record(() =>
        listMessages(prisma, busiest.customer.id, { conversationId: busiest.id, beforeSeq: Math.floor(busiest.messages / 2), limit: 50 }),
      );
      const pageStatement = statements.filter((s) => /FROM "public"\."Message"/.test(s.text));
      expect(pageStatement).toHaveLength(1);
      const relations = await messageRelations(pool);
      expect(relations).toContain("Message");

      const asRun = await explainStatements(pool, pageStatement, relations, ["SET LOCAL enable_seqscan = off"]);
      expect(asRun).toHaveLength(1);
      expect(asRun[0]!.analyzed).toBe(true);
      expect(asRun[0]!.messageSeqScans).toEqual([]);
      // On the partitioned table each month's copy of the (conversationId, seq) index is named after its partition.
      expect(asRun[0]!.indexes.some((name) => /conversationId_seq/.test(name)), asRun[0]!.indexes.join(", ")).toBe(true);

      const forced = await explainStatements(pool, pageStatement, relations, [
        "SET LOCAL enable_indexscan = off",
        "SET LOCAL enable_bitmapscan = off",
        "SET LOCAL enable_indexonlyscan = off",
      ]);
      // Message is partitioned by month: the forced plan reads every month's partition in full.
      expect(forced[0]!.messageSeqScans.length).toBeGreaterThan(0);
      expect(forced[0]!.messageSeqScans.every((name) => /^Message_(\d{4}_\d{2}|default)$/.test(name)), forced[0]!.messageSeqScans.join(", ")).toBe(true);
      expect(forced[0]!.lines.join("\n")).toMatch(/Seq Scan on "Message_/);
    });

    it("counts a partition's sequential scan as one of Message's once Message is partitioned", async () => {
      const partitioned = await createThrowawayDatabase(adminUrl!, "test");
      cleanup.add("dropping the partitioned database", () => partitioned.drop());
      const { pool } = benchPrisma(partitioned.url, cleanup);
      await pool.query(`CREATE TABLE "Message" (id text, "createdAt" timestamp(3) NOT NULL) PARTITION BY RANGE ("createdAt")`);
      await pool.query(`CREATE TABLE "Message_2026_10" PARTITION OF "Message" FOR VALUES FROM ('2026-10-01') TO ('2026-11-01')`);
      await pool.query(`CREATE TABLE "Message_2026_11" PARTITION OF "Message" FOR VALUES FROM ('2026-11-01') TO ('2026-12-01')`);
      const relations = await messageRelations(pool);
      expect([...relations].sort()).toEqual(["Message", "Message_2026_10", "Message_2026_11"]);
      expect(await emptyPartitions(pool, relations)).toEqual(["Message_2026_10", "Message_2026_11"]);
      await pool.query(`INSERT INTO "Message" VALUES ('m1', '2026-11-05')`);
      expect(await emptyPartitions(pool, relations)).toEqual(["Message_2026_10"]);
      const statement: CapturedStatement = { connection: 1, text: `SELECT id FROM "Message" WHERE "createdAt" >= $1`, values: ["2026-11-05"] };
      const [plan] = await explainStatements(pool, [statement], relations);
      expect(plan!.messageSeqScans).toEqual(["Message_2026_11"]);
    });
  });
});
