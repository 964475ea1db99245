import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgres } from "@/server/db/connect";
import { releaseAll } from "./harness/cleanup";
import {
  createConversation,
  expectExactlyOnce,
  liveConversation,
  MessageStream,
  readStored,
  sendWithRetry,
  settle,
  Subscriber,
  type Conversation,
} from "./harness/clients";
import { showLogsOnFailure, type Cluster } from "./harness/cluster";
import { PostgresCuttingProxy } from "./harness/pg-proxy";
import { AppProcess, startApps } from "./harness/processes";
import { createTrackedDatabase, SHARED_ADMIN_URL } from "./harness/postgres";
import { PrivateRedis } from "./harness/redis";
import { TcpProxy } from "./harness/tcp-proxy";
import { summarize } from "@tests/support/message-subscription";
import { waitFor } from "@tests/support/wait";

/**
 * Two failures the other files do not reach, each of which leaves a stored message undelivered to
 * a live subscription on another process — until they were fixed — without a later message:
 *
 * 1. A send commits, but the connection is lost before the app hears the COMMIT answer; the
 *    client's retry (same clientId) gets the stored message back. The retry announces it again.
 * 2. Only the sending process loses Redis (a partition between A and Redis); B and its subscriber
 *    stay connected, so B never resyncs on its own. When A's publisher is back, A sends a resync
 *    on every channel it could not publish to.
 *
 * A reaches Postgres through a proxy that can cut a connection right after a COMMIT is answered, and
 * Redis through a proxy that can partition it; B talks to both directly.
 */

let cluster: Cluster | undefined;
let pgProxy: PostgresCuttingProxy;
let redisProxy: TcpProxy;
let A: AppProcess;
let B: AppProcess;

/** Deadline for a delivery that should come from a send that already happened (normally ms). */
const LIVE_DELIVERY_DEADLINE_MS = 5000;

beforeAll(async () => {
  const database = await createTrackedDatabase();
  await migratePostgres(database.url);
  const redis = await PrivateRedis.start();
  const shared = new URL(SHARED_ADMIN_URL);
  pgProxy = await PostgresCuttingProxy.start({ host: shared.hostname, port: Number(shared.port || 5432) });
  redisProxy = await TcpProxy.start({ host: "127.0.0.1", port: redis.port });
  cluster = { database, redis, postgres: null, apps: [] };
  cluster.apps = await startApps([
    { name: "A", databaseUrl: pgProxy.urlFor(database.url), redisUrl: `redis://127.0.0.1:${redisProxy.port}` },
    { name: "B", databaseUrl: database.url, redisUrl: redis.url },
  ]);
  [A, B] = cluster.apps as [AppProcess, AppProcess];
});

afterAll(async () => {
  await releaseAll();
});

describe("a send committed but not acknowledged (A's connection cut right after the commit is answered)", () => {
  let conversation: Conversation;
  let subscriber: Subscriber;

  it("the retry with the same clientId returns the stored message, stored once", async () => {
    showLogsOnFailure(() => cluster);
    conversation = await createConversation(cluster!.database.url, A.url);
    subscriber = await Subscriber.open(B.wsUrl, conversation.artist.cookie, { conversationId: conversation.id, lastEventId: "0" });
    const customer = conversation.customer.http(A.url);
    for (const text of ["hello", "are you free on Saturday?"]) await sendWithRetry(customer, { conversationId: conversation.id, text });
    await subscriber.until(2);

    pgProxy.cutAfterNextCommits(1);
    const { message, attempts, failures } = await sendWithRetry(customer, { conversationId: conversation.id, text: "see you at 10" });
    expect(pgProxy.cuts, "connections cut after the commit was answered").toBe(1);
    expect(attempts, `attempts (failures: ${failures.join(" | ")})`).toBe(2);
    console.log(`lost COMMIT answer: first attempt failed with "${failures[0]}", the retry was acknowledged with seq ${message.seq}`);
    expect(message.seq).toBe(3);
    const stored = await readStored(cluster!.database.url, conversation.id);
    expect(stored.rows.map((row) => [row.seq, row.text, row.clientId])).toEqual([
      [1, "hello", expect.any(String)],
      [2, "are you free on Saturday?", expect.any(String)],
      [3, "see you at 10", message.clientId],
    ]);
  });

  it("the subscriber on B receives that message without another message being sent (the idempotent retry publishes it again)", async () => {
    await subscriber.until(3, LIVE_DELIVERY_DEADLINE_MS);
  });

  it("a later message makes B fill the gap: the subscriber ends with every message once, in order", async () => {
    showLogsOnFailure(() => cluster);
    console.log(`lost COMMIT answer: before a later message, the subscriber on B has seqs ${summarize(subscriber.received.map((d) => d.data.seq))} (stored: 1-3)`);
    await sendWithRetry(conversation.customer.http(A.url), { conversationId: conversation.id, text: "hello?" });
    await subscriber.until(4);
    await settle(subscriber, 4);
    expect(subscriber.received.map((d) => [d.id, d.data.text])).toEqual([
      ["1", "hello"],
      ["2", "are you free on Saturday?"],
      ["3", "see you at 10"],
      ["4", "hello?"],
    ]);
  });
});

describe("a partition between A and Redis only (B and its subscriber stay connected)", () => {
  let conversation: Conversation;
  let subscriber: Subscriber;
  let stream: MessageStream;

  it("sends through A are acknowledged during the partition; A reports busConnected false while B reports true, then true again", async () => {
    showLogsOnFailure(() => cluster);
    ({ conversation, stream, subscriber } = await liveConversation(cluster!.database.url, { from: A, to: B, listener: "artist", warmUp: 6 }));

    redisProxy.block();
    let seen = "";
    await waitFor(
      async () => {
        const [a, b] = await Promise.all([A.health(), B.health()]);
        seen = JSON.stringify({ A: a, B: b });
        return !a.busConnected && b.busConnected;
      },
      "A to report busConnected: false while B reports true",
      { timeoutMs: 15_000, describe: () => seen },
    );
    const during = await stream.sendBatch(6, { label: "during the partition" });
    expect(during.map((sent) => sent.attempts)).toEqual(during.map(() => 1));
    redisProxy.unblock();
    await waitFor(
      async () => {
        const a = await A.health();
        seen = JSON.stringify(a);
        return a.busConnected;
      },
      "A to report busConnected: true again",
      { timeoutMs: 20_000, describe: () => seen },
    );
  });

  it("the subscriber on B receives what was sent through A during the partition without another message being sent (A's channels get a resync when its publisher is back)", async () => {
    await subscriber.until(12, LIVE_DELIVERY_DEADLINE_MS);
  });

  it("a later message through A makes B fill the gap: every message once, in order", async () => {
    showLogsOnFailure(() => cluster);
    console.log(`A/Redis partition: before a later message, the subscriber on B has seqs ${summarize(subscriber.received.map((d) => d.data.seq))} (stored: 1-${stream.acked.length})`);
    await stream.sendBatch(2, { label: "after the partition" });
    await subscriber.until(14);
    await settle(subscriber, 14);
    expectExactlyOnce(await readStored(cluster!.database.url, conversation.id), stream.acked, subscriber.received);
  });
});
