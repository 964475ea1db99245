"use client";

import { useQueryClient, useInfiniteQuery } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useConnectionState } from "@/lib/connection-state";
import { formatInboxTime } from "@/lib/format";
import { useTRPC, type ConversationSummary } from "@/lib/trpc";
import { Avatar } from "./Avatar";
import { LocalTime } from "./LocalTime";
import { ListSkeleton } from "./Skeleton";

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
  const photos = last.attachments.length;
  const body = photos ? [photos === 1 ? "Photo" : `${photos} photos`, last.text].filter(Boolean).join(": ") : last.text;
  return last.senderId === meId ? `You: ${body}` : body;
}

/** The inbox: most recent activity first, refreshed live when any of my conversations changes. */
export function ConversationList({ meId, activeId, emptyHint }: { meId: string; activeId?: string; emptyHint?: React.ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const now = useNow();
  const offline = useConnectionState() === "offline";
  const list = useInfiniteQuery(
    trpc.conversation.list.infiniteQueryOptions({ limit: 20 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  useSubscription(
    trpc.conversation.onActivity.subscriptionOptions(undefined, {
      onData: () => void queryClient.invalidateQueries({ queryKey: trpc.conversation.list.pathKey() }),
      // After a reconnect, whatever happened while away is fetched again.
      onStarted: () => void queryClient.invalidateQueries({ queryKey: trpc.conversation.list.pathKey() }),
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
    <nav aria-label="Conversations">
      <ul className="divide-y divide-stone-100" data-testid="conversation-list">
        {items.map((item) => {
          const active = item.id === activeId;
          return (
            <li key={item.id}>
              <Link
                href={`/messages/${item.id}`}
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
                    {item.unreadCount > 0 && (
                      <>
                        <span
                          aria-hidden
                          className="min-w-[1.25rem] shrink-0 rounded-full bg-brand-600 px-1.5 text-center text-xs font-semibold leading-5 text-white"
                          data-testid="unread-badge"
                        >
                          {item.unreadCount > 99 ? "99+" : item.unreadCount}
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
