import type { ReactNode } from "react";
import { MessagesShell } from "@/components/MessagesShell";
import { Role } from "@/generated/prisma/enums";
import { redirect } from "next/navigation";
import { requireUser } from "@/server/auth/current-user";

export default async function MessagesLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("/messages");
  // Admins have no conversations of their own: they read others' on /admin, read-only.
  if (user.role === Role.ADMIN) redirect("/admin");
  return (
    <MessagesShell meId={user.id} canBrowseArtists={user.role === Role.CUSTOMER}>
      {children}
    </MessagesShell>
  );
}
