import { expect, test, type Page } from "@playwright/test";
import { expectNoSeriousAxeViolations } from "../support/a11y";
import { keptQueries } from "../support/offline-device";
import { conversationPair, send } from "../support/ui-world";

/** How many conversations the kept copy of the inbox's first page holds. */
async function keptInboxLength(page: Page, userId: string): Promise<number> {
  const copy = JSON.parse((await keptQueries(page, userId)).text) as {
    state?: { queries: { queryKey: [string[], unknown]; state: { data?: { pages?: { items: unknown[] }[] } } }[] };
  } | null;
  const inbox = copy?.state?.queries.find((query) => query.queryKey[0].join(".") === "conversation.list");
  return inbox?.state.data?.pages?.[0]?.items.length ?? 0;
}

const OFFLINE_NOTE = "You're offline. Showing what was here last; new messages arrive when you're back.";

test("offline, the inbox and the thread say so quietly, a new message waits for the network, and no fetch error shows", async ({
  browser,
  request,
}) => {
  const pair = await conversationPair(browser, request, { customer: "Nell Network", artist: "Oona Online" }, { viewport: { width: 1280, height: 800 } });
  const { customer, customerContext, customerPage, artistContext, conversationId: id } = pair;
  await send(artistContext.request, id, "See you on Saturday");

  const page = customerPage;
  await page.goto(`/messages/${id}`);
  await expect(page.getByTestId("message")).toHaveCount(1);
  // Once the service worker controls the page, it can reopen without a network.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await expect(page.getByTestId("message")).toHaveCount(1);
  await expect(page.getByTestId("conversation-item")).toHaveCount(1);
  await expect(page.getByTestId("offline-note")).toHaveCount(0);
  // The copy the offline reload opens from is written a moment after the inbox and thread load.
  await expect.poll(() => keptInboxLength(page, customer.id), { timeout: 10_000 }).toBe(1);

  await customerContext.setOffline(true);
  // One note over the inbox, one over the thread.
  await expect(page.getByTestId("offline-note")).toHaveText([OFFLINE_NOTE, OFFLINE_NOTE]);
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill("Perfect, see you then");
  await box.press("Enter");
  const waiting = page.locator('[data-testid="message"][data-status="sending"]');
  await expect(waiting).toContainText("Waiting for network");
  await expect(waiting).not.toContainText("Sending…");
  await expectNoSeriousAxeViolations(page, "offline, with a message waiting");

  // Reopened without a network: still calm, never "Could not load conversations: Failed to fetch".
  await page.reload();
  await expect(page.getByTestId("offline-note")).toHaveCount(2);
  await expect(waiting).toContainText("Waiting for network");
  await expect(page.getByTestId("conversation-item")).toHaveCount(1);
  // The list's request and its two retries fail within a few seconds; the inbox must stay calm after.
  await page.waitForTimeout(5000);
  await expect(page.getByText(/Could not load conversations/)).toHaveCount(0);
  await expect(page.getByText(/Failed to fetch/)).toHaveCount(0);

  await customerContext.setOffline(false);
  await expect(page.getByTestId("offline-note")).toHaveCount(0);
  await expect(page.locator('[data-testid="message"][data-status="sent"]')).toHaveCount(2);
  await expect(page.getByTestId("conversation-item")).toHaveCount(1);
  await pair.close();
});
