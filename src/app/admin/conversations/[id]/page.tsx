import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ConversationViewer } from "@/components/admin/ConversationViewer";
import { isId } from "@/shared/ids";

export const metadata: Metadata = { title: "Conversation · Admin" };

export default async function AdminConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // A garbled link is a missing page, not a request the server refuses.
  if (!isId(id)) notFound();
  return (
    <>
      <Link href="/admin/conversations" className="text-sm font-medium text-brand-700 underline underline-offset-2">
        ← Conversations
      </Link>
      <h1 className="mt-2 text-2xl font-semibold">Conversation</h1>
      <ConversationViewer key={id} conversationId={id} />
    </>
  );
}
