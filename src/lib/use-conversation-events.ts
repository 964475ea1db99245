"use client";

import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useLayoutEffect, useMemo, useReducer } from "react";
import {
  initialLiveConversation,
  liveConversationReducer,
  type ConversationEvent,
  type LiveAction,
  type OtherPresence,
} from "./conversation-live";
import { otherReadPosition, type ReadPosition, type ReceiptMessage } from "./read-receipts";
import { useTRPC } from "./trpc";

export interface ConversationLiveState {
  /** The other person is typing ("Ava is typing…"). */
  typing: boolean;
  /** How far they have read; null while they do not share read receipts with me. */
  read: ReadPosition | null;
  /** Online or last seen; null while not known or not shared. */
  presence: OtherPresence | null;
}

/** An event as it arrives, stamped with this device's clock (typing lapses 5 s after, by it). */
const arrived = (event: ConversationEvent): LiveAction => ({ type: "event", event, now: Date.now() });

/**
 * The other person's typing, read position and presence in an open thread, live: one
 * conversation.onEvents subscription, which tRPC carries on the tab's one WebSocket. The read
 * position joins what conversation.byId said (`known`) with what was announced since and with
 * their own newest message; typing ends 5 s after their last announcement, or when their message
 * arrives. A thread is mounted per conversation (keyed by its id), so the state starts afresh.
 */
export function useConversationEvents({
  conversationId,
  otherId,
  known,
  messages,
}: {
  conversationId: string;
  /** Who the other participant is, once conversation.byId says. */
  otherId: string | undefined;
  /** conversation.byId's otherLastReadSeq and otherLastReadAt; null while hidden or not loaded. */
  known: ReadPosition | null;
  /** The thread's confirmed messages, ascending by seq. */
  messages: readonly ReceiptMessage[];
}): ConversationLiveState {
  const trpc = useTRPC();
  const [live, dispatch] = useReducer(liveConversationReducer, initialLiveConversation);
  useSubscription(
    trpc.conversation.onEvents.subscriptionOptions(
      { conversationId },
      { onData: (event) => dispatch(arrived(event)) },
    ),
  );

  const { typingUntil } = live;
  useEffect(() => {
    if (typingUntil === null) return;
    const timer = setTimeout(() => dispatch({ type: "typing-expired", until: typingUntil }), Math.max(0, typingUntil - Date.now()));
    return () => clearTimeout(timer);
  }, [typingUntil]);

  // Their newest message: once it is here, what they were typing has been sent. Before paint, so
  // their message never shows beside "… is typing".
  const newestFromOther = useMemo(() => {
    for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.senderId === otherId) return messages[i]!.seq;
    return 0;
  }, [messages, otherId]);
  useLayoutEffect(() => {
    if (newestFromOther) dispatch({ type: "message-from-other" });
  }, [newestFromOther]);

  const read = useMemo(() => otherReadPosition({ known, live: live.read, messages, otherId }), [known, live.read, messages, otherId]);
  return { typing: typingUntil !== null, read, presence: live.presence };
}
