import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateVapidKeys } from "@/env";
import { installTestSessionSecret, startApiServer, type TestApiServer } from "@tests/support/api-server";
import { databaseForThisFile } from "@tests/support/test-file";
import { PUSH_PUBLIC_KEY_PATH } from "./push-public-key";

installTestSessionSecret();
const { db, bus } = databaseForThisFile();
const { publicKey } = generateVapidKeys();
let configured: TestApiServer;
let unconfigured: TestApiServer;

beforeAll(async () => {
  configured = await startApiServer({ db, bus, pushPublicKey: publicKey });
  unconfigured = await startApiServer({ db, bus });
});
afterAll(async () => {
  await configured?.close();
  await unconfigured?.close();
});

describe("GET /api/push/public-key", () => {
  it("answers the VAPID public key as JSON, without a session, cacheable for an hour", async () => {
    const response = await fetch(`${configured.url}${PUSH_PUBLIC_KEY_PATH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.json()).toEqual({ publicKey });
  });

  it("answers 405 with Allow to anything but GET and HEAD", async () => {
    const response = await fetch(`${configured.url}${PUSH_PUBLIC_KEY_PATH}`, { method: "POST" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    expect(await response.json()).toEqual({ error: "Use GET to read the push public key." });
  });

  it("answers 404 with a sentence where push is not configured", async () => {
    const response = await fetch(`${unconfigured.url}${PUSH_PUBLIC_KEY_PATH}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: "Push notifications are not configured on this server." });
  });
});
