"use client";

import { useEffect } from "react";

/**
 * Registers /sw.js in production builds: it keeps the app's pages and assets so that a page
 * reloaded without a network still opens, shows what the outbox holds, and sends it later.
 * (Not in development, where cached bundles would fight hot reloading.)
 */
export function useServiceWorker() {
  useEffect(() => {
    // eslint-disable-next-line no-restricted-properties -- inlined by Next at build time, not configuration
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  }, []);
}

/** Forgets cached pages (they hold the signed-in user's name) when someone signs out. */
export async function clearPageCache(): Promise<void> {
  if (typeof caches === "undefined") return;
  const names = await caches.keys();
  await Promise.all(names.filter((name) => name.startsWith("glow-pages")).map((name) => caches.delete(name)));
}
