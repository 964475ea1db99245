import type { IncomingMessage } from "node:http";
import { getToken } from "next-auth/jwt";
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
    logger: { error: () => {}, warn: () => {}, debug: () => {} } as never,
  });
  if (!token?.sub || !token.role || !ROLES.has(token.role) || typeof token.sid !== "string") return null;
  if (!(await sessions.isOpen(token.sid))) return null;
  return { id: token.sub, role: token.role, sessionId: token.sid };
}
