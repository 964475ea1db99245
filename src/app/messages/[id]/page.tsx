import type { Metadata } from "next";
import { Thread } from "@/components/thread/Thread";
import { requireUser } from "@/server/auth/current-user";

export const metadata: Metadata = { title: "Conversation" };

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/messages/${id}`);
  return <Thread key={id} conversationId={id} meId={user.id} backHref="/messages" />;
}
