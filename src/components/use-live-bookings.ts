"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/lib/trpc";
import { refreshQueries } from "@/lib/refresh-queries";

/**
 * Keeps booking pages current without a reload. A booking's status change writes a SYSTEM message
 * into the pair's conversation, which pings `conversation.onActivity`; then every booking query
 * is fetched again. With a `conversationId`, only that conversation's activity counts (a booking
 * page); without, any (the bookings list). A reconnect or a server-side resync refreshes too.
 */
export function useLiveBookings(conversationId?: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void refreshQueries(queryClient, { queryKey: trpc.booking.pathKey() });
  useSubscription(
    trpc.conversation.onActivity.subscriptionOptions(undefined, {
      onData: (activity) => {
        if (!conversationId || activity.conversationId === null || activity.conversationId === conversationId) refresh();
      },
      onStarted: refresh,
    }),
  );
}
