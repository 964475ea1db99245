import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/env";
import { getDatabase } from "@/server/db";
import { logger } from "@/server/log/logger";
import { processServices } from "@/server/process-services";
import { signInWithPassword } from "@/server/services/sign-in";
import { endSession, startSession } from "@/server/services/sessions";
import type { Role } from "@/generated/prisma/enums";
import { safePath } from "@/shared/safe-path";

/** Thrown from the jwt callback for a cookie whose session ended: next-auth then clears the cookie. */
const SESSION_ENDED = "This session has ended. Sign in again.";

const CredentialsSchema = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) });

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/login" },
    logger: {
      // Without NEXTAUTH_URL, next-auth uses the request's own host, which is what we want locally.
      warn: (code) => {
        if (code !== "NEXTAUTH_URL") logger().warn({ code }, "next-auth warning");
      },
      error: (code, metadata) => {
        // A signed-out cookie presented again is expected, not an error worth a log line.
        if (code === "JWT_SESSION_ERROR" && metadata instanceof Error && metadata.message === SESSION_ENDED) return;
        // Only an Error's name, message and stack: next-auth's other metadata can hold the token or the user.
        const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
        logger().error({ code, ...(error instanceof Error ? { err: error } : {}) }, "next-auth error");
      },
      // Its debug output holds tokens, cookies and the user: never logged, at any level.
      debug: () => {},
    },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const parsed = CredentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const { prisma } = await getDatabase();
          // Failed sign-ins per account (SIGN_IN_FAILURES_PER_15_MIN), counted with every other
          // limit; over it, the thrown sentence is shown on the sign-in page.
          const { signInFailures } = processServices().limits;
          // A suspended account is refused here with the suspension's end, shown on the sign-in page.
          const user = await signInWithPassword({ prisma, signInFailures, timeZone: env().APP_TIME_ZONE }, parsed.data.email, parsed.data.password);
          if (!user) return null;
          return { id: user.id, name: user.name, email: user.email, role: user.role };
        },
      }),
    ],
    events: {
      // next-auth's /api/auth/signout: the session ends on every process, not just in this browser.
      async signOut({ token }) {
        if (!token?.sid) return;
        const { prisma } = await getDatabase();
        await endSession({ prisma, bus: processServices().bus }, token.sid);
      },
    },
    callbacks: {
      /** Only to a path of this site, whatever callbackUrl a link carried. */
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safePath(url, baseUrl)}`;
      },
      async jwt({ token, user }) {
        if (user) {
          // Signing in starts a session; its id in the cookie lets sign-out end it everywhere.
          const { prisma } = await getDatabase();
          token.sub = user.id;
          token.role = (user as unknown as { role: Role }).role;
          token.sid = await startSession(prisma, user.id);
          return token;
        }
        if (!token.sid || !(await processServices().sessions.isOpen(token.sid))) throw new Error(SESSION_ENDED);
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) {
          session.user.id = token.sub;
          session.user.role = token.role as Role;
        }
        return session;
      },
    },
  };
}
