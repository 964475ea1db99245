import NextAuth from "next-auth";
import { afterEach, describe, expect, it } from "vitest";
import { installTestSessionSecret } from "@tests/support/api-server";
import { authOptions } from "./options";

installTestSessionSecret();

afterEach(() => {
  delete process.env.NEXTAUTH_URL;
});

interface Answer {
  status: number;
  headers: Map<string, string | string[]>;
  /** Set-Cookie, by cookie name: the whole header line. */
  cookies: Map<string, string>;
  /** Where next-auth sends the browser (Location, or { url } for a json request). */
  location?: string;
}

/**
 * next-auth's own handler (its Node API flavour: the same core as the /api/auth route) for one GET
 * to /api/auth/<action>, on a site whose public URL is `publicUrl`.
 */
async function nextAuth(publicUrl: string, action: string, query: Record<string, string> = {}): Promise<Answer> {
  // next-auth reads its public URL from the environment on each request.
  process.env.NEXTAUTH_URL = publicUrl;
  const answer: Answer = { status: 200, headers: new Map(), cookies: new Map() };
  const res = {
    status(code: number) {
      answer.status = code;
      return res;
    },
    getHeader: (name: string) => answer.headers.get(name.toLowerCase()),
    setHeader(name: string, value: string | string[]) {
      answer.headers.set(name.toLowerCase(), value);
      return res;
    },
    end: () => {},
    send: () => {},
    json: (body: { url?: string }) => void (answer.location = body.url),
  };
  const req = { method: "GET", query: { nextauth: [action], ...query }, headers: { host: new URL(publicUrl).host }, cookies: {}, body: {} };
  await NextAuth(req as never, res as never, authOptions());
  for (const line of [answer.headers.get("set-cookie") ?? []].flat()) answer.cookies.set(line.slice(0, line.indexOf("=")), line);
  answer.location ??= answer.headers.get("location") as string | undefined;
  return answer;
}

/** The value next-auth remembers as where to go after signing in. */
function rememberedCallback(answer: Answer): string | undefined {
  const line = [...answer.cookies.entries()].find(([name]) => name.endsWith("next-auth.callback-url"))?.[1];
  return line === undefined ? undefined : decodeURIComponent(line.slice(line.indexOf("=") + 1).split(";")[0]!);
}

const HOSTILE = ["https://evil.example", "//evil.example", "/\\evil.example", "/%09/evil.example", "/.//evil.example", "/messages\u0000", "https://glow.example.evil.example/"];

describe("next-auth's redirect callback", () => {
  it.each(HOSTILE)("turns callbackUrl %j into this site's /messages", async (callbackUrl) => {
    expect(rememberedCallback(await nextAuth("https://glow.example", "csrf", { callbackUrl }))).toBe("https://glow.example/messages");
  });

  it("never gets to see a callbackUrl that is not http(s): next-auth refuses it first, remembering nothing", async () => {
    const answer = await nextAuth("https://glow.example", "csrf", { callbackUrl: "javascript:alert(1)" });
    expect(answer.location).toBeUndefined();
    expect(rememberedCallback(answer)).toBeUndefined();
  });

  it("keeps a path of this site, and an absolute URL on this site, as they are", async () => {
    for (const [callbackUrl, expected] of [
      ["/bookings?status=PENDING", "https://glow.example/bookings?status=PENDING"],
      ["https://glow.example/messages/cmwtryy3e0000pi7d9222d25w", "https://glow.example/messages/cmwtryy3e0000pi7d9222d25w"],
    ] as const) {
      expect(rememberedCallback(await nextAuth("https://glow.example", "csrf", { callbackUrl }))).toBe(expected);
    }
  });

  it("sends next-auth's own sign-in page to ours with the checked callbackUrl", async () => {
    const answer = await nextAuth("https://glow.example", "signin", { callbackUrl: "https://evil.example/x" });
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`/login?callbackUrl=${encodeURIComponent("https://glow.example/messages")}`);
  });
});

describe("next-auth's cookies", () => {
  it("are Secure, HttpOnly and __Secure-/__Host- prefixed when the public URL is https", async () => {
    const answer = await nextAuth("https://glow.example", "csrf", { callbackUrl: "/messages" });
    expect([...answer.cookies.keys()].sort()).toEqual(["__Host-next-auth.csrf-token", "__Secure-next-auth.callback-url"]);
    for (const line of answer.cookies.values()) {
      expect(line).toMatch(/; Secure(;|$)/);
      expect(line).toMatch(/; HttpOnly(;|$)/);
    }
  });

  it("are not Secure on a plain-http public URL (local development), where a browser would drop them", async () => {
    const answer = await nextAuth("http://localhost:3000", "csrf", { callbackUrl: "/messages" });
    expect([...answer.cookies.keys()].sort()).toEqual(["next-auth.callback-url", "next-auth.csrf-token"]);
    for (const line of answer.cookies.values()) expect(line).not.toMatch(/; Secure/);
  });
});
