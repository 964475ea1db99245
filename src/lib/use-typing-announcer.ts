"use client";

import { useMemo } from "react";
import { useTRPCClient } from "./trpc";
import { createTypingAnnouncer, type TypingAnnouncer } from "./typing";

/**
 * Tells the other participant that I am typing in this conversation (at most once per 2 s, see
 * createTypingAnnouncer). Fire and forget, over the WebSocket only while it is open: an
 * announcement that cannot go now is dropped, never sent late.
 */
export function useTypingAnnouncer(conversationId: string): TypingAnnouncer {
  const client = useTRPCClient();
  return useMemo(
    () => createTypingAnnouncer(() => void client.conversation.typing.mutate({ conversationId }).catch(() => {})),
    [client, conversationId],
  );
}
