import { expect, type APIRequestContext, type Page } from "@playwright/test";

/**
 * What the browser keeps for offline use, read from the page: the pages the service worker keeps
 * (public/sw.js) and the copy of the user's queries (src/lib/query-persistence.ts).
 */

/** Waits until the service worker controls the page, so its fetches go through the worker. */
export async function untilServiceWorkerControls(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
}

/** Waits until the service worker keeps the HTML of `path` (what a reload without a network opens). */
export async function untilPageKept(page: Page, path: string): Promise<void> {
  await expect.poll(() => keptPagePaths(page), { timeout: 20_000 }).toContain(path);
}

/** The paths of the pages the service worker keeps. */
export const keptPagePaths = (page: Page) =>
  page.evaluate(async () => (await (await caches.open("glow-pages-v1")).keys()).map((request) => new URL(request.url).pathname));

/** The names of the caches the service worker has on this device. */
export const cacheNames = (page: Page) => page.evaluate(() => caches.keys());

/** The user's query copy: which procedures it holds ("conversation.list", …) and all of it as text. */
export function keptQueries(page: Page, userId: string): Promise<{ procedures: string[]; text: string }> {
  return page.evaluate(
    async (id) => {
      // Opening a database that does not exist would create it empty, under the app's feet.
      if (!(await indexedDB.databases()).some((db) => db.name === "glow-query-cache")) return { procedures: [], text: "null" };
      return new Promise((resolve, reject) => {
        const open = indexedDB.open("glow-query-cache");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("by-user")) {
            db.close();
            return resolve({ procedures: [], text: "null" });
          }
          const read = db.transaction("by-user").objectStore("by-user").get(id);
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            db.close();
            const queries = (read.result?.state?.queries ?? []) as { queryKey: [string[], unknown] }[];
            resolve({ procedures: queries.map((q) => q.queryKey[0].join(".")), text: JSON.stringify(read.result ?? null) });
          };
        };
      });
    },
    userId,
  );
}

/** Waits until the copy holds these procedures' answers and these texts (names, messages). */
export async function untilQueriesKept(page: Page, userId: string, expected: { procedures?: string[]; texts?: string[] }): Promise<void> {
  await expect
    .poll(
      async () => {
        const kept = await keptQueries(page, userId);
        return {
          procedures: (expected.procedures ?? []).filter((p) => kept.procedures.includes(p)),
          texts: (expected.texts ?? []).filter((t) => kept.text.includes(t)),
        };
      },
      { timeout: 15_000 },
    )
    .toEqual({ procedures: expected.procedures ?? [], texts: expected.texts ?? [] });
}

/** Calls a tRPC procedure over HTTP as the user whose cookies `request` carries (superjson body). */
export async function callProcedure<T>(request: APIRequestContext, path: string, json: Record<string, unknown>, dates: string[] = []): Promise<T> {
  const meta = dates.length ? { values: Object.fromEntries(dates.map((key) => [key, ["Date"]])) } : undefined;
  const response = await request.post(`/api/trpc/${path}`, { data: { json, meta } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}
