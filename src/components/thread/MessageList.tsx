"use client";

import { useCallback, useMemo } from "react";
import { useConnectionState } from "@/lib/connection-state";
import { newMessagesBelow } from "@/lib/new-messages";
import { placeReceipts, type ReadPosition } from "@/lib/read-receipts";
import type { Message } from "@/lib/trpc";
import type { useThread } from "@/lib/use-thread";
import { BubbleSkeleton } from "../Skeleton";
import { earlyHistoryExpired } from "@/lib/history-expiry";
import { DaySeparator } from "./DaySeparator";
import { ExpiredHistoryNote } from "./ExpiredHistoryNote";
import { groupThread } from "./message-groups";
import { MessageGroup } from "./MessageGroup";
import { NewMessagesPill } from "./NewMessagesPill";
import { Receipt } from "./Receipt";
import { SystemMessage } from "./SystemMessage";
import { threadEntries, type BubbleEntry } from "./thread-entry";
import { useThreadScroll } from "./use-thread-scroll";

/**
 * The scrolling history of a thread: day separators, groups of bubbles, system lines, and mine on
 * their way. A `log` (announced politely as messages arrive) holding a list. "Seen" goes under the
 * newest of my messages the other person has read, "Sent" under my newest when they have not read
 * it. A reader scrolled up is not moved by what arrives: a pill says how many are below.
 */
export function MessageList({
  thread,
  meId,
  otherName,
  onOpenPhoto,
  onEdit,
  onReport,
  read,
}: {
  thread: ReturnType<typeof useThread>;
  meId: string;
  /** The other person's name, once known. */
  otherName: string | undefined;
  onOpenPhoto: (entry: BubbleEntry, index: number) => void;
  /** A refused message of mine goes back to the composer; absent while sending is closed. */
  onEdit?: (clientId: string) => void;
  onReport: (message: Message) => void;
  /** How far the other person has read; null while they do not share read receipts. */
  read: ReadPosition | null;
}) {
  const offline = useConnectionState() === "offline";
  const { messages, pending } = thread;
  const blocks = useMemo(() => groupThread(threadEntries(messages, pending, meId)), [messages, pending, meId]);
  const { scroller, topSentinel, onScroll, seenThroughSeq, scrollToBottom } = useThreadScroll({
    oldestSeq: messages[0]?.seq ?? 0,
    newestSeq: messages.at(-1)?.seq ?? 0,
    pendingCount: pending.length,
    lastIsMine: pending.length > 0 || messages.at(-1)?.senderId === meId,
    olderBeforeSeq: thread.olderBeforeSeq,
    loadOlder: thread.loadOlder,
    markSeen: thread.markSeen,
  });
  const below = newMessagesBelow(messages, seenThroughSeq, meId);
  const receipts = useMemo(() => placeReceipts(messages, meId, read, { pendingAfter: pending.length > 0 }), [messages, meId, read, pending.length]);
  const receiptFor = useCallback(
    (message: Message) =>
      message.seq === receipts.seen?.seq ? <Receipt seenAt={receipts.seen.at} /> : message.seq === receipts.sentSeq ? <Receipt /> : undefined,
    [receipts],
  );

  return (
    <div className="relative flex min-h-0 min-w-0 flex-1 flex-col">
      <div
        ref={scroller}
        // Focusable, so the history can be scrolled from the keyboard even when it holds no link.
        tabIndex={0}
        aria-label="Message history"
        role="region"
        className="focus-inset min-h-0 flex-1 overflow-y-auto px-3 py-3 sm:px-5"
        onScroll={onScroll}
      >
        <div ref={topSentinel} aria-hidden className="h-px" />
        {thread.olderBeforeSeq !== null && <BubbleSkeleton label="Loading earlier messages" count={2} />}
        {thread.loaded && earlyHistoryExpired(messages[0]?.seq, thread.olderBeforeSeq) && <ExpiredHistoryNote />}
        {!thread.loaded &&
          (thread.offlineLoad ? (
            <p className="py-8 text-center text-sm text-stone-600">Earlier messages appear once the connection is back; what you write is sent then.</p>
          ) : (
            <BubbleSkeleton label="Loading messages" />
          ))}
        {thread.loaded && messages.length === 0 && pending.length === 0 && (
          <p className="py-8 text-center text-sm text-stone-600">No messages yet. Say hello{otherName ? ` to ${otherName}` : ""}!</p>
        )}
        <div role="log" aria-label="Messages">
          <ol className="flex min-w-0 flex-col">
            {blocks.map((block) => {
              if (block.type === "day") return <DaySeparator key={block.key} date={block.date} />;
              if (block.type === "system") return <SystemMessage key={block.key} message={block.entry.message!} />;
              const mine = block.senderId === meId;
              return (
                <MessageGroup
                  key={block.key}
                  entries={block.entries}
                  mine={mine}
                  senderName={otherName ?? ""}
                  offline={offline}
                  onOpenPhoto={onOpenPhoto}
                  onRetry={thread.retry}
                  onDiscard={thread.discard}
                  onEdit={onEdit}
                  onReport={onReport}
                  receiptFor={mine ? receiptFor : undefined}
                />
              );
            })}
          </ol>
        </div>
      </div>
      {below > 0 && <NewMessagesPill count={below} onClick={scrollToBottom} />}
    </div>
  );
}
