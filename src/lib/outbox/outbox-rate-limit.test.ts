import { describe, expect, it, vi } from "vitest";
import { RateLimitedError } from "@/server/services/errors";
import { httpClient, sessionCookie } from "@tests/support/api-server";
import { conversationPair } from "@tests/support/fixtures";
import { databaseForThisFile, limitedApiServerForThisFile } from "@tests/support/test-file";
import { sleep, waitFor } from "@tests/support/wait";
import { Outbox } from "./outbox";
import { stored } from "@tests/support/memory-outbox-store";

// The outbox's IndexedDB, in memory (Node has none); the rest runs as in the browser, against the
// real server and its real send limit.
vi.mock("./idb", () => import("@tests/support/memory-outbox-store"));

const { db, bus } = databaseForThisFile();
const server = limitedApiServerForThisFile({ db, bus }, { sendBurst: 2, sendPerSecond: 1 });

async function spendUntilRefused(userId: string): Promise<void> {
  for (;;) {
    try {
      await server.limits.send.take(userId);
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      if (error.retryAfterMs >= 500) return;
      await sleep(error.retryAfterMs);
    }
  }
}

describe("the outbox against the server's send limit", () => {
  it("messages written faster than the limit wait and go out, each once and in order; none is ever marked failed", async () => {
    const { customer, conversationId } = await conversationPair(db, bus);
    const client = httpClient(server.url, { cookie: await sessionCookie(customer) });
    const refusals: string[] = [];
    const outbox = new Outbox(customer.id, async (entry) => {
      try {
        return await client.message.send.mutate({ conversationId: entry.conversationId, clientId: entry.clientId, text: entry.text });
      } catch (error) {
        refusals.push((error as Error).message);
        throw error;
      }
    });
    const failed: string[] = [];
    outbox.onChange(() => failed.push(...outbox.snapshot().filter((e) => e.status === "failed").map((e) => e.text)));
    try {
      // The user has just spent their burst, with at least half a second of the window left, so
      // the outbox's first send is refused however slow this machine is.
      await spendUntilRefused(customer.id);
      const texts = Array.from({ length: 5 }, (_, i) => `message ${i + 1}`);
      for (const text of texts) await outbox.enqueue({ clientId: crypto.randomUUID(), conversationId, text, photos: [] });
      await waitFor(async () => stored.size === 0, "the outbox to empty", { timeoutMs: 20_000, describe: () => JSON.stringify([...stored.values()]) });

      expect(failed).toEqual([]);
      expect(refusals.length, "sends refused by the limit along the way").toBeGreaterThan(0);
      expect(new Set(refusals)).toEqual(new Set(["You are sending messages faster than we can take them. Try again in 1 second."]));
      const messages = await db.prisma.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" }, select: { text: true } });
      expect(messages.map((m) => m.text)).toEqual(texts);
    } finally {
      outbox.close();
    }
  });
});
