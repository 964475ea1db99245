import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import type { Role } from "@/generated/prisma/enums";
import { authOptions } from "./options";

export interface CurrentUser {
  id: string;
  name: string;
  role: Role;
}

/** The signed-in user for a server component, or null. */
export async function currentUser(): Promise<CurrentUser | null> {
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return null;
  return { id: session.user.id, name: session.user.name ?? "", role: session.user.role };
}

/** Sends visitors without a session to /login, and back here after signing in. */
export async function requireUser(returnTo: string): Promise<CurrentUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** Glow support only: visitors without a session sign in first; everyone else goes to their messages. */
export async function requireAdmin(returnTo: string): Promise<CurrentUser> {
  const user = await requireUser(returnTo);
  if (user.role !== "ADMIN") redirect("/messages");
  return user;
}
