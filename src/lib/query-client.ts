"use client";

import { onlineManager, QueryClient } from "@tanstack/react-query";
import { PERSISTED_MAX_AGE_MS } from "./query-persistence";
import { isTransient, retryDelay } from "./retry-policy";

/**
 * TanStack Query assumes it starts online and only listens for changes. After a reload without a
 * network that is wrong, and the first "online" event then changes nothing, so queries that failed
 * offline were never fetched again (a thread header stayed blank). Start from what the browser
 * says: offline, queries wait (paused, keeping what they show) and resume when it comes back.
 */
function followBrowserNetwork() {
  if (typeof window === "undefined") return;
  onlineManager.setEventListener((setOnline) => {
    const update = () => setOnline(navigator.onLine);
    update();
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  });
}

/**
 * The app's query client: transient failures are retried by the retry policy for as long as they
 * last (what was shown stays shown meanwhile, and the header says offline or reconnecting), a
 * refusal shows at once; queries stay in memory as long as their copy on the device is kept.
 */
export function createQueryClient(): QueryClient {
  followBrowserNetwork();
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        gcTime: PERSISTED_MAX_AGE_MS,
        refetchOnWindowFocus: true,
        retry: (_failures, error) => isTransient(error),
        retryDelay: (failures, error) => retryDelay(failures, error),
      },
    },
  });
}
