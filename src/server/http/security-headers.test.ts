import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { sessionCookie, startApiServer } from "@tests/support/api-server";
import { conversationPair, type TestUser } from "@tests/support/fixtures";
import { photo } from "@tests/support/images";
import { apiServerForThisFile, databaseForThisFile } from "@tests/support/test-file";
import { contentSecurityPolicy, pageHeaders, STRICT_TRANSPORT_SECURITY } from "./security-headers";

const { db, bus } = databaseForThisFile();
const server = apiServerForThisFile({ db, bus });
let customer: TestUser;
let conversationId: string;

beforeAll(async () => {
  ({ customer, conversationId } = await conversationPair(db, bus));
});

/** "script-src 'self' …" → { "script-src": ["'self'", …] } */
function directives(policy: string): Record<string, string[]> {
  return Object.fromEntries(policy.split(";").map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe("the pages' Content-Security-Policy", () => {
  const production = { development: false, socketOrigins: ["https://chat.example", "https://www.chat.example"], imageOrigins: [] };

  it("allows scripts, styles, images and connections from this site only, and no eval in production", () => {
    const csp = directives(contentSecurityPolicy(production));
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["script-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'self'"]);
    expect(csp["form-action"]).toEqual(["'self'"]);
    expect(Object.values(csp).flat()).not.toContain("'unsafe-eval'");
    expect(Object.values(csp).flat().filter((source) => source === "*" || source.endsWith(":*") || source === "https:")).toEqual([]);
  });

  it("lets the page open the app's own WebSocket: wss:// for each https origin, ws:// for the local default", () => {
    expect(directives(contentSecurityPolicy(production))["connect-src"]).toEqual(["'self'", "wss://chat.example", "wss://www.chat.example"]);
    const local = { development: true, socketOrigins: ["http://localhost:3000", "http://127.0.0.1:3000"], imageOrigins: [] };
    expect(directives(contentSecurityPolicy(local))["connect-src"]).toEqual(["'self'", "ws://localhost:3000", "ws://127.0.0.1:3000"]);
  });

  it("allows eval in development only (next dev needs it), and images from UploadThing only when it stores them", () => {
    const development = directives(contentSecurityPolicy({ ...production, development: true, imageOrigins: ["https://*.ufs.sh"] }));
    expect(development["script-src"]).toEqual(["'self'", "'unsafe-inline'", "'unsafe-eval'"]);
    expect(development["img-src"]).toEqual(["'self'", "blob:", "data:", "https://*.ufs.sh"]);
  });

  it("comes with HSTS when the public URL is https, and without it otherwise", () => {
    expect(pageHeaders({ ...production, https: true })).toMatchObject({ "Strict-Transport-Security": STRICT_TRANSPORT_SECURITY });
    expect(pageHeaders({ ...production, https: false })).not.toHaveProperty("Strict-Transport-Security");
    expect(pageHeaders({ ...production, https: false })).toMatchObject({ "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin" });
  });
});

describe("API responses", () => {
  async function trpcAnswers(baseUrl: string) {
    const cookie = await sessionCookie(customer);
    const input = encodeURIComponent(JSON.stringify({ json: { conversationId } }));
    return [
      await fetch(`${baseUrl}/api/trpc/message.list?input=${input}`, { headers: { cookie } }),
      await fetch(`${baseUrl}/api/trpc/user.me`),
      await fetch(`${baseUrl}/api/trpc/message.send`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ json: { conversationId, clientId: randomUUID(), text: "hello" } }),
      }),
      await fetch(`${baseUrl}/api/trpc/nope.nope`),
      await fetch(`${baseUrl}/api/health`),
    ];
  }

  it("tRPC (answers and errors) and the health check are never cached, sniffed or framed", async () => {
    const answers = await trpcAnswers(server.url);
    expect(answers.map((response) => response.status)).toEqual([200, 401, 200, 404, 200]);
    for (const response of answers) {
      expect(response.headers.get("cache-control"), response.url).toBe("no-store");
      expect(response.headers.get("x-content-type-options"), response.url).toBe("nosniff");
      expect(response.headers.get("content-security-policy"), response.url).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get("strict-transport-security"), response.url).toBeNull();
    }
  });

  it("carry HSTS when the public URL is https; photos keep their own caching and CSP", async () => {
    const secure = await startApiServer({ db, bus, https: true });
    try {
      for (const response of await trpcAnswers(secure.url)) {
        expect(response.headers.get("strict-transport-security"), response.url).toBe(STRICT_TRANSPORT_SECURITY);
        expect(response.headers.get("cache-control"), response.url).toBe("no-store");
      }
      const cookie = await sessionCookie(customer);
      const body = new FormData();
      body.append("file", new Blob([new Uint8Array(await photo(64, 64))], { type: "image/jpeg" }), "photo.jpg");
      const uploaded = await fetch(`${secure.url}/api/uploads?conversationId=${conversationId}`, { method: "POST", body, headers: { cookie } });
      expect(uploaded.status).toBe(201);
      expect(uploaded.headers.get("strict-transport-security")).toBe(STRICT_TRANSPORT_SECURITY);
      const { id } = (await uploaded.json()) as { id: string };
      const image = await fetch(`${secure.url}/api/uploads/${id}/thumb`, { headers: { cookie } });
      expect(image.status).toBe(200);
      expect(image.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
      expect(image.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
      expect(image.headers.get("strict-transport-security")).toBe(STRICT_TRANSPORT_SECURITY);
    } finally {
      await secure.close();
    }
  });
});
