import type { ReactNode } from "react";
import { MessagesShell } from "@/components/MessagesShell";
import { Role } from "@/generated/prisma/enums";
import { requireUser } from "@/server/auth/current-user";

export default async function MessagesLayout({ children }: { children: ReactNode }) {
  const user = await requireUser("/messages");
  return (
    <MessagesShell meId={user.id} canBrowseArtists={user.role === Role.CUSTOMER}>
      {children}
    </MessagesShell>
  );
}
