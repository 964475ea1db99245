import { describe, expect, it } from "vitest";
import { createConversation, expectExactlyOnce, liveConversation, MessageStream, readStored, settle, Subscriber } from "./harness/clients";
import { showLogsOnFailure, clusterForThisFile, type Cluster } from "./harness/cluster";
import type { AppProcess } from "./harness/processes";

/**
 * Two app processes, A and B, on two ports, sharing one Postgres database and one Redis: what a
 * user sends through one must reach a subscriber on the other in order and exactly once, even
 * when the subscriber's process is killed and comes back.
 */

let cluster: Cluster | undefined;
let A: AppProcess;
let B: AppProcess;

clusterForThisFile({ apps: ["A", "B"] }, (started) => ([A, B] = (cluster = started).apps as [AppProcess, AppProcess]));

describe("two app processes sharing Postgres and Redis", () => {
  it("a subscriber on B receives all 60 messages sent through A by both participants, in order, exactly once", async () => {
    showLogsOnFailure(() => cluster);
    const conversation = await createConversation(cluster!.database.url, A.url);
    const stream = MessageStream.through(A.url, conversation);

    // 10 before the subscription (read back from the database), 50 while it is live (via Redis).
    await stream.sendBatch(10, { label: "backlog" });
    const subscriber = await Subscriber.fromStart(B.wsUrl, conversation.artist, conversation);
    await stream.sendBatch(50, { label: "live" });

    await subscriber.until(60);
    await settle(subscriber, 60);
    expectExactlyOnce(await readStored(cluster!.database.url, conversation.id), stream.acked, subscriber.received);
    expect(subscriber.errors).toEqual([]);
  });

  it("B killed with SIGKILL mid-stream and started again on its port: the subscriber reconnects, resumes and ends with every message once, in seq order", async () => {
    showLogsOnFailure(() => cluster);
    const { conversation, stream, subscriber } = await liveConversation(cluster!.database.url, { from: A, to: B, listener: "customer", warmUp: 20 });

    // Kill B in the middle of a stream of sends through A.
    const aroundTheCrash = stream.sendBatch(30, { label: "around the crash", paceMs: 20 });
    await stream.waitAcked(25);
    const exit = await B.kill("SIGKILL");
    expect(exit.signal).toBe("SIGKILL");
    const ackedAtKill = stream.acked.length;
    await aroundTheCrash; // A does not need B
    expect(B.pid, "B is still down").toBeNull();
    expect(stream.acked.length - ackedAtKill, "sends acknowledged while B was down").toBeGreaterThan(0);
    expect(subscriber.received.length, "the subscriber is behind while B is down").toBeLessThan(stream.acked.length);

    // B comes back on the same port while A keeps taking sends.
    await Promise.all([B.start(), stream.sendBatch(10, { label: "while B restarts", paceMs: 50 })]);
    await stream.sendBatch(10, { label: "after the restart" });

    await subscriber.until(70, 60_000);
    await settle(subscriber, 70);
    expectExactlyOnce(await readStored(cluster!.database.url, conversation.id), stream.acked, subscriber.received);
    expect(subscriber.errors).toEqual([]);
    expect(subscriber.opens, "socket opens (the first and at least one reconnect)").toBeGreaterThanOrEqual(2);
  });
});
