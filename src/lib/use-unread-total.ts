"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useTRPC } from "./trpc";
import { refreshQueries } from "./refresh-queries";

/**
 * My unread total (conversations I neither muted nor archived), kept live: asked again whenever
 * one of my conversations changes on any device (a message, a read, a mute, an archive), and when
 * the live stream (re)starts, since events may have been missed while it was down. Null until
 * known, and while not enabled (Glow support has no inbox).
 */
export function useUnreadTotal(enabled: boolean): number | null {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const total = useQuery(trpc.conversation.unreadTotal.queryOptions(undefined, { enabled }));
  const refresh = () => void refreshQueries(queryClient, { queryKey: trpc.conversation.unreadTotal.queryKey() });
  useSubscription(trpc.conversation.onActivity.subscriptionOptions(undefined, { enabled, onData: refresh, onStarted: refresh }));
  return enabled ? (total.data?.total ?? null) : null;
}
