import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Limits } from "@/server/limits";
import { installTestSessionSecret, sessionCookie, startApiServer, type TestApiServer } from "@tests/support/api-server";
import { conversationPair } from "@tests/support/fixtures";
import { photo } from "@tests/support/images";
import { limitsInRedis, uniqueKeyPrefix } from "@tests/support/limits";
import { databaseForThisFile } from "@tests/support/test-file";

installTestSessionSecret();
const { db, bus } = databaseForThisFile();
const opened: { close(): Promise<void> }[] = [];
let servers: TestApiServer[];

beforeAll(async () => {
  // Two app processes (each its own limits, its own Redis connection) counting in the same Redis.
  const prefix = uniqueKeyPrefix();
  const limits: Limits[] = await Promise.all([limitsInRedis({ uploadsPerHour: 120 }, prefix), limitsInRedis({ uploadsPerHour: 120 }, prefix)]);
  servers = await Promise.all(limits.map((l) => startApiServer({ db, bus, limits: l })));
  opened.push(...servers, ...limits);
});
afterAll(async () => {
  for (const thing of opened) await thing.close();
});

describe("photo uploads are limited per user, across processes", () => {
  it("160 uploads at once from one user, split over two processes, store exactly 120; the rest get 429 with a sentence and Retry-After", async () => {
    const { customer, conversationId } = await conversationPair(db, bus);
    const cookie = await sessionCookie(customer);
    const bytes = await photo(16, 16, "png");
    const answers = await Promise.all(
      Array.from({ length: 160 }, async (_, i) => {
        const body = new FormData();
        body.append("file", new Blob([new Uint8Array(bytes)], { type: "image/png" }), "photo.png");
        const response = await fetch(`${servers[i % 2]!.url}/api/uploads?conversationId=${conversationId}`, { method: "POST", body, headers: { cookie } });
        return { status: response.status, retryAfter: response.headers.get("retry-after"), body: (await response.json()) as { error?: string } };
      }),
    );

    const statuses = answers.reduce<Record<number, number>>((count, a) => ({ ...count, [a.status]: (count[a.status] ?? 0) + 1 }), {});
    expect(statuses).toEqual({ 201: 120, 429: 40 });
    for (const refused of answers.filter((a) => a.status === 429)) {
      expect(refused.body).toEqual({ error: "You have uploaded a lot of photos in the last hour. Try again in 60 minutes." });
      expect(Number(refused.retryAfter)).toBeGreaterThan(3500);
    }
    expect(await db.prisma.upload.count({ where: { uploaderId: customer.id } })).toBe(120);
  });
});
