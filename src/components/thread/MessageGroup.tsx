import type { ReactNode } from "react";
import type { Message } from "@/lib/trpc";
import { Avatar } from "../Avatar";
import { MessageBubble } from "./MessageBubble";
import type { BubbleEntry } from "./thread-entry";

/**
 * A run of messages from one person: their avatar and name once, the bubbles close together,
 * the time under the last. Mine sit on the right without either.
 *
 * Read-only (Glow support, who is neither side): both people are named and pictured, one on each
 * side, and nothing can be reported, retried or edited.
 */
export function MessageGroup({
  entries,
  mine,
  senderName,
  offline,
  onOpenPhoto,
  onRetry,
  onDiscard,
  onEdit,
  onReport,
  readOnly = false,
  highlightSeq,
  annotate,
  receiptFor,
}: {
  entries: BubbleEntry[];
  mine: boolean;
  senderName: string;
  offline: boolean;
  onOpenPhoto: (entry: BubbleEntry, index: number) => void;
  /** Required wherever entries can be pending (the participant's own thread). */
  onRetry?: (clientId: string) => void;
  onDiscard?: (clientId: string) => void;
  onEdit?: (clientId: string) => void;
  /** Other people's messages can be reported (a group is all mine or all theirs). */
  onReport?: (message: Message) => void;
  readOnly?: boolean;
  /** The message to pick out. */
  highlightSeq?: number | null;
  /** A note under a message (what the participants saw differs from what was written). */
  annotate?: (message: Message) => ReactNode;
  /** "Seen" or "Sent" under one of my messages, where it goes (MessageList decides). */
  receiptFor?: (message: Message) => ReactNode;
}) {
  const named = readOnly || !mine;
  const avatar = named && <Avatar name={senderName || "?"} size="sm" />;
  return (
    <li className={`my-2 flex min-w-0 gap-2 ${mine ? "justify-end" : "justify-start"}`} data-testid="message-group">
      {!mine && avatar}
      <div className={`flex min-w-0 max-w-[85%] flex-col sm:max-w-[75%] ${mine ? "items-end" : "items-start"}`}>
        <span
          dir="auto"
          className={named ? "max-w-full truncate px-1 pb-0.5 text-xs font-medium text-stone-600" : "sr-only"}
          data-testid="group-sender"
        >
          {named ? senderName : "You"}
        </span>
        <ol className={`flex min-w-0 max-w-full flex-col gap-0.5 ${mine ? "items-end" : "items-start"}`}>
          {entries.map((entry, i) => (
            <MessageBubble
              key={entry.key}
              entry={entry}
              mine={mine}
              last={i === entries.length - 1}
              offline={offline}
              onOpenPhoto={entry.message?.attachments.length ? (index) => onOpenPhoto(entry, index) : undefined}
              onRetry={onRetry && (() => onRetry(entry.key))}
              onDiscard={onDiscard && (() => onDiscard(entry.key))}
              onEdit={onEdit && entry.pending?.photos.length === 0 ? () => onEdit(entry.key) : undefined}
              senderName={senderName}
              onReport={!mine && onReport && entry.message ? () => onReport(entry.message) : undefined}
              readOnly={readOnly}
              highlighted={highlightSeq != null && entry.message?.seq === highlightSeq}
              annotation={annotate && entry.message ? annotate(entry.message) : undefined}
              receipt={receiptFor && entry.message ? receiptFor(entry.message) : undefined}
            />
          ))}
        </ol>
      </div>
      {mine && avatar}
    </li>
  );
}
