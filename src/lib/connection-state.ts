"use client";

import { onlineManager } from "@tanstack/react-query";
import { createContext, useContext, useSyncExternalStore } from "react";
import type { ConnectionState } from "./trpc";

export const ConnectionContext = createContext<ConnectionState>("connecting");

/** Whether the live connection is up: "connected", "connecting", "reconnecting" or "offline". */
export const useConnectionState = () => useContext(ConnectionContext);

/**
 * What the browser says about the network (through TanStack's online manager, which follows it:
 * see query-client.ts), so the header and the queries never disagree. Offline wins over the
 * socket's own state. Online while rendering on the server.
 */
export function useBrowserOnline(): boolean {
  return useSyncExternalStore(
    (listener) => onlineManager.subscribe(listener),
    () => onlineManager.isOnline(),
    () => true,
  );
}
