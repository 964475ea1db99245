"use client";

import { useCallback, useMemo, useState } from "react";
import type { Message, RouterOutputs } from "@/lib/trpc";
import { DaySeparator } from "../thread/DaySeparator";
import { Lightbox, type LightboxPhoto } from "../thread/Lightbox";
import { groupThread } from "../thread/message-groups";
import { MessageGroup } from "../thread/MessageGroup";
import { SystemMessage } from "../thread/SystemMessage";
import { threadEntries, type BubbleEntry } from "../thread/thread-entry";

export type AdminMessage = RouterOutputs["admin"]["conversations"]["view"]["items"][number];
export type AdminConversation = RouterOutputs["admin"]["conversations"]["view"]["conversation"];

/**
 * A conversation as Glow support reads it: the participants' own thread components in their
 * read-only mode (both people named, nothing to report, retry or follow), with what was written
 * where it differs from what the participants saw: a removed message keeps its text and photos,
 * marked; a masked one shows the original under it. Nothing here reads or writes anything a
 * participant could notice (no read position, no subscription).
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
  const [lightbox, setLightbox] = useState<{ photos: LightboxPhoto[]; index: number; caption: string } | null>(null);
  const written = useMemo(() => new Map(items.map((m) => [m.id, m])), [items]);
  const blocks = useMemo(() => groupThread(threadEntries(items.map(asWritten), [], "")), [items]);
  const annotate = useCallback((message: Message) => {
    const original = written.get(message.id);
    return original ? <WrittenNote message={original} /> : null;
  }, [written]);
  const openPhoto = useCallback((entry: BubbleEntry, index: number) => {
    if (entry.message) setLightbox({ photos: entry.message.attachments, index, caption: entry.message.text });
  }, []);
  const closeLightbox = useCallback(() => setLightbox(null), []);

  const nameOf = (senderId: string | null) =>
    senderId === conversation.customer.id ? conversation.customer.name : senderId === conversation.artist.id ? conversation.artist.name : "Glow";

  return (
    <div data-testid="admin-thread" className="min-w-0">
      {items.length === 0 ? (
        <p className="py-8 text-center text-sm text-stone-600">No messages here.</p>
      ) : (
        <ol aria-label="Messages" className="flex min-w-0 flex-col">
          {blocks.map((block) => {
            if (block.type === "day") return <DaySeparator key={block.key} date={block.date} />;
            if (block.type === "system") {
              const message = block.entry.message!;
              return (
                <SystemMessage
                  key={block.key}
                  message={message}
                  readOnly
                  highlighted={message.seq === highlightSeq}
                  annotation={annotate(message)}
                />
              );
            }
            return (
              <MessageGroup
                key={block.key}
                entries={block.entries}
                // Like a transcript: the customer on the left, the artist on the right ("mine" is only a side here).
                mine={block.senderId === conversation.artist.id}
                senderName={nameOf(block.senderId)}
                offline={false}
                onOpenPhoto={openPhoto}
                readOnly
                highlightSeq={highlightSeq}
                annotate={annotate}
              />
            );
          })}
        </ol>
      )}
      {lightbox && <Lightbox photos={lightbox.photos} start={lightbox.index} caption={lightbox.caption} onClose={closeLightbox} />}
    </div>
  );
}

/** A removed message as it was written: its original text (its photos are still served to admins). */
function asWritten(message: AdminMessage): AdminMessage {
  return message.removedAt ? { ...message, text: message.originalText ?? message.text } : message;
}

/** How what was written differs from what the participants saw (the bubble above), under the message. */
function WrittenNote({ message }: { message: AdminMessage }) {
  if (message.removedAt) {
    return (
      <p className="mt-0.5 max-w-full px-1 text-xs font-medium text-red-800" data-testid="removed-label">
        Removed by Glow support: participants see “{message.text}”
      </p>
    );
  }
  if (message.originalText === null || message.originalText === message.text) return null;
  return (
    <p
      dir="auto"
      className="mt-1 max-w-full whitespace-pre-wrap rounded-lg border border-dashed border-amber-400 bg-amber-50 px-2.5 py-1.5 text-xs text-stone-800 [overflow-wrap:anywhere]"
      data-testid="original-text"
    >
      <span className="font-semibold">Original: </span>
      {message.originalText}
    </p>
  );
}
