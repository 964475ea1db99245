import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { initTRPC, TRPCError } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { BACKOFF, backoffDelay, isTransient, MAX_RETRY_AFTER_MS, retryAfterMs, retryDelay } from "./retry-policy";

/**
 * The errors under test are made by tRPC's own client from real answers (a small router behind
 * fetch), so the policy reads the shapes the app really receives.
 */
const t = initTRPC.create({
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    data: { ...shape.data, retryAfterMs: (error.cause as { retryAfterMs?: number } | undefined)?.retryAfterMs },
  }),
});
const refuse = (code: TRPCError["code"], retryAfter?: number) =>
  t.procedure.query(() => {
    throw new TRPCError({ code, message: `Refused with ${code}`, cause: retryAfter === undefined ? undefined : Object.assign(new Error("limit"), { retryAfterMs: retryAfter }) });
  });
const router = t.router({
  badRequest: refuse("BAD_REQUEST"),
  unauthorized: refuse("UNAUTHORIZED"),
  notFound: refuse("NOT_FOUND"),
  conflict: refuse("CONFLICT"),
  tooLarge: refuse("PAYLOAD_TOO_LARGE"),
  timeout: refuse("TIMEOUT"),
  tooMany: refuse("TOO_MANY_REQUESTS", 42_000),
  tooManyWithoutHint: refuse("TOO_MANY_REQUESTS"),
  broken: refuse("INTERNAL_SERVER_ERROR"),
  unavailable: refuse("SERVICE_UNAVAILABLE"),
});

type Answer = "server" | "network down" | "proxy 502 page" | "proxy 413 json";

async function failureOf(path: keyof typeof router._def.procedures, answer: Answer = "server"): Promise<unknown> {
  const client = createTRPCClient<typeof router>({
    links: [
      httpBatchLink({
        url: "http://glow.test/api/trpc",
        fetch: async (url, init) => {
          if (answer === "network down") throw new TypeError("Failed to fetch");
          if (answer === "proxy 502 page") return new Response("<html>Bad gateway</html>", { status: 502, headers: { "content-type": "text/html" } });
          if (answer === "proxy 413 json") return new Response(JSON.stringify({ error: "Too big" }), { status: 413, headers: { "content-type": "application/json" } });
          return fetchRequestHandler({ endpoint: "/api/trpc", req: new Request(url, init as RequestInit), router });
        },
      }),
    ],
  });
  try {
    await client[path].query();
  } catch (error) {
    return error;
  }
  throw new Error(`${path} did not fail`);
}

describe("which failures are tried again", () => {
  it("a network failure, a server error, a timeout and a rate limit are transient", async () => {
    for (const [path, answer] of [
      ["badRequest", "network down"],
      // A page that is not JSON tells nothing (tRPC keeps no status): during restarts it is a 5xx.
      ["badRequest", "proxy 502 page"],
      ["broken", "server"],
      ["unavailable", "server"],
      ["timeout", "server"],
      ["tooMany", "server"],
      ["tooManyWithoutHint", "server"],
    ] as const) {
      expect(isTransient(await failureOf(path, answer)), `${path} (${answer})`).toBe(true);
    }
  });

  it("a refusal (any other 4xx) is final, to be shown to the user", async () => {
    for (const path of ["badRequest", "unauthorized", "notFound", "conflict", "tooLarge"] as const) {
      const error = await failureOf(path);
      expect(error).toBeInstanceOf(TRPCClientError);
      expect(isTransient(error), path).toBe(false);
    }
    // A JSON answer that is not tRPC's still has its status.
    expect(isTransient(await failureOf("badRequest", "proxy 413 json"))).toBe(false);
  });

  it("an error with a tRPC code but no HTTP status is judged by its code", () => {
    const withCode = (code: string) => TRPCClientError.from({ error: { code: -32000, message: code, data: { code } } });
    expect(isTransient(withCode("TOO_MANY_REQUESTS"))).toBe(true);
    expect(isTransient(withCode("INTERNAL_SERVER_ERROR"))).toBe(true);
    expect(isTransient(withCode("FORBIDDEN"))).toBe(false);
  });

  it("something other than a tRPC error (the fetch itself failing) is transient", () => {
    expect(isTransient(new TypeError("Failed to fetch"))).toBe(true);
  });
});

describe("how long to wait", () => {
  it("the backoff doubles from 0.5 s up to 10 s, each wait within ±50 % of its step", () => {
    const steps = [500, 1000, 2000, 4000, 8000, 10_000, 10_000];
    steps.forEach((step, attempt) => {
      expect(backoffDelay(attempt, () => 0)).toBe(step * (1 - BACKOFF.jitter));
      expect(backoffDelay(attempt, () => 0.5)).toBe(step);
      expect(backoffDelay(attempt, () => 0.999999)).toBeLessThan(step * (1 + BACKOFF.jitter));
    });
    expect(backoffDelay(1_000, () => 0.999999)).toBeLessThan(BACKOFF.maxMs * 1.5);
  });

  it("with a real random source every wait stays within the bounds and the waits are spread", () => {
    const waits = Array.from({ length: 500 }, () => backoffDelay(3));
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(2000);
      expect(wait).toBeLessThan(6000);
    }
    expect(new Set(waits.map((w) => Math.round(w / 100))).size).toBeGreaterThan(20);
  });

  it("a rate limit's retryAfterMs is honoured: never retried sooner", async () => {
    const limited = await failureOf("tooMany");
    expect(retryAfterMs(limited)).toBe(42_000);
    for (const attempt of [0, 3, 20]) {
      expect(retryDelay(attempt, limited, () => 0.999999)).toBe(42_000);
      expect(retryDelay(attempt, limited, () => 0)).toBe(42_000);
    }
  });

  it("without a hint, or for other failures, the backoff applies", async () => {
    const noHint = await failureOf("tooManyWithoutHint");
    expect(retryAfterMs(noHint)).toBeUndefined();
    expect(retryDelay(2, noHint, () => 0.5)).toBe(2000);
    expect(retryDelay(2, new TypeError("Failed to fetch"), () => 0.5)).toBe(2000);
  });

  it("an absurd retryAfterMs is capped so a timer can hold it", () => {
    const error = TRPCClientError.from({ error: { code: -32029, message: "later", data: { httpStatus: 429, retryAfterMs: 1e12 } } });
    expect(retryDelay(0, error)).toBe(MAX_RETRY_AFTER_MS);
    const negative = TRPCClientError.from({ error: { code: -32029, message: "later", data: { httpStatus: 429, retryAfterMs: -5 } } });
    expect(retryAfterMs(negative)).toBeUndefined();
  });
});
