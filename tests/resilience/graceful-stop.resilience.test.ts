import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import type { MessageDTO } from "@/server/services/message-dto";
import { track } from "./harness/cleanup";
import {
  expectExactlyOnce,
  liveConversation,
  openRawSocket,
  readStored,
  settle,
  type SentMessage,
} from "./harness/clients";
import { showLogsOnFailure, clusterForThisFile, type Cluster } from "./harness/cluster";
import { acceptsConnections, type AppProcess } from "./harness/processes";
import { queryOnce } from "@tests/support/database";
import { waitFor, within } from "@tests/support/wait";

/**
 * SIGTERM on an app process that is in the middle of sends. To have sends provably in flight (the
 * request read, the handler running) when the signal lands, the test holds the conversation's row
 * lock from its own connection: every send waits on it inside B until the test lets go.
 */

let cluster: Cluster | undefined;
let A: AppProcess;
let B: AppProcess;

clusterForThisFile({ apps: ["A", "B"] }, (started) => ([A, B] = (cluster = started).apps as [AppProcess, AppProcess]));

/** A connection holding `SELECT … FOR UPDATE` on the conversation until released. */
async function lockConversation(databaseUrl: string, conversationId: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  client.on("error", () => {});
  await client.connect();
  const release = track(`lock on conversation ${conversationId}`, () => client.end(), () => {});
  await client.query("BEGIN");
  await client.query(`SELECT id FROM "Conversation" WHERE id = $1 FOR UPDATE`, [conversationId]);
  return {
    async unlock() {
      await client.query("COMMIT");
      await release();
    },
  };
}

describe("graceful stop (SIGTERM) of a process with sends in flight", () => {
  it("in-flight sends complete (acknowledged and stored), raw socket clients get the reconnect notification and close 1012, new connections are refused, and the process exits with code 0", async () => {
    showLogsOnFailure(() => cluster);
    const { database } = cluster!;
    // The subscriber lives on A, which stays up; the sockets to be told to go are on B.
    const { conversation, stream, subscriber } = await liveConversation(database.url, { from: B, to: A, listener: "customer", warmUp: 4 });
    const { customer, artist } = conversation;
    const sockets = await Promise.all([openRawSocket(B.wsUrl, customer.cookie), openRawSocket(B.wsUrl, artist.cookie)]);

    // Six sends (three per participant, each its own request) stuck inside B behind the lock.
    const lock = await lockConversation(database.url, conversation.id);
    const inFlight = [customer, artist, customer, artist, customer, artist].map((person, i) => {
      const clientId = randomUUID();
      const text = `in flight ${i + 1}`;
      const request = person
        .http(B.url)
        .message.send.mutate({ conversationId: conversation.id, clientId, text }, { signal: AbortSignal.timeout(60_000) });
      const tracked = { clientId, text, senderId: person.user.id, settled: false, request };
      void request.then(
        () => (tracked.settled = true),
        () => (tracked.settled = true),
      );
      return tracked;
    });
    let waiting = 0;
    await waitFor(
      async () => {
        const [row] = await queryOnce<{ n: number }>(
          database.url,
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`,
          [database.name],
        );
        waiting = row?.n ?? 0;
        return waiting >= inFlight.length;
      },
      `${inFlight.length} sends to wait on the conversation lock inside B`,
      { timeoutMs: 20_000, describe: () => `${waiting} waiting` },
    );

    const exited = B.signal("SIGTERM");

    // Socket clients are told to reconnect (elsewhere), then closed with 1012.
    const reconnect = { id: null, method: "reconnect" };
    for (const [i, raw] of sockets.entries()) {
      const parsed = () =>
        raw.messages.flatMap((text) => {
          try {
            return [JSON.parse(text) as unknown];
          } catch {
            return []; // keep-alive PING
          }
        });
      await waitFor(() => parsed().some((m) => JSON.stringify(m) === JSON.stringify(reconnect)), `raw socket ${i + 1} to get ${JSON.stringify(reconnect)}`, {
        timeoutMs: 15_000,
        describe: () => JSON.stringify(raw.messages),
      });
      const { code } = await within(raw.closed, `raw socket ${i + 1} to be closed`, 15_000);
      expect(code, `close code of raw socket ${i + 1}`).toBe(1012);
    }
    // No new connections while it drains.
    await waitFor(async () => !(await acceptsConnections(B.port)), "B to stop accepting connections", { timeoutMs: 15_000 });
    expect(inFlight.filter((send) => send.settled).map((send) => send.text), "sends settled before the lock was released").toEqual([]);
    expect(B.exit, "B still running (draining) while its sends are in flight").toBeNull();

    // Let them through: each is acknowledged and stored, and then the process exits cleanly.
    await lock.unlock();
    const results = await Promise.allSettled(inFlight.map((send) => send.request));
    const failed = results.flatMap((r, i) => (r.status === "rejected" ? [`${inFlight[i]!.text}: ${(r.reason as Error).message}`] : []));
    expect(failed, "in-flight sends that failed").toEqual([]);
    const acked: SentMessage[] = results.map((result, i) => {
      const message = (result as PromiseFulfilledResult<MessageDTO>).value;
      const send = inFlight[i]!;
      expect({ clientId: message.clientId, text: message.text }).toEqual({ clientId: send.clientId, text: send.text });
      return { clientId: send.clientId, text: send.text, senderId: send.senderId, seq: message.seq, attempts: 1, failures: [], ackedAt: Date.now() };
    });
    const answeredAt = Date.now();
    const exit = await within(exited, "B to exit after SIGTERM", 30_000);
    expect(exit, "B's exit").toEqual({ code: 0, signal: null });
    console.log(`graceful stop: B exited ${Date.now() - answeredAt} ms after its in-flight sends were answered`);

    const all = [...stream.acked, ...acked];
    await subscriber.until(all.length);
    await settle(subscriber, all.length);
    expectExactlyOnce(await readStored(database.url, conversation.id), all, subscriber.received);
    expect(subscriber.errors).toEqual([]);
  });
});
