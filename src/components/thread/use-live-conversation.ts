"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "@/lib/trpc";
import { refreshQueries } from "@/lib/refresh-queries";

/**
 * Keeps an open thread's `conversation.byId` (who it is with, whether I may send) current: a block
 * or unblock by either person pings both through the inbox activity stream, and the composer gives
 * way to an explanation, or comes back, without a reload. tRPC carries this subscription on the
 * tab's one WebSocket, beside the inbox's; a reconnect or a resync refreshes too.
 */
export function useLiveConversation(conversationId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => void refreshQueries(queryClient, { queryKey: trpc.conversation.byId.queryKey({ id: conversationId }) });
  useSubscription(
    trpc.conversation.onActivity.subscriptionOptions(undefined, {
      onData: (activity) => {
        // A block, unblock, mute or archive changes it (on any of my devices); a new message does not.
        if (activity.conversationId === null || (activity.conversationId === conversationId && activity.accessChanged)) refresh();
      },
      onStarted: refresh,
    }),
  );
}
