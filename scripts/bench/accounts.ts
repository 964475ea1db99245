/**
 * Bench users, made the way a browser makes them: register through the public tRPC API, sign in
 * through next-auth's credentials flow, and use the session cookie it sets for everything after.
 */
import { randomBytes } from "node:crypto";
import { createTRPCClient, httpLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import type { Role as AnyRole } from "@/generated/prisma/enums";
import type { AppRouter } from "@/server/routers/root";

/** What anyone may sign up as. */
type Role = Exclude<AnyRole, "ADMIN">;

export interface BenchUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The server this user talks to (HTTP and WebSocket), so one user never straddles two. */
  baseUrl: string;
  /** `next-auth.session-token=…`, sent as the Cookie header. */
  cookie: string;
}

const PASSWORD = "bench-password-1";

async function expectOk(res: Response, what: string): Promise<void> {
  if (!res.ok) throw new Error(`${what} failed: HTTP ${res.status} ${(await res.text()).slice(0, 500)}`);
}

/** `name=value` of each Set-Cookie header, keyed by name. */
function cookiesOf(res: Response): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const header of res.headers.getSetCookie()) {
    const pair = header.split(";", 1)[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.trim());
  }
  return cookies;
}

/** auth.register with a superjson body, as the sign-up page sends it. Returns the new user's id. */
async function register(baseUrl: string, input: { email: string; password: string; name: string; role: Role }): Promise<string> {
  const res = await fetch(`${baseUrl}/api/trpc/auth.register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  });
  await expectOk(res, `Registering ${input.email}`);
  const body = (await res.json()) as { result?: { data?: { json?: { id?: string } } } };
  const id = body.result?.data?.json?.id;
  if (!id) throw new Error(`Registering ${input.email}: no id in ${JSON.stringify(body)}`);
  return id;
}

/**
 * next-auth's credentials sign-in: the CSRF token (and its cookie) from /api/auth/csrf, then the
 * form post to the callback, which answers with the session cookie.
 */
async function signIn(baseUrl: string, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  await expectOk(csrfRes, "GET /api/auth/csrf");
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookies = [...cookiesOf(csrfRes).values()].join("; ");

  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
    // The answer carries the cookie; following a redirect would drop it.
    redirect: "manual",
  });
  if (res.status >= 400) await expectOk(res, `Signing in ${email}`);
  // A large JWT is split into next-auth.session-token.0, .1, …; keep every part.
  const session = [...cookiesOf(res).entries()].filter(([name]) => name.startsWith("next-auth.session-token"));
  if (session.length === 0) throw new Error(`Signing in ${email}: no session cookie (HTTP ${res.status}; wrong password or CSRF?)`);
  return session.map(([, pair]) => pair).join("; ");
}

/** A fresh account (unique email per run) that is signed in. */
export async function createSignedInUser(baseUrl: string, role: Role, label: string): Promise<BenchUser> {
  const email = `${label}-${randomBytes(4).toString("hex")}@bench.example`;
  const name = `Bench ${label}`;
  const id = await register(baseUrl, { email, password: PASSWORD, name, role });
  const cookie = await signIn(baseUrl, email, PASSWORD);
  return { id, email, name, role, baseUrl, cookie };
}

/**
 * Queries and mutations over plain HTTP with the user's cookie. httpLink, not httpBatchLink: one
 * request per send, so a send's latency is its own and not its batch's.
 */
export function httpClientFor(user: BenchUser): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${user.baseUrl}/api/trpc`, transformer: superjson, headers: { cookie: user.cookie } })],
  });
}
