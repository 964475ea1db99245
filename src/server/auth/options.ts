import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { env } from "@/env";
import { getDatabase } from "@/server/db";
import { getProcessLimits } from "@/server/process-limits";
import type { Role } from "@/generated/prisma/enums";
import { signInWithPassword } from "@/server/services/sign-in";

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
          const { prisma } = await getDatabase();
          // Failed sign-ins per account (SIGN_IN_FAILURES_PER_15_MIN), counted with every other
          // limit; over it, the thrown sentence is shown on the sign-in page.
          const { signInFailures } = getProcessLimits();
          const user = await signInWithPassword({ prisma, signInFailures }, parsed.data.email, parsed.data.password);
          if (!user) return null;
          return { id: user.id, name: user.name, email: user.email, role: user.role };
        },
      }),
    ],
    callbacks: {
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
