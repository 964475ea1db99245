"use client";

import { usePathname } from "next/navigation";
import { useEffect } from "react";

/** Production builds only: in development, cached bundles would fight hot reloading. */
const enabled = () =>
  // eslint-disable-next-line no-restricted-properties -- inlined by Next at build time, not configuration
  process.env.NODE_ENV === "production" && typeof navigator !== "undefined" && "serviceWorker" in navigator;

/**
 * Registers /sw.js: it keeps the app's pages and assets so that a page reloaded without a network
 * still opens (or an offline page that opens it when the network is back), shows what the outbox
 * holds, and sends it later.
 */
export function useServiceWorker() {
  useEffect(() => {
    if (!enabled()) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }, []);
}

/**
 * Tells the service worker which page is open. A page reached by in-app navigation came as an RSC
 * payload, so the worker never saw its HTML: it fetches and keeps it now, along with the built
 * assets this document loaded before the worker controlled it. The user id lets the worker drop
 * another user's pages.
 */
export function usePageCaching(userId: string | null) {
  const pathname = usePathname();
  useEffect(() => {
    if (!enabled() || !userId) return;
    const assets = performance
      .getEntriesByType("resource")
      .map((entry) => entry.name)
      .filter((name) => name.startsWith(`${location.origin}/_next/static/`));
    void navigator.serviceWorker.ready.then((registration) =>
      registration.active?.postMessage({ type: "keep-page", path: pathname, userId, assets }),
    );
  }, [pathname, userId]);
}

/** Forgets kept pages (they hold the signed-in user's name) when someone signs out. */
export async function clearPageCache(): Promise<void> {
  if (typeof caches === "undefined") return;
  // The worker also drops any page it is fetching at this moment.
  if (typeof navigator !== "undefined") navigator.serviceWorker?.controller?.postMessage({ type: "forget-pages" });
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith("glow-pages")).map((name) => caches.delete(name)));
}
