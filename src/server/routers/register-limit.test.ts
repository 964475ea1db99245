import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Limits } from "@/server/limits";
import { httpClient, installTestSessionSecret, startApiServer, type TestApiServer } from "@tests/support/api-server";
import { failure } from "@tests/support/fixtures";
import { limitsInRedis } from "@tests/support/limits";
import { databaseForThisFile } from "@tests/support/test-file";

installTestSessionSecret();
const { db, bus } = databaseForThisFile();
const opened: { close(): Promise<void> }[] = [];

/** A server allowing 2 sign-ups per IP per hour, counted under a prefix of its own. */
async function serverAllowingTwo(trustProxy: boolean): Promise<TestApiServer> {
  const limits: Limits = await limitsInRedis({ registerPerHour: 2 });
  const server = await startApiServer({ db, bus, limits, trustProxy });
  opened.push(server, limits);
  return server;
}

let direct: TestApiServer;
let behindProxy: TestApiServer;
beforeAll(async () => {
  [direct, behindProxy] = await Promise.all([serverAllowingTwo(false), serverAllowingTwo(true)]);
});
afterAll(async () => {
  for (const thing of opened) await thing.close();
});

const REFUSED = "Too many accounts have been created from your network in the last hour. Try again in 60 minutes.";

function register(server: TestApiServer, forwardedFor?: string) {
  const email = `new-${randomUUID().slice(0, 8)}@test.example`;
  const client = httpClient(server.url, forwardedFor ? { "x-forwarded-for": forwardedFor } : {});
  return { email, call: client.auth.register.mutate({ email, password: "a good password", name: "New", role: "CUSTOMER" }) };
}

describe("auth.register is limited per client IP", () => {
  it("the third sign-up in an hour from one address gets TOO_MANY_REQUESTS (429) with a sentence, and no account", async () => {
    for (let i = 0; i < 2; i++) await expect(register(direct).call).resolves.toHaveProperty("id");
    const third = register(direct);
    expect(await failure(third.call)).toEqual({ code: "TOO_MANY_REQUESTS", status: 429, message: REFUSED });
    expect(await db.prisma.user.count({ where: { email: third.email } })).toBe(0);
  });

  it("without TRUST_PROXY, X-Forwarded-For is ignored: a client cannot pick a fresh address per call", async () => {
    const spoofed = await failure(register(direct, "198.51.100.77").call);
    expect(spoofed).toMatchObject({ code: "TOO_MANY_REQUESTS", status: 429 });
  });

  it("with TRUST_PROXY, each forwarded address has its own count, taken from the entry the proxy added", async () => {
    for (let i = 0; i < 2; i++) await expect(register(behindProxy, "198.51.100.1").call).resolves.toHaveProperty("id");
    expect(await failure(register(behindProxy, "198.51.100.1").call)).toMatchObject({ code: "TOO_MANY_REQUESTS", message: REFUSED });
    // The client wrote an address in front of the proxy's: still counted as 198.51.100.1.
    expect(await failure(register(behindProxy, "203.0.113.5, 198.51.100.1").call)).toMatchObject({ code: "TOO_MANY_REQUESTS" });
    await expect(register(behindProxy, "198.51.100.2").call).resolves.toHaveProperty("id");
  });
});
