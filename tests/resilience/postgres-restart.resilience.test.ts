import { describe, expect, it } from "vitest";
import { expectExactlyOnce, liveConversation, readStored, settle } from "./harness/clients";
import { showLogsOnFailure, clusterForThisFile, type Cluster } from "./harness/cluster";
import type { AppProcess } from "./harness/processes";
import { sleep, waitFor } from "@tests/support/wait";

/**
 * A private Postgres cluster (initdb'd by this file, never the shared one on 5432) is stopped
 * (-m fast: open transactions rolled back, every connection cut) in the middle of a stream of sends
 * and started again a few seconds later. Senders behave like the browser outbox: one clientId per
 * message, retried until acknowledged.
 */

let cluster: Cluster | undefined;
let A: AppProcess;
let B: AppProcess;

clusterForThisFile({ apps: ["A", "B"], privatePostgres: true }, (started) => ([A, B] = (cluster = started).apps as [AppProcess, AppProcess]));

describe("Postgres restart during a stream of sends (private cluster)", () => {
  it("every message is stored exactly once (seq 1..N, each clientId once) after retries with the same clientId, and the subscriber on B sees each once", async () => {
    showLogsOnFailure(() => cluster);
    const postgres = cluster!.postgres!;
    const { database } = cluster!;
    // Four senders (two tabs per participant) so that several sends are in flight when it stops.
    const { conversation, stream, subscriber } = await liveConversation(database.url, { from: A, to: B, listener: "artist", tabs: 2, warmUp: 12 });

    const aroundTheRestart = stream.sendBatch(48, { label: "around the restart", paceMs: 15 });
    await stream.waitAcked(24);
    await postgres.stop("fast");
    const downSince = Date.now();
    const ackedAtStop = stream.acked.length;
    // While it is down the database is reported down, and sends fail (and are retried).
    let seen = "";
    await waitFor(
      async () => {
        const health = await A.health();
        seen = JSON.stringify(health);
        return health.status === 503 && !health.ok;
      },
      "A's /api/health to report the database down (503)",
      { timeoutMs: 10_000, describe: () => seen },
    );
    await sleep(Math.max(0, downSince + 3000 - Date.now()));
    expect(stream.acked.length - ackedAtStop, "acknowledgements while Postgres was down").toBe(0);
    await postgres.start();

    await aroundTheRestart;
    await stream.sendBatch(12, { label: "after the restart" });

    const retried = stream.retried();
    console.log(
      `postgres restart: ${stream.acked.length} sent, ${retried.length} needed retries ` +
        `(attempts: ${retried.map((s) => s.attempts).join(", ")}); first errors: ${[...new Set(retried.flatMap((s) => s.failures))].slice(0, 4).join(" | ")}`,
    );
    expect(retried.length, "sends that had to be retried (the outage hit the stream)").toBeGreaterThan(0);

    await subscriber.until(stream.acked.length, 60_000);
    await settle(subscriber, stream.acked.length);
    expectExactlyOnce(await readStored(database.url, conversation.id), stream.acked, subscriber.received);
    expect(subscriber.errors).toEqual([]);
  });
});
