import { describe, expect, it } from "vitest";
import { expectExactlyOnce, liveConversation, readStored, settle } from "./harness/clients";
import { showLogsOnFailure, clusterForThisFile, type Cluster } from "./harness/cluster";
import type { AppProcess, Health } from "./harness/processes";
import { redisAnswers } from "./harness/redis";
import { sleep, waitFor } from "@tests/support/wait";

/**
 * The private Redis that A and B share goes away for a few seconds in the middle of a stream of
 * sends and comes back on the same port. Sends must not notice; the subscriber on the other
 * process must end with everything, once, in order.
 */

let cluster: Cluster | undefined;
let A: AppProcess;
let B: AppProcess;

clusterForThisFile({ apps: ["A", "B"] }, (started) => ([A, B] = (cluster = started).apps as [AppProcess, AppProcess]));

async function bothHealths(): Promise<[Health, Health]> {
  return Promise.all([A.health(), B.health()]);
}

describe("Redis outage during a stream of sends", () => {
  it("sends keep committing and being acknowledged while Redis is down, health shows busConnected false then true, and the subscriber on B ends with every message exactly once, in order", async () => {
    showLogsOnFailure(() => cluster);
    const redis = cluster!.redis;
    const { conversation, stream, subscriber } = await liveConversation(cluster!.database.url, { from: A, to: B, listener: "artist", warmUp: 15 });

    // Redis goes away in the middle of a stream.
    const aroundTheStop = stream.sendBatch(20, { label: "around the stop", paceMs: 30 });
    await stream.waitAcked(20);
    await redis.stop("shutdown");
    const downSince = Date.now();
    let seen = "";
    await waitFor(
      async () => {
        const [a, b] = await bothHealths();
        seen = JSON.stringify({ A: a, B: b });
        return !a.busConnected && !b.busConnected;
      },
      "/api/health on A and B to report busConnected: false",
      { timeoutMs: 20_000, describe: () => seen },
    );
    await aroundTheStop;

    // While it is down: every send is committed and acknowledged (the retry loop is not needed).
    // Paced, and Redis kept away for at least 3 s, so the processes' reconnect attempts fail a few times.
    const duringOutage = await stream.sendBatch(15, { label: "during the outage", paceMs: 100 });
    await sleep(Math.max(0, downSince + 3000 - Date.now()));
    expect(duringOutage.map((sent) => sent.attempts), "attempts per send during the outage").toEqual(duringOutage.map(() => 1));
    const [a, b] = await bothHealths();
    expect(await redisAnswers(redis.port), "Redis is still down after those sends").toBe(false);
    expect(redis.running).toBe(false);
    const upAgainAt = Date.now();
    for (const [name, health] of [
      ["A", a],
      ["B", b],
    ] as const) {
      expect({ name, status: health.status, ok: health.ok, bus: health.bus, busConnected: health.busConnected }).toEqual({
        name,
        status: 200,
        ok: true,
        bus: "redis",
        busConnected: false,
      });
    }
    const ackedWhileDown = stream.acked.filter((sent) => sent.ackedAt > downSince && sent.ackedAt < upAgainAt);
    expect(ackedWhileDown.length, "sends acknowledged while Redis was down").toBeGreaterThanOrEqual(15);

    // Redis comes back on the same port; both processes reconnect and say so.
    await redis.start();
    await waitFor(
      async () => {
        const [a, b] = await bothHealths();
        seen = JSON.stringify({ A: a, B: b });
        return a.ok && b.ok && a.busConnected && b.busConnected;
      },
      "/api/health on A and B to report busConnected: true again",
      { timeoutMs: 30_000, describe: () => seen },
    );

    // With no further send, the resync alone brings B's subscriber what it missed.
    const sentSoFar = stream.acked.length;
    await subscriber.until(sentSoFar, 30_000);

    await stream.sendBatch(15, { label: "after the outage" });
    await subscriber.until(sentSoFar + 15);
    await settle(subscriber, sentSoFar + 15);
    expectExactlyOnce(await readStored(cluster!.database.url, conversation.id), stream.acked, subscriber.received);
    expect(subscriber.errors).toEqual([]);
  });
});
