import type { IncomingMessage } from "node:http";
import { decode, getToken, type JWT, type JWTDecodeParams } from "next-auth/jwt";
import { env } from "@/env";
import { Role } from "@/generated/prisma/enums";
import type { SessionGuard } from "./session-guard";

export interface SessionUser {
  id: string;
  role: Role;
  /** The session (signed-in browser) the call comes from: signing out ends it everywhere. */
  sessionId: string;
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a cookie we cannot decode is not ours
    }
  }
  return cookies;
}

const ROLES = new Set<string>(Object.values(Role));

/**
 * Decrypting next-auth's cookie (JWE, with a key derived per call) costs about 0.4 ms: every HTTP
 * request would pay it. The same cookie string always decrypts to the same claims, so verified
 * claims are kept by cookie value until they expire (at most MAX_DECODED, oldest dropped first).
 * Whether the session is still open is asked separately, on every call (session-guard.ts).
 */
const MAX_DECODED = 10_000;
const decoded = new Map<string, JWT>();

async function decodeOnce(params: JWTDecodeParams): Promise<JWT | null> {
  const token = params.token ?? "";
  const known = decoded.get(token);
  if (known && typeof known.exp === "number" && known.exp * 1000 > Date.now()) return known;
  decoded.delete(token);
  const claims = await decode(params);
  if (claims && typeof claims.exp === "number") {
    decoded.set(token, claims);
    if (decoded.size > MAX_DECODED) decoded.delete(decoded.keys().next().value!);
  }
  return claims;
}

/**
 * The signed-in user of a plain Node request (HTTP or a WebSocket upgrade), from next-auth's
 * session cookie or an `Authorization: Bearer <session token>` header. Null when there is none,
 * it does not verify, or its session has ended (signed out, here or on another device).
 */
export async function sessionFromRequest(req: IncomingMessage, sessions: SessionGuard): Promise<SessionUser | null> {
  const { NEXTAUTH_SECRET, NEXTAUTH_URL } = env();
  const token = await getToken({
    req: { cookies: parseCookies(req.headers.cookie), headers: req.headers } as never,
    secret: NEXTAUTH_SECRET,
    secureCookie: NEXTAUTH_URL?.startsWith("https://") ?? false,
    decode: decodeOnce,
    logger: { error: () => {}, warn: () => {}, debug: () => {} } as never,
  });
  if (!token?.sub || !token.role || !ROLES.has(token.role) || typeof token.sid !== "string") return null;
  if (!(await sessions.isOpen(token.sid))) return null;
  return { id: token.sub, role: token.role, sessionId: token.sid };
}
