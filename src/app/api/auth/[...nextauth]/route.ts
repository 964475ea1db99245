import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/options";

export const dynamic = "force-dynamic";

// Built per request so that `next build` never needs the runtime secret.
function handler(req: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(req, context);
}

export { handler as GET, handler as POST };
