import { randomUUID } from "node:crypto";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import { describe, expect, it } from "vitest";
import type { AppRouter } from "@/server/routers/root";
import { sessionCookie } from "@tests/support/api-server";
import { conversationPair } from "@tests/support/fixtures";
import { GENEROUS_LIMITS } from "@tests/support/limits";
import { createLimits } from "@/server/limits";
import { apiServerForThisFile, databaseForThisFile } from "@tests/support/test-file";

const { db, bus } = databaseForThisFile();
const server = apiServerForThisFile({ db, bus, limits: createLimits({ ...GENEROUS_LIMITS, maxBatchSize: 10 }) });

/** The browser's client: calls made in the same tick go out as one HTTP batch. */
function batchingClient(cookie: string) {
  return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: `${server.url}/api/trpc`, transformer: superjson, headers: { cookie } })] });
}

describe("a tRPC HTTP batch holds at most MAX_BATCH_SIZE calls", () => {
  it("a batch of 11 sends gets HTTP 400 with a sentence for every call, and none of them runs", async () => {
    const { customer, conversationId } = await conversationPair(db, bus);
    const client = batchingClient(await sessionCookie(customer));
    const results = await Promise.allSettled(
      Array.from({ length: 11 }, (_, i) => client.message.send.mutate({ conversationId, clientId: randomUUID(), text: `batched ${i}` })),
    );
    for (const result of results) {
      expect(result.status).toBe("rejected");
      const error = (result as PromiseRejectedResult).reason as TRPCClientError<AppRouter>;
      expect(error).toBeInstanceOf(TRPCClientError);
      expect(error.message).toBe("One request may hold at most 10 calls; this one holds 11. Send them in smaller batches.");
      expect(error.data).toMatchObject({ code: "BAD_REQUEST", httpStatus: 400 });
      expect((error.meta as { response?: Response }).response?.status).toBe(400);
    }
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(0);
  });

  it("a batch of 10 runs", async () => {
    const { customer, conversationId } = await conversationPair(db, bus);
    const client = batchingClient(await sessionCookie(customer));
    const sent = await Promise.all(
      Array.from({ length: 10 }, (_, i) => client.message.send.mutate({ conversationId, clientId: randomUUID(), text: `batched ${i}` })),
    );
    expect(sent).toHaveLength(10);
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(10);
  });
});
