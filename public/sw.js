/*
 * Glow's service worker: just enough offline support for a chat.
 * - Built assets (/_next/static, immutable) are served from the cache first.
 * - Pages go to the network first and fall back to the last copy of that page, so a reload
 *   without a network still opens the app (the outbox then shows and later sends what was
 *   written).
 * - The API, sockets, uploads and auth are never cached.
 */
const ASSETS = "glow-assets-v1";
const PAGES = "glow-pages-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== ASSETS && n !== PAGES).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;

  if (url.pathname.startsWith("/_next/static/")) {
    event.respondWith(
      caches.open(ASSETS).then(async (cache) => {
        const hit = await cache.match(request);
        if (hit) return hit;
        const response = await fetch(request);
        if (response.ok) cache.put(request, response.clone());
        return response;
      }),
    );
    return;
  }

  if (request.mode === "navigate") {
    event.respondWith(
      (async () => {
        const cache = await caches.open(PAGES);
        try {
          const response = await fetch(request);
          if (response.ok && !response.redirected) cache.put(url.pathname, response.clone());
          return response;
        } catch (error) {
          const hit = await cache.match(url.pathname);
          if (hit) return hit;
          throw error;
        }
      })(),
    );
  }
});
