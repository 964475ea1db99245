import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { SOCKET_TTL_MS } from "@/server/realtime/socket-limits";
import { httpClient } from "@tests/support/api-server";
import { describeClientError } from "@tests/support/fixtures";
import { connectRaw, type Upgrade } from "@tests/support/raw-socket";
import { waitFor } from "@tests/support/wait";
import { createConversation, readStored } from "./harness/clients";
import { clusterForThisFile, showLogsOnFailure, type Cluster } from "./harness/cluster";
import { track } from "./harness/cleanup";
import type { AppProcess } from "./harness/processes";

/**
 * Two app processes, A and B, sharing one Redis, with small limits: whatever a client spreads over
 * both is counted once, and the sockets of a process that is killed stop counting.
 */

let cluster: Cluster | undefined;
let A: AppProcess;
let B: AppProcess;

clusterForThisFile(
  {
    apps: ["A", "B"],
    env: { SEND_LIMIT_BURST: "5", SEND_LIMIT_PER_SECOND: "1", REGISTER_LIMIT_PER_HOUR: "3", MAX_SOCKETS_PER_USER: "2" },
  },
  (started) => ([A, B] = (cluster = started).apps as [AppProcess, AppProcess]),
);

async function connect(app: AppProcess, cookie: string): Promise<Upgrade> {
  const result = await connectRaw(app.wsUrl, { cookie });
  if (result.opened) track(`a socket to ${app.name}`, async () => void result.socket.terminate(), () => result.socket.terminate());
  return result;
}

describe("limits counted across two processes sharing Redis", () => {
  it("one user's sends spread over A and B are counted once: a burst of 5, then 1 a second, and only those are stored", async () => {
    showLogsOnFailure(() => cluster);
    const conversation = await createConversation(cluster!.database.url, A.url);
    const clients = [A, B].map((app) => conversation.customer.http(app.url));
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => clients[i % 2]!.message.send.mutate({ conversationId: conversation.id, clientId: randomUUID(), text: `flood ${i}` })),
    );
    const seconds = Math.ceil((performance.now() - started) / 1000);
    const accepted = results.filter((r) => r.status === "fulfilled").length;
    const refusals = results.flatMap((r) => (r.status === "rejected" ? [describeClientError(r.reason)] : []));

    // Counted apart, each process would take its own burst of 5: 10 or more.
    expect(accepted, `accepted in ${seconds} s`).toBeGreaterThanOrEqual(5);
    expect(accepted).toBeLessThanOrEqual(Math.min(9, 4 + seconds + 1));
    for (const refusal of refusals) expect(refusal).toMatch(/^TOO_MANY_REQUESTS 429: You are sending messages faster than we can take them\./);
    expect((await readStored(cluster!.database.url, conversation.id)).rows).toHaveLength(accepted);
  });

  it("sign-ups from one address spread over A and B are counted once: 3 an hour", async () => {
    showLogsOnFailure(() => cluster);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        httpClient([A, B][i % 2]!.url).auth.register.mutate({
          email: `spread-${i}-${randomUUID().slice(0, 8)}@test.example`,
          password: "a good password",
          name: "Spread",
          role: "CUSTOMER",
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    for (const r of results) if (r.status === "rejected") expect(describeClientError(r.reason)).toMatch(/^TOO_MANY_REQUESTS 429: Too many accounts/);
  });

  it("sockets per user are counted over both processes, and those of a process killed with SIGKILL stop counting within the TTL", async () => {
    showLogsOnFailure(() => cluster);
    const { customer } = await createConversation(cluster!.database.url, A.url);
    expect((await connect(A, customer.cookie)).opened).toBe(true);
    expect((await connect(B, customer.cookie)).opened).toBe(true);
    expect(await connect(A, customer.cookie)).toMatchObject({ opened: false, status: 429 });

    await B.kill("SIGKILL");
    const killedAt = Date.now();
    // Until B's socket expires, A still counts it; then there is room again, without B.
    const waited = await waitFor(
      async () => ((await connect(A, customer.cookie)).opened ? Date.now() - killedAt : false),
      "a socket on A to be admitted once B's has expired",
      { timeoutMs: SOCKET_TTL_MS + 15_000, intervalMs: 1000 },
    );
    expect(waited).toBeLessThanOrEqual(SOCKET_TTL_MS + 5000);
  });
});
