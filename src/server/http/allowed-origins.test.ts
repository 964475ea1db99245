import { describe, expect, it } from "vitest";
import { parseEnv } from "@/env";
import { allowedOrigins, isAllowedOrigin } from "./allowed-origins";

/** The origins for an environment, read as the server reads it. */
const originsFor = (source: Record<string, string>) => allowedOrigins(parseEnv({ NEXTAUTH_SECRET: "x".repeat(32), ...source }));

describe("allowedOrigins", () => {
  it("is this machine on the app's port when nothing is configured", () => {
    expect(originsFor({ PORT: "3100" })).toEqual(["http://localhost:3100", "http://127.0.0.1:3100"]);
    expect(originsFor({})).toEqual(["http://localhost:3000", "http://127.0.0.1:3000"]);
  });

  it("is NEXTAUTH_URL's origin (path and trailing slash dropped) and ALLOWED_ORIGINS, and nothing else", () => {
    expect(originsFor({ NEXTAUTH_URL: "https://chat.example/app/" })).toEqual(["https://chat.example"]);
    expect(originsFor({ NEXTAUTH_URL: "https://chat.example", ALLOWED_ORIGINS: "https://www.chat.example, http://10.0.0.5:3000/" })).toEqual([
      "https://chat.example",
      "https://www.chat.example",
      "http://10.0.0.5:3000",
    ]);
    expect(originsFor({ ALLOWED_ORIGINS: "https://chat.example", PORT: "3100" })).toEqual(["https://chat.example"]);
  });
});

describe("isAllowedOrigin", () => {
  const allowed = ["https://chat.example", "http://localhost:3000"];

  it("compares origins, so case and a default port make no difference", () => {
    expect(isAllowedOrigin("https://chat.example", allowed)).toBe(true);
    expect(isAllowedOrigin("HTTPS://CHAT.EXAMPLE:443", allowed)).toBe(true);
    expect(isAllowedOrigin("http://localhost:3000", allowed)).toBe(true);
  });

  it("refuses another scheme, port or host, a look-alike, null and garbage", () => {
    for (const origin of ["http://chat.example", "https://chat.example:8443", "https://chat.example.evil.example", "https://evilchat.example", "http://localhost:3001", "http://127.0.0.1:3000", "null", "", "chat.example", "https://"]) {
      expect(isAllowedOrigin(origin, allowed), origin).toBe(false);
    }
  });
});
