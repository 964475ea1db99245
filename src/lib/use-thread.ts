"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { useOutbox, useOutboxEntries } from "./outbox/OutboxProvider";
import { isTransient, retryDelay } from "./retry-policy";
import { initialThreadState, threadReducer, type OutgoingPhoto, type PendingMessage } from "./thread-state";
import { useTRPC, useTRPCClient } from "./trpc";
import { newClientId } from "./uuid";

/** How many of a thread's newest messages are kept on the device for reading offline. */
const KEPT_OFFLINE = 50;

/**
 * One conversation's messages: the newest page, older pages on demand, live messages from the
 * subscription (resumed from the newest seq shown), and the user's own messages from the outbox,
 * shown at once as pending until the server confirms them. Until the server's first page is in
 * (offline, for one), the last known copy of the newest messages kept on this device is shown.
 */
export function useThread(conversationId: string) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const outbox = useOutbox();
  const outboxEntries = useOutboxEntries();
  const [state, dispatch] = useReducer(threadReducer, initialThreadState);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [offlineLoad, setOfflineLoad] = useState(false);
  const loadingOlder = useRef(false);
  /** Local previews of photos this tab sent, until the server's thumbnails take over. */
  const [previews, setPreviews] = useState<ReadonlyMap<string, string>>(new Map());

  // The last known copy lives in the query cache, which is kept on the device (query-persistence),
  // under message.list's own key. Never fetched from here: the loader below asks the server.
  const lastKnown = useQuery(trpc.message.list.queryOptions({ conversationId }, { enabled: false })).data;
  const lastKnownKey = useMemo(() => trpc.message.list.queryKey({ conversationId }), [trpc, conversationId]);
  useEffect(() => {
    if (lastKnown) dispatch({ type: "cached", items: lastKnown.items, nextBeforeSeq: lastKnown.nextBeforeSeq });
  }, [lastKnown]);

  // The first page; a transient failure is tried again with the retry policy's backoff, and at
  // once when the browser is back online (offline, only that: failures then are local and instant).
  useEffect(() => {
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const load = () =>
      client.message.list
        .query({ conversationId })
        .then((page) => {
          if (cancelled) return;
          setOfflineLoad(false);
          dispatch({ type: "loaded", items: page.items, nextBeforeSeq: page.nextBeforeSeq });
        })
        .catch((error: unknown) => {
          if (cancelled) return;
          if (!isTransient(error)) return setLoadError((error as Error).message);
          setOfflineLoad(true);
          if (navigator.onLine) retry = setTimeout(load, retryDelay(attempt++, error));
        });
    const onOnline = () => {
      clearTimeout(retry);
      attempt = 0;
      void load();
    };
    void load();
    window.addEventListener("online", onOnline);
    return () => {
      cancelled = true;
      clearTimeout(retry);
      window.removeEventListener("online", onOnline);
    };
  }, [client, conversationId]);

  // Resume after what the first page showed; the link carries the latest seq across reconnects.
  // A resumed stream sends only newer seqs: on each restart the newest page is read again, so a
  // message changed while the socket was down (removed by Glow support) shows as it is now.
  const [streamStarts, setStreamStarts] = useState(0);
  useEffect(() => {
    if (streamStarts < 2) return; // the first start follows the first page: nothing to read again
    let cancelled = false;
    client.message.list
      .query({ conversationId })
      .then((page) => !cancelled && dispatch({ type: "refreshed", items: page.items, nextBeforeSeq: page.nextBeforeSeq }))
      .catch(() => {}); // the next restart tries again
    return () => {
      cancelled = true;
    };
  }, [client, conversationId, streamStarts]);
  useSubscription(
    trpc.message.onMessage.subscriptionOptions(
      { conversationId, lastEventId: state.resumeAfterSeq === null ? null : String(state.resumeAfterSeq) },
      {
        enabled: state.resumeAfterSeq !== null,
        onStarted: () => setStreamStarts((starts) => starts + 1),
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

  // Once the server has answered, the newest messages (live ones too) become the last known copy.
  useEffect(() => {
    if (state.resumeAfterSeq === null) return;
    const items = state.messages.slice(-KEPT_OFFLINE);
    const nextBeforeSeq = items.length < state.messages.length ? items[0]!.seq : state.olderBeforeSeq;
    queryClient.setQueryData(lastKnownKey, { items, nextBeforeSeq });
  }, [queryClient, lastKnownKey, state.messages, state.olderBeforeSeq, state.resumeAfterSeq]);

  // What the outbox confirms (in this tab or another) shows at once, even with the socket down.
  useEffect(
    () => outbox?.onSent((message) => message.conversationId === conversationId && dispatch({ type: "received", message })),
    [outbox, conversationId],
  );

  const confirmed = useMemo(() => new Set(state.messages.map((m) => m.clientId)), [state.messages]);
  const pending: PendingMessage[] = useMemo(
    () =>
      outboxEntries
        .filter((entry) => entry.conversationId === conversationId && !confirmed.has(entry.clientId))
        .map((entry) => ({
          clientId: entry.clientId,
          text: entry.text,
          createdAt: new Date(entry.createdAt),
          status: entry.status === "failed" ? "failed" : "sending",
          error: entry.error,
          photos: entry.photos.map((p) => ({ ...p, previewUrl: previews.get(p.id) ?? `/api/uploads/${p.id}/thumb` })),
        })),
    [outboxEntries, conversationId, confirmed, previews],
  );

  const send = useCallback(
    (text: string, photos: OutgoingPhoto[] = []) => {
      if (photos.length) setPreviews((all) => new Map([...all, ...photos.map((p) => [p.id, p.previewUrl] as const)]));
      const clientId = newClientId();
      const entry = { clientId, conversationId, text, photos: photos.map(({ id, width, height }) => ({ id, width, height })) };
      if (outbox) return void outbox.enqueue(entry);
      // No outbox (no IndexedDB): send directly; the server's clientId check still makes retries safe.
      void client.message.send
        .mutate({ conversationId, clientId, text, attachmentIds: photos.length ? photos.map((p) => p.id) : undefined })
        .then((message) => dispatch({ type: "received", message }));
    },
    [client, conversationId, outbox],
  );

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
  // A copy kept on the device is not reported as read: the server's own messages are.
  const fromCache = state.fromCache;
  const markSeen = useCallback(() => {
    if (!fromCache && newestSeq > lastMarked.current && document.visibilityState === "visible") {
      lastMarked.current = newestSeq;
      markRead.mutate({ conversationId, seq: newestSeq });
    }
  }, [conversationId, markRead, newestSeq, fromCache]);

  return {
    ...state,
    pending,
    loadError,
    offlineLoad,
    send,
    retry: (clientId: string) => void outbox?.retry(clientId),
    discard: (clientId: string) => void outbox?.discard(clientId),
    loadOlder,
    markSeen,
  };
}
