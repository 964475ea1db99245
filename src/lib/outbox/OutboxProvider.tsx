"use client";

import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { useTRPCClient, type ConnectionState } from "../trpc";
import { Outbox, type OutboxEntry } from "./outbox";

const OutboxContext = createContext<Outbox | null>(null);

/**
 * One outbox per signed-in user and tab. It sends at once, and again whenever the browser comes
 * back online, the tab becomes visible, or the live connection returns.
 */
export function OutboxProvider({ userId, connection, children }: { userId: string | null; connection: ConnectionState; children: ReactNode }) {
  const client = useTRPCClient();
  const [outbox, setOutbox] = useState<Outbox | null>(null);

  useEffect(() => {
    if (!userId || typeof indexedDB === "undefined") return;
    const box = new Outbox(userId, (entry) =>
      client.message.send.mutate({
        conversationId: entry.conversationId,
        clientId: entry.clientId,
        text: entry.text,
        attachmentIds: entry.photos.length ? entry.photos.map((p) => p.id) : undefined,
      }),
    );
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the outbox lives as long as this user's session in this tab
    setOutbox(box);
    const wake = () => void box.flush(true);
    const onVisible = () => document.visibilityState === "visible" && wake();
    window.addEventListener("online", wake);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.removeEventListener("online", wake);
      document.removeEventListener("visibilitychange", onVisible);
      box.close();
      setOutbox(null);
    };
  }, [userId, client]);

  useEffect(() => {
    if (connection === "connected") void outbox?.flush(true);
  }, [connection, outbox]);

  return <OutboxContext.Provider value={outbox}>{children}</OutboxContext.Provider>;
}

export const useOutbox = () => useContext(OutboxContext);

const NONE: OutboxEntry[] = [];

/** The outbox entries (queued and failed), live; empty until the outbox is open. */
export function useOutboxEntries(): OutboxEntry[] {
  const outbox = useOutbox();
  return useSyncExternalStore(
    (listener) => outbox?.onChange(listener) ?? (() => {}),
    () => outbox?.snapshot() ?? NONE,
    () => NONE,
  );
}
