import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { afterEach, describe, expect, it } from "vitest";
import { refreshQueries } from "./refresh-queries";

/** A server whose answers the test releases: each fetch reads `value` when it reaches the server, and answers when released. */
function slowServer() {
  let value = "before";
  const pending: (() => void)[] = [];
  let calls = 0;
  return {
    set: (next: string) => (value = next),
    calls: () => calls,
    answerAll: () => pending.splice(0).forEach((answer) => answer()),
    fetch: () => {
      calls += 1;
      const read = value; // what the server read when the request reached it
      return new Promise<string>((resolve) => pending.push(() => resolve(read)));
    },
  };
}

const clients: QueryClient[] = [];
afterEach(() => clients.splice(0).forEach((client) => client.clear()));

/** A query client with one active observer of ["total"], as a mounted component has. */
function watched(server: ReturnType<typeof slowServer>) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  clients.push(client);
  const observer = new QueryObserver(client, { queryKey: ["total"], queryFn: server.fetch });
  const stop = observer.subscribe(() => {});
  return { client, observer, stop };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("refreshQueries", () => {
  it("starts a new fetch when the change comes while the first fetch is in flight", async () => {
    const server = slowServer();
    const { client, stop } = watched(server);
    await settled();
    expect(server.calls()).toBe(1); // the first fetch read "before"

    server.set("after"); // the change, and its event, arrive before the first answer
    const refreshing = refreshQueries(client, { queryKey: ["total"] });
    await settled();
    server.answerAll();
    await refreshing;
    server.answerAll();
    await settled();

    expect(server.calls()).toBe(2);
    expect(client.getQueryData(["total"])).toBe("after");
    stop();
  });

  it("is needed: invalidateQueries alone keeps the first fetch's stale answer", async () => {
    const server = slowServer();
    const { client, stop } = watched(server);
    await settled();

    server.set("after");
    const invalidating = client.invalidateQueries({ queryKey: ["total"] });
    await settled();
    server.answerAll();
    await invalidating;
    await settled();

    expect(server.calls()).toBe(1);
    expect(client.getQueryData(["total"])).toBe("before");
    stop();
  });

  it("refetches a query that has data, as invalidateQueries does", async () => {
    const server = slowServer();
    const { client, stop } = watched(server);
    await settled();
    server.answerAll();
    await settled();
    expect(client.getQueryData(["total"])).toBe("before");

    server.set("after");
    const refreshing = refreshQueries(client, { queryKey: ["total"] });
    await settled();
    server.answerAll();
    await refreshing;

    expect(server.calls()).toBe(2);
    expect(client.getQueryData(["total"])).toBe("after");
    stop();
  });
});
