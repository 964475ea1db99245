import { randomUUID } from "node:crypto";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { isTransient, retryAfterMs } from "@/lib/retry-policy";
import { httpClient, sessionCookie } from "@tests/support/api-server";
import { conversationPair } from "@tests/support/fixtures";
import { databaseForThisFile, limitedApiServerForThisFile } from "@tests/support/test-file";

const { db, bus } = databaseForThisFile();
const server = limitedApiServerForThisFile({ db, bus }, { sendBurst: 3, sendPerSecond: 1 });

describe("message.send is limited per user (a burst, then a steady rate)", () => {
  it("past the burst, a send gets TOO_MANY_REQUESTS (429) with a sentence and retryAfterMs, is not stored, and the browser's policy waits and retries it", async () => {
    const { customer, artist, conversationId } = await conversationPair(db, bus);
    const client = httpClient(server.url, { cookie: await sessionCookie(customer) });
    const clientIds = Array.from({ length: 6 }, () => randomUUID());
    const results = await Promise.allSettled(clientIds.map((clientId, i) => client.message.send.mutate({ conversationId, clientId, text: `hello ${i}` })));

    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    // 3 at once; one more per second (a slow machine may spread the six over two seconds).
    const accepted = results.filter((r) => r.status === "fulfilled").length;
    expect(accepted).toBeGreaterThanOrEqual(3);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const error of refused) {
      expect(error).toBeInstanceOf(TRPCClientError);
      const data = (error as TRPCClientError<never>).data as unknown as { code: string; httpStatus: number; retryAfterMs: number };
      expect({ code: data.code, httpStatus: data.httpStatus }).toEqual({ code: "TOO_MANY_REQUESTS", httpStatus: 429 });
      expect((error as Error).message).toBe("You are sending messages faster than we can take them. Try again in 1 second.");
      expect(data.retryAfterMs).toBeGreaterThan(0);
      expect(data.retryAfterMs).toBeLessThanOrEqual(1000);
      // The outbox's reading of it (src/lib/retry-policy.ts): "later", after the time asked.
      expect(isTransient(error)).toBe(true);
      expect(retryAfterMs(error)).toBe(data.retryAfterMs);
    }

    const stored = await db.prisma.message.count({ where: { conversationId, clientId: { in: clientIds } } });
    expect(stored).toBe(accepted);

    // The other participant is not slowed down by the customer's burst.
    const reply = httpClient(server.url, { cookie: await sessionCookie(artist) });
    await expect(reply.message.send.mutate({ conversationId, clientId: randomUUID(), text: "hi!" })).resolves.toMatchObject({ text: "hi!" });
  });

  it("a caller that asks again at once, ignoring retryAfterMs, is not read from until it may send again", async () => {
    const { customer, conversationId } = await conversationPair(db, bus);
    const cookie = await sessionCookie(customer);
    // One keep-alive connection, as a script would hold it.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const send = () =>
      new Promise<{ status: number; retryAfter: string | undefined; retryAfterMs?: number; answeredAt: number }>((resolve, reject) => {
        const body = JSON.stringify({ json: { conversationId, clientId: randomUUID(), text: "again" } });
        const req = http.request(`${server.url}/api/trpc/message.send`, { method: "POST", agent, headers: { "content-type": "application/json", cookie } }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => {
            const data = (JSON.parse(text) as { error?: { json?: { data?: { retryAfterMs?: number } } } }).error?.json?.data;
            resolve({ status: res.statusCode ?? 0, retryAfter: res.headers["retry-after"], retryAfterMs: data?.retryAfterMs, answeredAt: performance.now() });
          });
        });
        req.on("error", reject);
        req.end(body);
      });
    try {
      let refused = await send();
      for (let i = 0; refused.status === 200 && i < 10; i++) refused = await send();
      expect(refused).toMatchObject({ status: 429, retryAfter: "1" });
      const next = await send();
      expect(next.answeredAt - refused.answeredAt).toBeGreaterThanOrEqual(refused.retryAfterMs! - 5);
    } finally {
      agent.destroy();
    }
  });
});
