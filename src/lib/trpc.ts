"use client";

import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  retryLink,
  splitLink,
  TRPCClientError,
  wsLink,
  type TRPCClient,
  type TRPCLink,
} from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { observable } from "@trpc/server/observable";
import superjson from "superjson";
import type { AppRouter } from "@/server/routers/root";
import { backoffDelay, isTransient } from "./retry-policy";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** The browser's tRPC client (from useTRPCClient, or as created for the providers). */
export type AppClient = TRPCClient<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type Message = RouterOutputs["message"]["list"]["items"][number];
export type ConversationSummary = RouterOutputs["conversation"]["list"]["items"][number];
export type Booking = RouterOutputs["booking"]["byId"];
export type BookingStatus = Booking["status"];
export type BookingAction = Booking["actions"][number];

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

/** The WebSocket close code of a session that ended (websocket-server.ts). */
const SESSION_ENDED_CLOSE_CODE = 4401;

let signingOutHere = false;

/**
 * This tab is signing out (or out everywhere) on purpose: the 4401 that follows is expected, and
 * the sign-out itself decides where to go.
 */
export function expectSessionToEnd(expected = true): void {
  signingOutHere = expected;
}

/** Back to the sign-in page, returning here after. */
function onSessionEnded(): void {
  if (signingOutHere) return;
  const here = `${window.location.pathname}${window.location.search}`;
  // A full navigation: nothing of the ended session's page state should survive.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?callbackUrl=${encodeURIComponent(here)}&ended=1`);
}

/**
 * The retry policy's backoff, so clients do not reconnect in step. While the browser is offline it
 * looks again every second (a local, instant failure), so the socket is back within a second of
 * the network.
 */
export function reconnectDelay(attempt: number): number {
  if (typeof navigator !== "undefined" && !navigator.onLine) return 1000;
  return backoffDelay(attempt);
}

/** The tab's one WebSocket, as much as calls about this moment need of it. */
export interface LiveSocket {
  isOpen(): boolean;
  /** Called each time the socket opens: the first time, after a reconnect, after a lazy close. */
  onOpen(listener: () => void): () => void;
}

/**
 * Calls that describe this socket or this moment ("I am typing", "this tab is focused"): they go
 * over the WebSocket, as the server keeps focus per socket, and only while it is open. Never queued:
 * sent after a reconnect they would be stale (the focus reporter tells every socket that opens).
 */
const LIVE_ONLY_PATHS: ReadonlySet<string> = new Set(["conversation.typing", "user.setFocus"]);

/**
 * Calls that take the WebSocket when it is open and HTTP otherwise: sending a message and marking a
 * thread read, the calls of a conversation in progress. The socket skips an HTTP request, its
 * headers and the session cookie's check on every message. They never open or wait for a socket; a
 * send whose socket drops before the answer fails as a network error, and the outbox sends it again
 * with the same clientId (the server stores it once).
 */
const SOCKET_WHEN_OPEN_PATHS: ReadonlySet<string> = new Set(["message.send", "conversation.markRead"]);

/** Fails a live-only call at once when the socket is not open, instead of opening or waiting for one. */
function onlyWhileOpen(socket: LiveSocket): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        if (!socket.isOpen()) {
          observer.error(new TRPCClientError(`Not sent: ${op.path} goes only over an open live connection.`));
          return;
        }
        return next(op).subscribe(observer);
      });
}

/**
 * Subscriptions and the live-only calls go over the WebSocket at /api/ws, which the browser opens
 * with the session cookie; sends and read marks too while it is open; everything else over HTTP
 * (the query client and the outbox retry them).
 */
export function createBrowserClient(onState: (state: ConnectionState) => void): { client: AppClient; socket: LiveSocket } {
  const wsClient = createWSClient({
    // Resolved when the socket opens (in the browser), never during server rendering.
    url: () => `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/api/ws`,
    retryDelayMs: reconnectDelay,
    // Open the socket only while something listens (no socket on /login), keep it a moment after.
    lazy: { enabled: true, closeMs: 10_000 },
    keepAlive: { enabled: true, intervalMs: 20_000, pongTimeoutMs: 10_000 },
    // The server closes a signed-out session's sockets with 4401 (here or in another tab or
    // device): reconnecting cannot help, signing in again does.
    onClose: (cause) => {
      if (cause?.code === SESSION_ENDED_CLOSE_CODE) onSessionEnded();
    },
  });
  const openListeners = new Set<() => void>();
  const socket: LiveSocket = {
    // "pending": tRPC's name for an open socket, ready for requests.
    isOpen: () => wsClient.connectionState.get().state === "pending",
    onOpen: (listener) => {
      openListeners.add(listener);
      return () => openListeners.delete(listener);
    },
  };
  // tRPC's own state rather than onOpen/onClose: a lazy close (nothing listens any more) and the
  // reopening after it are not a lost connection, so they keep the last state instead of showing
  // "Reconnecting…" on pages without a live view. Only a failed attempt is "reconnecting".
  let connectedOnce = false;
  wsClient.connectionState.subscribe({
    next: (state) => {
      if (state.state === "pending") {
        connectedOnce = true;
        onState("connected");
        for (const listener of openListeners) listener();
      } else if (state.state === "connecting" && (state.error || !connectedOnce)) {
        onState(state.error ? "reconnecting" : "connecting");
      }
    },
  });
  const toSocket = wsLink<AppRouter>({ client: wsClient, transformer: superjson });
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: [
          // A subscription asked for while the socket reconnects can fail to be sent ("Active
          // connection is not open") and would stay dead: start it again, after the last event
          // it delivered (lastEventId), so the stream has no gap and no duplicate.
          retryLink({ retry: ({ error }) => isTransient(error), retryDelayMs: (attempts) => backoffDelay(attempts - 1) }),
          toSocket,
        ],
        false: splitLink({
          condition: (op) => LIVE_ONLY_PATHS.has(op.path),
          true: [onlyWhileOpen(socket), toSocket],
          false: splitLink({
            condition: (op) => SOCKET_WHEN_OPEN_PATHS.has(op.path) && socket.isOpen(),
            true: toSocket,
            false: httpBatchLink({ url: "/api/trpc", transformer: superjson }),
          }),
        }),
      }),
    ],
  });
  return { client, socket };
}
