import type { Message } from "@/lib/trpc";
import { Avatar } from "../Avatar";
import { MessageBubble } from "./MessageBubble";
import type { BubbleEntry } from "./thread-entry";

/**
 * A run of messages from one person: their avatar and name once, the bubbles close together,
 * the time under the last. Mine sit on the right without either.
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
}: {
  entries: BubbleEntry[];
  mine: boolean;
  senderName: string;
  offline: boolean;
  onOpenPhoto: (entry: BubbleEntry, index: number) => void;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  onEdit?: (clientId: string) => void;
  /** Other people's messages can be reported (a group is all mine or all theirs). */
  onReport?: (message: Message) => void;
}) {
  return (
    <li className={`my-2 flex min-w-0 gap-2 ${mine ? "justify-end" : "justify-start"}`} data-testid="message-group">
      {!mine && <Avatar name={senderName || "?"} size="sm" />}
      <div className={`flex min-w-0 max-w-[85%] flex-col sm:max-w-[75%] ${mine ? "items-end" : "items-start"}`}>
        <span
          dir="auto"
          className={mine ? "sr-only" : "max-w-full truncate px-1 pb-0.5 text-xs font-medium text-stone-600"}
          data-testid="group-sender"
        >
          {mine ? "You" : senderName}
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
              onRetry={() => onRetry(entry.key)}
              onDiscard={() => onDiscard(entry.key)}
              onEdit={onEdit && entry.pending?.photos.length === 0 ? () => onEdit(entry.key) : undefined}
              senderName={senderName}
              onReport={!mine && onReport && entry.message ? () => onReport(entry.message) : undefined}
            />
          ))}
        </ol>
      </div>
    </li>
  );
}
