import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Thread } from "@/components/thread/Thread";
import { requireUser } from "@/server/auth/current-user";
import { isId } from "@/shared/ids";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/messages/${id}`);
  // A garbled link is a missing page, not a request the server refuses.
  if (!isId(id)) notFound();
  return <Thread key={id} conversationId={id} meId={user.id} backHref="/messages" />;
}
