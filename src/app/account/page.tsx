import type { Metadata } from "next";
import { AccountSecurity } from "@/components/AccountSecurity";
import { BlockedPeople } from "@/components/BlockedPeople";
import { PageFrame } from "@/components/PageFrame";
import { requireUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <PageFrame title="Account" intro={`Signed in as ${user.name}.`}>
      <AccountSecurity />
      <BlockedPeople />
    </PageFrame>
  );
}
