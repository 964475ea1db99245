"use client";

import { useQueryClient, useInfiniteQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useConnectionState } from "@/lib/connection-state";
import { formatInboxTime } from "@/lib/format";
import { useTRPC, type ConversationSummary } from "@/lib/trpc";
import { unreadBadgeText } from "@/lib/unread-count";
import { Avatar } from "./Avatar";
import { DELETED_MESSAGE_TEXT } from "@/shared/account-deletion";
import { ARCHIVED_VIEW } from "./inbox-view";
import { LocalTime } from "./LocalTime";
import { ListSkeleton } from "./Skeleton";
import { refreshQueries } from "@/lib/refresh-queries";

/** Re-renders every minute, so "Yesterday" turns into a weekday at midnight without a reload. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

function preview(item: ConversationSummary, meId: string): string {
  const last = item.lastMessage;
  if (!last) return "No messages yet";
  if (last.deleted) return DELETED_MESSAGE_TEXT;
  const photos = last.attachments.length;
  const body = photos ? [photos === 1 ? "Photo" : `${photos} photos`, last.text].filter(Boolean).join(": ") : last.text;
  return last.senderId === meId ? `You: ${body}` : body;
}

/** A bell struck through: no notifications from this conversation, and no share in the unread total. */
function MutedIcon() {
  return (
    <span className="shrink-0 text-stone-500" data-testid="muted-icon" title="Muted">
      <svg aria-hidden viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
        <path d="M6 16V11a6 6 0 0 1 9.5-4.9M18 11v5l1.5 2H8M10 20.5a2 2 0 0 0 4 0M4 4l16 16" />
      </svg>
      <span className="sr-only">Muted</span>
    </span>
  );
}

/**
 * The inbox (or, with `archived`, the conversations I archived and nothing newer brought back):
 * most recent activity first, refreshed live when any of my conversations changes.
 */
export function ConversationList({
  meId,
  activeId,
  archived = false,
  emptyHint,
}: {
  meId: string;
  activeId?: string;
  archived?: boolean;
  emptyHint?: React.ReactNode;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow();
  const offline = useConnectionState() === "offline";
  const list = useInfiniteQuery(
    trpc.conversation.list.infiniteQueryOptions({ limit: 20, archived }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  useSubscription(
    trpc.conversation.onActivity.subscriptionOptions(undefined, {
      onData: () => void refreshQueries(queryClient, { queryKey: trpc.conversation.list.pathKey() }),
      // After a reconnect, whatever happened while away is fetched again.
      onStarted: () => void refreshQueries(queryClient, { queryKey: trpc.conversation.list.pathKey() }),
    }),
  );

  // What was loaded last stays on screen when a refresh fails (offline, server restarting): the
  // offline note says why it may be behind, and the next refresh brings it up to date.
  if (!list.data) {
    if (offline) return <p className="p-4 text-sm text-stone-600">Your conversations appear here when you are back online.</p>;
    if (list.isError && !list.isFetching) {
      return <p role="alert" className="p-4 text-sm text-red-700">Could not load conversations: {list.error.message}</p>;
    }
    return <ListSkeleton label="Loading conversations" />;
  }
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <div className="p-6 text-center text-sm text-stone-600">{emptyHint ?? "No conversations yet."}</div>;

  return (
    <nav aria-label={archived ? "Archived conversations" : "Conversations"}>
      <ul className="divide-y divide-stone-100" data-testid="conversation-list">
        {items.map((item) => {
          const active = item.id === activeId;
          return (
            <li key={item.id}>
              <Link
                // The Archived view stays beside a thread opened from it.
                href={archived ? `/messages/${item.id}?view=${ARCHIVED_VIEW}` : `/messages/${item.id}`}
                aria-current={active ? "page" : undefined}
                data-testid="conversation-item"
                className={`focus-inset flex min-w-0 items-center gap-3 px-3 py-3 hover:bg-stone-50 ${active ? "bg-brand-50" : ""}`}
              >
                <Avatar name={item.participant.name} />
                <span className="min-w-0 flex-1">
                  <span className="flex items-baseline gap-2">
                    <span dir="auto" className={`min-w-0 flex-1 truncate ${item.unreadCount ? "font-semibold" : "font-medium"}`}>
                      {item.participant.name}
                    </span>
                    {/* Only the one who blocked sees it: the other is never told who blocked whom. */}
                    {item.blockedByMe && (
                      <span className="shrink-0 rounded-full bg-stone-100 px-1.5 text-[11px] font-medium leading-5 text-stone-700" data-testid="blocked-label">
                        Blocked
                      </span>
                    )}
                    <LocalTime date={item.updatedAt} show={(date) => formatInboxTime(date, now)} className="shrink-0 text-xs text-stone-600" />
                  </span>
                  <span className="flex items-center gap-2">
                    <span
                      dir="auto"
                      className={`min-w-0 flex-1 truncate text-sm ${item.unreadCount ? "text-stone-900" : "text-stone-600"}`}
                      data-testid="conversation-preview"
                    >
                      {preview(item, meId)}
                    </span>
                    {item.muted && <MutedIcon />}
                    {item.unreadCount > 0 && (
                      <>
                        {/* Grey when muted: it counts in no total and sends no notification. */}
                        <span
                          aria-hidden
                          className={`min-w-[1.25rem] shrink-0 rounded-full px-1.5 text-center text-xs font-semibold leading-5 text-white ${
                            item.muted ? "bg-stone-500" : "bg-brand-600"
                          }`}
                          data-testid="unread-badge"
                          data-muted={item.muted || undefined}
                        >
                          {unreadBadgeText(item.unreadCount)}
                        </span>
                        <span className="sr-only">{item.unreadCount} unread</span>
                      </>
                    )}
                  </span>
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} className="focus-inset w-full py-3 text-sm font-medium text-brand-700 hover:bg-stone-50">
          {list.isFetchingNextPage ? "Loading…" : "Older conversations"}
        </button>
      )}
    </nav>
  );
}
