/*
 * Glow's service worker: just enough offline support for a chat.
 * - Built assets (/_next/static, immutable) are served from the cache first.
 * - Pages go to the network first and fall back to the last copy of that page, or else to the
 *   offline page (precached at install), so a reload without a network never shows the browser's
 *   error, and the page recovers by itself when the network returns.
 * - A page reached by in-app navigation was fetched as an RSC payload, never as HTML: the app tells
 *   the worker which page is open ("keep-page"), and the worker fetches and keeps its HTML, and the
 *   built assets the page loaded before the worker controlled it.
 * - Pages hold the signed-in user's name: they belong to one user (the first page another user
 *   opens drops them) and are forgotten at sign-out ("forget-pages").
 * - The API, sockets, uploads (images) and auth are never cached.
 */
const ASSETS = "glow-assets-v1";
const PAGES = "glow-pages-v1";
const PAGES_OWNER = "glow-pages-owner-v1";
const OFFLINE = "glow-offline-v2";
const OFFLINE_PAGE = "/offline.html";
/** A kept page younger than this is not fetched again when the app says it is open. */
const PAGE_FRESH_MS = 5 * 60_000;

/** Bumped when pages are forgotten, so that a page fetched before is not stored after. */
let generation = 0;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(OFFLINE)
      .then((cache) => cache.add(OFFLINE_PAGE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  const kept = [ASSETS, PAGES, PAGES_OWNER, OFFLINE];
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => !kept.includes(n)).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

const sameOrigin = (url) => url.origin === self.location.origin;
const isAsset = (url) => sameOrigin(url) && url.pathname.startsWith("/_next/static/");
const isPage = (url) => sameOrigin(url) && !url.pathname.startsWith("/api/") && !url.pathname.startsWith("/_next/");

/** An immutable built asset: from the cache, else from the network (and kept). */
async function asset(request) {
  const cache = await caches.open(ASSETS);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** Keeps a page's HTML under its path, unless pages were forgotten since it was asked for. */
async function storePage(path, response, askedInGeneration) {
  const html = (response.headers.get("content-type") ?? "").includes("text/html");
  if (askedInGeneration !== generation || !response.ok || response.redirected || !html) return;
  await (await caches.open(PAGES)).put(path, response);
}

const keptPage = (path) => caches.open(PAGES).then((cache) => cache.match(path, { ignoreVary: true }));
const offlinePage = () => caches.open(OFFLINE).then((cache) => cache.match(OFFLINE_PAGE));

async function openPage(event) {
  const path = new URL(event.request.url).pathname;
  const asked = generation;
  try {
    const response = await fetch(event.request);
    // A server that is restarting answers 5xx: the last copy of the page serves better.
    if (response.status >= 500) return (await keptPage(path)) ?? response;
    event.waitUntil(storePage(path, response.clone(), asked));
    return response;
  } catch {
    return (await keptPage(path)) ?? (await offlinePage()) ?? Response.error();
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (isAsset(url)) event.respondWith(asset(request));
  else if (request.mode === "navigate" && isPage(url)) event.respondWith(openPage(event));
});

/**
 * Pages belong to one user: the first page another user opens drops the previous user's pages.
 * With no owner yet (a new device, or after a sign-out, which drops pages and owner together) the
 * pages kept so far were opened by this user, so they stay. One claim at a time.
 */
let claiming = Promise.resolve();
function claimPagesFor(userId) {
  claiming = claiming.catch(() => {}).then(async () => {
    const owners = await caches.open(PAGES_OWNER);
    const owner = await (await owners.match("/owner"))?.text();
    if (owner === userId) return;
    if (owner !== undefined) {
      generation += 1;
      await caches.delete(PAGES);
    }
    await owners.put("/owner", new Response(userId));
  });
  return claiming;
}

async function keepPage({ path, userId, assets }) {
  if (typeof path !== "string" || typeof userId !== "string") return;
  const url = new URL(path, self.location.origin);
  if (!isPage(url)) return;
  await claimPagesFor(userId);
  const urls = (Array.isArray(assets) ? assets : []).map((a) => new URL(String(a), self.location.origin)).filter(isAsset);
  await Promise.all([
    ...urls.map((u) => asset(new Request(u.href)).catch(() => {})),
    (async () => {
      const hit = await keptPage(url.pathname);
      if (hit && Date.now() - Date.parse(hit.headers.get("date") ?? "") < PAGE_FRESH_MS) return;
      const asked = generation;
      const response = await fetch(url.pathname, { credentials: "same-origin" }).catch(() => null);
      if (response) await storePage(url.pathname, response, asked);
    })(),
  ]);
}

self.addEventListener("message", (event) => {
  const data = event.data ?? {};
  if (data.type === "keep-page") {
    event.waitUntil(keepPage(data));
  } else if (data.type === "forget-pages") {
    generation += 1;
    event.waitUntil(Promise.all([caches.delete(PAGES), caches.delete(PAGES_OWNER)]));
  }
});

/*
 * Push notifications (src/server/push). Each push is { title, body, tag, url, unreadTotal }: one
 * notification per conversation (its tag), replaced as more arrive; a click opens the conversation,
 * in the app's tab when one is open.
 */
const NOTIFICATION_ICON = "/icons/icon-192.png";

/** A path of this app ("/messages/…"), never another site's address. */
const appPath = (value) => (typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : null);

function readPush(data) {
  try {
    return data ? data.json() : null;
  } catch {
    return null;
  }
}

/** The installed app's badge shows the unread total (where the browser has badges). */
async function setBadge(unreadTotal) {
  if (typeof unreadTotal !== "number" || !("setAppBadge" in self.navigator)) return;
  try {
    if (unreadTotal > 0) await self.navigator.setAppBadge(unreadTotal);
    else await self.navigator.clearAppBadge();
  } catch {
    // Not installed, or badges are off: the notification is what matters.
  }
}

/**
 * Shows the push as a notification. Always one: a push the browser delivered must end in a visible
 * notification (userVisibleOnly), or the browser may show a generic one, or stop delivering.
 */
async function showPush(payload) {
  const title = typeof payload?.title === "string" && payload.title ? payload.title : "Glow";
  const body = typeof payload?.body === "string" ? payload.body : "New message";
  const tag = typeof payload?.tag === "string" && payload.tag ? payload.tag : undefined;
  const url = appPath(payload?.url) ?? "/messages";
  await Promise.all([
    self.registration.showNotification(title, {
      body,
      tag,
      // A newer message of the same conversation replaces the notification and alerts again.
      renotify: tag !== undefined,
      icon: NOTIFICATION_ICON,
      badge: NOTIFICATION_ICON,
      data: { url },
    }),
    setBadge(payload?.unreadTotal),
  ]);
}

/**
 * Opens the notification's conversation: in the app's tab already there, else in the app's tab
 * focused last (taken there), else in a new window. Returns the window's URL.
 */
async function openFromNotification(notification) {
  notification.close();
  const target = new URL(appPath(notification.data?.url) ?? "/messages", self.location.origin).href;
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  // Listed most recently focused first (Service Workers spec, matchAll).
  const app = windows.filter((client) => new URL(client.url).origin === self.location.origin);
  const tab = app.find((client) => client.url === target) ?? app[0];
  if (tab) {
    try {
      const there = tab.url === target ? tab : await tab.navigate(target);
      if (there) {
        // Allowed only within a click on the notification; the tab is there either way.
        await there.focus().catch(() => {});
        return there.url;
      }
    } catch {
      // A tab this worker does not control cannot be taken elsewhere from here: open a window.
    }
  }
  const opened = await self.clients.openWindow(target);
  return opened?.url ?? target;
}

self.addEventListener("push", (event) => {
  event.waitUntil(showPush(readPush(event.data)));
});

self.addEventListener("notificationclick", (event) => {
  event.waitUntil(openFromNotification(event.notification));
});
