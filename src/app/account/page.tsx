import type { Metadata } from "next";
import { AccountSecurity } from "@/components/AccountSecurity";
import { BlockedPeople } from "@/components/BlockedPeople";
import { MessengerSettings } from "@/components/MessengerSettings";
import { PageFrame } from "@/components/PageFrame";
import { YourData } from "@/components/YourData";
import { Role } from "@/generated/prisma/enums";
import { requireUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <PageFrame title="Account" intro={`Signed in as ${user.name}.`}>
      {/* Glow support has no conversations of its own: nothing to share or be notified of. */}
      {user.role !== Role.ADMIN && <MessengerSettings />}
      <AccountSecurity />
      <BlockedPeople />
      {/* Glow support accounts are not deleted from here (account-deletion.ts refuses them). */}
      <YourData canDelete={user.role !== Role.ADMIN} />
    </PageFrame>
  );
}
