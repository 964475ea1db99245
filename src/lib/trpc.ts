"use client";

import { createTRPCClient, createWSClient, httpBatchLink, splitLink, wsLink, type TRPCClient } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { inferRouterOutputs } from "@trpc/server";
import superjson from "superjson";
import type { AppRouter } from "@/server/routers/root";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type Message = RouterOutputs["message"]["list"]["items"][number];
export type ConversationSummary = RouterOutputs["conversation"]["list"]["items"][number];
export type Booking = RouterOutputs["booking"]["byId"];
export type BookingStatus = Booking["status"];
export type BookingAction = Booking["actions"][number];

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

/**
 * Backoff with jitter: 0.5 s, 1 s, 2 s … up to 10 s, each ±50 %, so clients do not reconnect in
 * step. While the browser is offline, it looks again every second (a local, instant failure), so
 * the socket is back within a second of the network.
 */
export function reconnectDelay(attempt: number): number {
  if (typeof navigator !== "undefined" && !navigator.onLine) return 1000;
  const base = Math.min(10_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * base;
}

/**
 * Queries and mutations go over HTTP; subscriptions over the WebSocket at /api/ws, which the
 * browser opens with the session cookie.
 */
export function createBrowserClient(onState: (state: ConnectionState) => void): TRPCClient<AppRouter> {
  const wsClient = createWSClient({
    // Resolved when the socket opens (in the browser), never during server rendering.
    url: () => `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/api/ws`,
    retryDelayMs: reconnectDelay,
    // Open the socket only while something listens (no socket on /login), keep it a moment after.
    lazy: { enabled: true, closeMs: 10_000 },
    keepAlive: { enabled: true, intervalMs: 20_000, pongTimeoutMs: 10_000 },
    onOpen: () => onState("connected"),
    onClose: () => onState("reconnecting"),
  });
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: wsLink({ client: wsClient, transformer: superjson }),
        false: httpBatchLink({ url: "/api/trpc", transformer: superjson }),
      }),
    ],
  });
}
