import { describe, expect, it } from "vitest";
import { connectDatabase, type Database } from "@/server/db/connect";
import { createThrowawayDatabase } from "@tests/support/database";
import { DEFAULT_TUNING, DELIVERY_QUEUE, NOTICE_QUEUE, openPushQueue } from "./queue";

describe("the push queue", () => {
  // Several app processes start at once on a new database (a deployment's first start): each
  // creates the queues, and Postgres aborts the losers of that race with a deadlock.
  it.skipIf(!process.env.TEST_DATABASE_URL)("opens in four processes starting together on a new database", async () => {
    const throwaway = await createThrowawayDatabase(process.env.TEST_DATABASE_URL!, "test");
    const processes: Database[] = [];
    try {
      for (let i = 0; i < 4; i++) processes.push(await connectDatabase({ kind: "postgres", url: throwaway.url, poolSize: 4 }));
      const errors: Error[] = [];
      const bosses = await Promise.all(processes.map((db) => openPushQueue(db, DEFAULT_TUNING, (error) => errors.push(error))));
      try {
        for (const boss of bosses) {
          expect(await boss.getQueue(NOTICE_QUEUE)).toMatchObject({ name: NOTICE_QUEUE });
          expect(await boss.getQueue(DELIVERY_QUEUE)).toMatchObject({ name: DELIVERY_QUEUE });
        }
      } finally {
        await Promise.all(bosses.map((boss) => boss.stop({ graceful: false, close: false, wait: true })));
      }
    } finally {
      for (const db of processes) await db.close();
      await throwaway.drop();
    }
  }, 120_000);
});
