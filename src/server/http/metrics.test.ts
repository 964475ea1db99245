import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpClient, installTestSessionSecret, sessionCookie, startApiServer, type TestApiServer } from "@tests/support/api-server";
import { conversationPair, type TestUser } from "@tests/support/fixtures";
import { MessageSubscription } from "@tests/support/message-subscription";
import { databaseForThisFile } from "@tests/support/test-file";
import { createMetrics } from "@/server/metrics/metrics";
import { METRICS_PATH } from "./metrics";

installTestSessionSecret();
const { db, bus } = databaseForThisFile();
const TOKEN = "metrics-test-token-0123456789";
let server: TestApiServer;
let off: TestApiServer;

beforeAll(async () => {
  server = await startApiServer({ db, bus, metricsToken: TOKEN, metrics: createMetrics({ processMetrics: true }) });
  off = await startApiServer({ db, bus });
});
afterAll(async () => {
  await server?.close();
  await off?.close();
});

const scrape = async (headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) => fetch(`${server.url}${METRICS_PATH}`, { headers });

/** The value of one sample of the Prometheus text, e.g. `glow_messages_sent_total{kind="TEXT"}`; 0 when absent. */
async function sample(name: string): Promise<number> {
  const text = await (await scrape()).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : 0;
}

const as = async (user: TestUser) => httpClient(server.url, { cookie: await sessionCookie(user) });

describe("GET /api/metrics", () => {
  it("serves Prometheus text to the bearer of METRICS_TOKEN", async () => {
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of ["glow_open_sockets", "glow_active_subscriptions", "glow_messages_sent_total", "glow_delivery_latency_seconds", "glow_trpc_calls_total", "glow_db_pool_connections", "glow_process_resident_memory_bytes"]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
  });

  it("answers 401 without the token or with another, and 404 where METRICS_TOKEN is unset", async () => {
    expect((await scrape({})).status).toBe(401);
    const wrong = await scrape({ authorization: "Bearer not-the-token-at-all-no" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    expect(await wrong.text()).toBe("Send Authorization: Bearer <METRICS_TOKEN>.\n");
    expect((await scrape({ authorization: TOKEN })).status).toBe(401);
    const disabled = await fetch(`${off.url}${METRICS_PATH}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(disabled.status).toBe(404);
    expect(await disabled.text()).toBe("Metrics are off: set METRICS_TOKEN to serve them here.\n");
  });

  it("counts sockets, subscriptions, messages by kind, their delivery and tRPC calls by result", async () => {
    const { customer, artist, conversationId } = await conversationPair(db, bus);
    const before = {
      sent: await sample('glow_messages_sent_total{kind="TEXT"}'),
      delivered: await sample("glow_delivery_latency_seconds_count"),
      ok: await sample('glow_trpc_calls_total{procedure="message.send",type="mutation",code="OK"}'),
      notFound: await sample('glow_trpc_calls_total{procedure="message.send",type="mutation",code="NOT_FOUND"}'),
    };
    const subscription = new MessageSubscription(server.wsUrl, { cookie: await sessionCookie(artist) }, { conversationId });
    try {
      await subscription.started();
      expect(await sample("glow_open_sockets")).toBe(1);
      expect(await sample("glow_active_subscriptions")).toBe(1);

      const customerClient = await as(customer);
      await customerClient.message.send.mutate({ conversationId, clientId: randomUUID(), text: "Counted" });
      await subscription.delivered(1);
      await expect(customerClient.message.send.mutate({ conversationId: "cnosuchrow000000000000000", clientId: randomUUID(), text: "Nowhere" })).rejects.toThrow();

      expect(await sample('glow_messages_sent_total{kind="TEXT"}')).toBe(before.sent + 1);
      expect(await sample("glow_delivery_latency_seconds_count")).toBe(before.delivered + 1);
      expect(await sample('glow_trpc_calls_total{procedure="message.send",type="mutation",code="OK"}')).toBe(before.ok + 1);
      expect(await sample('glow_trpc_calls_total{procedure="message.send",type="mutation",code="NOT_FOUND"}')).toBe(before.notFound + 1);
    } finally {
      await subscription.close();
    }
    await expect.poll(() => sample("glow_active_subscriptions")).toBe(0);
    await expect.poll(() => sample("glow_open_sockets")).toBe(0);
  });
});
