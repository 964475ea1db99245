"use client";

import { dehydrate, hydrate, type DehydratedState, type QueryClient } from "@tanstack/react-query";
import { clear, createStore, delMany, get, keys, set, type UseStore } from "idb-keyval";
import { useEffect, useState } from "react";

/**
 * Keeps the signed-in user's query cache in IndexedDB, so that a page opened without a network
 * shows the last known inbox, thread headers, bookings and messages instead of an error. One entry
 * per user (keyed by user id); only successful queries, never mutations or errors; written at most
 * once a second; dropped when it is older than MAX_AGE_MS or written by another BUSTER; all of it
 * forgotten at sign-out. (Written here rather than with @tanstack/react-query-persist-client,
 * whose current release requires an older query-core than the app's.)
 */

/** Change when a kept procedure's output changes shape: copies written before are then dropped. */
const BUSTER = "glow-queries-1";

/** A copy older than this is not shown; queries stay in memory as long, so they can be kept. */
export const PERSISTED_MAX_AGE_MS = 7 * 24 * 60 * 60_000;

const THROTTLE_MS = 1000;

/** A restore that IndexedDB does not answer within this lets the app go on without the copy. */
const RESTORE_TIMEOUT_MS = 2000;

/** Tells the other tabs that someone signed out, so they stop writing the cache back. */
const SIGNED_OUT_CHANNEL = "glow-signed-out";

interface PersistedQueries {
  buster: string;
  savedAt: number;
  state: DehydratedState;
}

let store: UseStore | undefined;
const queryStore = () => (store ??= createStore("glow-query-cache", "by-user"));

const canPersist = () => typeof indexedDB !== "undefined";

/** The persisters running in this tab, so that sign-out stops them before it deletes. */
const running = new Set<() => void>();

/**
 * Glow support's reads (admin.*: others' conversations, reports, people) never touch the device:
 * they are audited where they happen and must not outlive the page. tRPC keys a query by its path
 * first: [["admin", "conversations", "view"], { input, type }].
 */
export const isKeptOnDevice = (queryKey: readonly unknown[]) => !(Array.isArray(queryKey[0]) && queryKey[0][0] === "admin");

/** What is kept: successful queries, without the failures of their latest refetch, but support's. */
function snapshot(queryClient: QueryClient): DehydratedState {
  const state = dehydrate(queryClient, {
    shouldDehydrateQuery: (query) => query.state.status === "success" && isKeptOnDevice(query.queryKey),
    shouldDehydrateMutation: () => false,
  });
  return {
    mutations: [],
    queries: state.queries.map((query) => ({
      ...query,
      state: { ...query.state, error: null, fetchFailureCount: 0, fetchFailureReason: null, fetchStatus: "idle" },
    })),
  };
}

async function restore(queryClient: QueryClient, userId: string): Promise<void> {
  const saved = await get<PersistedQueries>(userId, queryStore());
  if (!saved) return;
  if (saved.buster !== BUSTER || Date.now() - saved.savedAt > PERSISTED_MAX_AGE_MS) return;
  // A copy is shown at once but always asked for again: however recent, it may be behind.
  const queries = saved.state.queries.map((query) => ({ ...query, state: { ...query.state, isInvalidated: true } }));
  hydrate(queryClient, { ...saved.state, queries });
}

/** Another user's copy has no business on this device once someone else signs in. */
async function forgetOtherUsers(userId: string): Promise<void> {
  const others = (await keys(queryStore())).filter((key) => key !== userId);
  if (others.length) await delMany(others, queryStore());
}

/**
 * Restores `userId`'s copy into the client, calls `onRestored`, then keeps writing the cache back
 * (throttled) until the returned stop function is called.
 */
function persistQueries(queryClient: QueryClient, userId: string, onRestored: () => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let unsubscribe = () => {};
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(SIGNED_OUT_CHANNEL) : null;

  const save = () => {
    timer = undefined;
    if (stopped) return;
    const entry: PersistedQueries = { buster: BUSTER, savedAt: Date.now(), state: snapshot(queryClient) };
    set(userId, entry, queryStore()).catch(() => {}); // a full or closed disk loses only the offline copy
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
    channel?.close();
    running.delete(stop);
  };
  running.add(stop);
  channel?.addEventListener("message", stop);

  const restored = canPersist() ? restore(queryClient, userId).catch(() => {}) : Promise.resolve();
  void Promise.race([restored, new Promise((resolve) => setTimeout(resolve, RESTORE_TIMEOUT_MS))]).then(() => {
    if (stopped) return;
    onRestored();
    if (!canPersist()) return;
    unsubscribe = queryClient.getQueryCache().subscribe(() => {
      if (!stopped && timer === undefined) timer = setTimeout(save, THROTTLE_MS);
    });
    forgetOtherUsers(userId).catch(() => {});
  });
  return stop;
}

/**
 * Keeps `userId`'s queries on the device while they are signed in. Returns whether the copy is
 * still being restored: queries wait for it (IsRestoringProvider), so they start from the copy
 * rather than from nothing.
 */
export function usePersistedQueries(queryClient: QueryClient, userId: string | null): boolean {
  const [restoredFor, setRestoredFor] = useState<string | null>(null);
  useEffect(() => {
    if (!userId) return;
    return persistQueries(queryClient, userId, () => setRestoredFor(userId));
  }, [queryClient, userId]);
  return userId !== null && restoredFor !== userId;
}

/** At sign-out: stops writing (here and in other tabs) and deletes every user's copy. */
export async function forgetPersistedQueries(): Promise<void> {
  for (const stop of [...running]) stop();
  if (typeof BroadcastChannel === "function") {
    const channel = new BroadcastChannel(SIGNED_OUT_CHANNEL);
    channel.postMessage("signed-out");
    channel.close();
  }
  if (canPersist()) await clear(queryStore());
}
