import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/env";
import { getDatabase } from "@/server/db";
import { createRateLimiter } from "@/server/services/rate-limit";
import type { Role } from "@/generated/prisma/enums";
import { authenticateUser, normalizeEmail } from "@/server/services/users";
import { safePath } from "@/shared/safe-path";

/** 10 failed sign-ins per account per 15 minutes, then a pause (per process). */
const signInAttempts = createRateLimiter({ limit: 10, windowMs: 15 * 60_000 });

const CredentialsSchema = z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(200) });

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    pages: { signIn: "/login" },
    logger: {
      // Without NEXTAUTH_URL, next-auth uses the request's own host, which is what we want locally.
      warn: (code) => code !== "NEXTAUTH_URL" && console.warn(`[next-auth] ${code}`),
      error: (code, metadata) => console.error(`[next-auth] ${code}`, metadata instanceof Error ? metadata.message : ""),
      debug: () => {},
    },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const parsed = CredentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const key = normalizeEmail(parsed.data.email);
          const attempt = signInAttempts.hit(key);
          if (!attempt.allowed) {
            const minutes = Math.ceil(attempt.retryAfterMs / 60_000);
            throw new Error(`Too many sign-in attempts for this account. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`);
          }
          const { prisma } = await getDatabase();
          const user = await authenticateUser(prisma, parsed.data.email, parsed.data.password);
          if (!user) return null;
          signInAttempts.reset(key);
          return { id: user.id, name: user.name, email: user.email, role: user.role };
        },
      }),
    ],
    callbacks: {
      /** Only to a path of this site, whatever callbackUrl a link carried. */
      redirect({ url, baseUrl }) {
        return `${baseUrl}${safePath(url, baseUrl)}`;
      },
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.role = (user as unknown as { role: Role }).role;
        }
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
