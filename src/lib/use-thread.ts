"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useEffect, useReducer, useRef } from "react";
import { initialThreadState, threadReducer, type OutgoingPhoto, type PendingMessage } from "./thread-state";
import { useTRPC, useTRPCClient } from "./trpc";
import { newClientId } from "./uuid";

/**
 * One conversation's messages: the newest page, older pages on demand, live messages from the
 * subscription (resumed from the newest seq shown), and the user's own sends shown at once as
 * pending until the server confirms them.
 */
export function useThread(conversationId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer(threadReducer, initialThreadState);
  const [loadError, setLoadError] = useReducer((_: string | null, e: string | null) => e, null);
  const loadingOlder = useRef(false);

  useEffect(() => {
    let cancelled = false;
    client.message.list
      .query({ conversationId })
      .then((page) => !cancelled && dispatch({ type: "loaded", items: page.items, nextBeforeSeq: page.nextBeforeSeq }))
      .catch((error: Error) => !cancelled && setLoadError(error.message));
    return () => {
      cancelled = true;
    };
  }, [client, conversationId]);

  // Resume after what the first page showed; the link carries the latest seq across reconnects.
  useSubscription(
    trpc.message.onMessage.subscriptionOptions(
      { conversationId, lastEventId: state.resumeAfterSeq === null ? null : String(state.resumeAfterSeq) },
      {
        enabled: state.loaded,
        onData: (event) => {
          dispatch({ type: "received", message: event.data });
          // A booking changed status: every view of bookings refreshes.
          if (event.data.kind === "SYSTEM" && event.data.bookingId) {
            void queryClient.invalidateQueries({ queryKey: trpc.booking.pathKey() });
          }
        },
      },
    ),
  );

  // The vanilla client, not useMutation: each send needs its own answer, even when several overlap.
  const sendPending = useCallback(
    (clientId: string, text: string, photos: OutgoingPhoto[]) => {
      dispatch({ type: "sending", pending: { clientId, text, photos, createdAt: new Date(), status: "sending" } });
      const attachmentIds = photos.length ? photos.map((p) => p.id) : undefined;
      client.message.send
        .mutate({ conversationId, clientId, text, attachmentIds })
        .then((message) => dispatch({ type: "received", message }))
        .catch((error: Error) => dispatch({ type: "failed", clientId, error: error.message }));
    },
    [client, conversationId],
  );

  const send = useCallback((text: string, photos: OutgoingPhoto[] = []) => sendPending(newClientId(), text, photos), [sendPending]);

  const loadOlder = useCallback(async () => {
    if (loadingOlder.current || state.olderBeforeSeq === null) return;
    loadingOlder.current = true;
    try {
      const page = await client.message.list.query({ conversationId, beforeSeq: state.olderBeforeSeq });
      dispatch({ type: "older", items: page.items, nextBeforeSeq: page.nextBeforeSeq });
    } finally {
      loadingOlder.current = false;
    }
  }, [client, conversationId, state.olderBeforeSeq]);

  const markRead = useMutation(trpc.conversation.markRead.mutationOptions());
  const lastMarked = useRef(0);
  const newestSeq = state.messages.at(-1)?.seq ?? 0;
  const markSeen = useCallback(() => {
    if (newestSeq > lastMarked.current && document.visibilityState === "visible") {
      lastMarked.current = newestSeq;
      markRead.mutate({ conversationId, seq: newestSeq });
    }
  }, [conversationId, markRead, newestSeq]);

  return {
    ...state,
    loadError,
    send,
    retry: (pending: PendingMessage) => sendPending(pending.clientId, pending.text, pending.photos),
    discard: (clientId: string) => dispatch({ type: "discard", clientId }),
    loadOlder,
    markSeen,
  };
}
