"use client";

import type { RouterOutputs } from "@/lib/trpc";

export type AdminMessage = RouterOutputs["admin"]["conversations"]["view"]["items"][number];
export type AdminConversation = RouterOutputs["admin"]["conversations"]["view"]["conversation"];

/**
 * PLACEHOLDER (replaced by the conversation-view work): a conversation as Glow support reads it,
 * read-only, with originals of masked and removed messages marked.
 */
export function ReadOnlyThread({
  conversation,
  items,
  highlightSeq,
}: {
  conversation: Pick<AdminConversation, "customer" | "artist">;
  items: AdminMessage[];
  /** The reported message, picked out. */
  highlightSeq?: number | null;
}) {
  return (
    <ol data-testid="admin-thread">
      {items.map((m) => (
        <li key={m.seq} data-highlighted={m.seq === highlightSeq || undefined}>
          {m.senderId === conversation.customer.id ? conversation.customer.name : m.senderId === conversation.artist.id ? conversation.artist.name : "Glow"}: {m.text}
        </li>
      ))}
    </ol>
  );
}
