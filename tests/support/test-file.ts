/**
 * What a unit-test file opens once before its tests and closes after them, so that each file
 * does not write the same beforeAll/afterAll. The value is usable inside tests and hooks (it is
 * opened in a beforeAll registered first, and closed in the afterAll that runs last).
 */
import { afterAll, beforeAll } from "vitest";
import type { Database } from "@/server/db";
import type { Limits, LimitsConfig } from "@/server/limits";
import type { EventBus } from "@/server/realtime/event-bus";
import { installTestSessionSecret, startApiServer, type TestApiServer } from "./api-server";
import { createTestDatabase } from "./database";
import { testBus } from "./fixtures";
import { limitsInRedis } from "./limits";

function forThisFile<T extends object>(what: string, open: () => Promise<T>, close: (value: T) => Promise<unknown>): T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await open();
  });
  afterAll(async () => {
    if (value) await close(value);
  });
  return new Proxy({} as T, {
    get(_, key) {
      if (!value) throw new Error(`${what} is opened before this file's tests; use it inside tests and hooks`);
      const property: unknown = Reflect.get(value, key);
      return typeof property === "function" ? property.bind(value) : property;
    },
  });
}

/** A fresh database for this file's tests (see createTestDatabase) and an in-memory bus. */
export function databaseForThisFile(): { db: Database; bus: EventBus } {
  const bus = testBus();
  const db = forThisFile("The test database", createTestDatabase, async (opened) => {
    await bus.close();
    await opened.close();
  });
  return { db, bus };
}

/**
 * The API handlers behind a real HTTP server for this file's tests (see startApiServer), verifying
 * sessions with the tests' secret: call it at the top of the file, before anything reads the
 * environment.
 */
export function apiServerForThisFile(options: Parameters<typeof startApiServer>[0]): TestApiServer {
  installTestSessionSecret();
  return forThisFile("The API server", () => startApiServer(options), (server) => server.close());
}

/**
 * The same, with the limits given (the rest generous) counted in the test Redis under a prefix of
 * their own: for the tests of a limit. `limits` is the server's, for a test to spend or inspect.
 */
export function limitedApiServerForThisFile(
  options: Omit<Parameters<typeof startApiServer>[0], "limits">,
  overrides: Partial<LimitsConfig>,
): TestApiServer & { limits: Limits } {
  installTestSessionSecret();
  return forThisFile(
    "The API server",
    async () => {
      const limits = await limitsInRedis(overrides);
      return Object.assign(await startApiServer({ ...options, limits }), { limits });
    },
    async (server) => {
      await server.close();
      await server.limits.close();
    },
  );
}
