import type { Metadata } from "next";
import { Suspense } from "react";
import { ConversationSearch } from "@/components/admin/ConversationSearch";

export const metadata: Metadata = { title: "Conversations · Admin" };

export default function AdminConversationsPage() {
  return (
    <>
      <h1 className="text-2xl font-semibold">Conversations</h1>
      <p className="mt-1 text-sm text-stone-600">
        Find the conversation a dispute is about by a participant&apos;s name or email, a conversation, booking or user id, or words from its
        messages. Every search is recorded in the audit log.
      </p>
      {/* The search reads the address (?q=, ?userId=, ?bookingId=), known only in the browser. */}
      <Suspense>
        <ConversationSearch />
      </Suspense>
    </>
  );
}
