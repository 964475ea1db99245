import { expect, test, type Page } from "@playwright/test";
import { registerAccount, signedInPair, signIn, type Account } from "../support/accounts";

const CONTROL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 1}`;

async function openConversation(customerPage: Page, artist: Account): Promise<string> {
  await customerPage.goto("/artists");
  await customerPage.getByRole("button", { name: `Message ${artist.name}` }).click();
  await expect(customerPage).toHaveURL(/\/messages\/[^/]+$/);
  return new URL(customerPage.url()).pathname;
}

async function write(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

/** The texts of the messages shown in the thread, top to bottom. */
const texts = (page: Page) => page.getByTestId("message").locator("p").allTextContents();

test("messages written offline survive a reload and reach the artist exactly once, in order, when back online", async ({
  browser,
  request,
}) => {
  const pair = await signedInPair(browser, request, { customer: "Olive Offline", artist: "Pia Online" });
  const { artist, customerContext, customerPage, artistPage } = pair;
  const thread = await openConversation(customerPage, artist);
  await write(customerPage, "Before going offline");
  await artistPage.goto(thread);
  await expect(artistPage.getByTestId("message")).toHaveCount(1);

  // Once the service worker controls the page, reload so the page and its assets are kept.
  await customerPage.evaluate(() => navigator.serviceWorker.ready);
  await customerPage.reload();
  await expect.poll(() => customerPage.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
  await expect(customerPage.getByTestId("message")).toHaveCount(1);

  await customerContext.setOffline(true);
  await expect(customerPage.getByTestId("connection-status")).toHaveAttribute("data-state", "offline");
  for (const text of ["Offline one", "Offline two", "Offline three"]) await write(customerPage, text);
  await expect(customerPage.locator('[data-testid="message"][data-status="sending"]')).toHaveCount(3);

  // A reload without a network: the page opens from the cache and the outbox still holds all three.
  await customerPage.reload();
  await expect(customerPage.locator('[data-testid="message"][data-status="sending"]')).toHaveCount(3);
  await expect(artistPage.getByTestId("message")).toHaveCount(1);

  await customerContext.setOffline(false);
  await expect(artistPage.getByTestId("message")).toHaveCount(4);
  expect(await texts(artistPage)).toEqual(["Before going offline", "Offline one", "Offline two", "Offline three"]);
  await expect(customerPage.locator('[data-testid="message"][data-status="sent"]')).toHaveCount(4);
  // Nothing arrives twice later either (a reload shows what the server stored).
  await artistPage.reload();
  await expect(artistPage.getByTestId("message")).toHaveCount(4);
  expect(await texts(artistPage)).toEqual(["Before going offline", "Offline one", "Offline two", "Offline three"]);
  await pair.close();
});

test("messages written while the server restarts are delivered once, in order, and live updates resume", async ({ browser, request }) => {
  const pair = await signedInPair(browser, request, { customer: "Rita Restart", artist: "Sam Steady" });
  const { artist, customerPage, artistPage } = pair;
  const thread = await openConversation(customerPage, artist);
  await artistPage.goto(thread);
  await write(customerPage, "Hello before the restart");
  await expect(artistPage.getByTestId("message")).toHaveCount(1);

  await expect(customerPage.getByTestId("connection-status")).toHaveAttribute("data-state", "connected");
  expect((await fetch(`${CONTROL}/stop`, { method: "POST" })).status).toBe(204);
  await expect(customerPage.getByTestId("connection-status")).toHaveAttribute("data-state", "reconnecting");
  await expect(customerPage.getByTestId("connection-status")).toHaveText("Reconnecting…");
  for (const text of ["During restart one", "During restart two", "During restart three"]) await write(customerPage, text);
  await expect(customerPage.locator('[data-testid="message"][data-status="sending"]')).toHaveCount(3);
  expect((await fetch(`${CONTROL}/start`, { method: "POST" })).status).toBe(204);

  // The artist's open thread reconnects and resumes by seq; the customer's outbox sends the three.
  await expect(artistPage.getByTestId("message")).toHaveCount(4, { timeout: 45_000 });
  expect(await texts(artistPage)).toEqual(["Hello before the restart", "During restart one", "During restart two", "During restart three"]);
  await expect(customerPage.locator('[data-testid="message"][data-status="sent"]')).toHaveCount(4);
  await expect(customerPage.getByTestId("connection-status")).toHaveAttribute("data-state", "connected");

  // Live delivery works again in both directions.
  await write(artistPage, "Got all three");
  await expect(customerPage.getByTestId("message").filter({ hasText: "Got all three" })).toBeVisible();
  await artistPage.reload();
  await expect(artistPage.getByTestId("message")).toHaveCount(5);
  await pair.close();
});

test("two tabs of the same customer share the outbox without sending anything twice", async ({ browser, request }) => {
  const pair = await signedInPair(browser, request, { customer: "Tara Tabs", artist: "Uma Unique" });
  const { artist, customerContext, customerPage: tabOne, artistPage } = pair;
  const thread = await openConversation(tabOne, artist);
  const tabTwo = await customerContext.newPage();
  await tabTwo.goto(thread);
  await artistPage.goto(thread);
  await expect(artistPage.getByText(/^No messages yet\. Say hello/)).toBeVisible();

  await customerContext.setOffline(true);
  await write(tabOne, "Written in tab one");
  await write(tabTwo, "Written in tab two");
  // Each tab shows both: the outbox is shared.
  await expect(tabOne.locator('[data-testid="message"][data-status="sending"]')).toHaveCount(2);
  await expect(tabTwo.locator('[data-testid="message"][data-status="sending"]')).toHaveCount(2);

  // Both tabs wake up and flush at once; the Web Lock lets one send, the other finds nothing left.
  await customerContext.setOffline(false);
  await expect(artistPage.getByTestId("message")).toHaveCount(2);
  expect(await texts(artistPage)).toEqual(["Written in tab one", "Written in tab two"]);
  await expect(tabOne.locator('[data-testid="message"][data-status="sent"]')).toHaveCount(2);
  await expect(tabTwo.locator('[data-testid="message"][data-status="sent"]')).toHaveCount(2);
  await artistPage.reload();
  await expect(artistPage.getByTestId("message")).toHaveCount(2);
  await pair.close();
});

test("a message the server refuses says why, and can be retried or deleted", async ({ browser, request }) => {
  const customer = await registerAccount(request, "CUSTOMER", "Vera Refused");
  const artist = await registerAccount(request, "ARTIST", `Wes Wall ${Date.now()}`);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, customer);
  const thread = await openConversation(page, artist);
  const conversationId = thread.split("/").pop()!;

  // An outbox entry citing a photo that was never uploaded (as if its upload had been lost).
  await page.evaluate(
    ({ conversationId, userId }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("glow", 1);
        open.onsuccess = () => {
          const tx = open.result.transaction("outbox", "readwrite");
          tx.objectStore("outbox").put({
            clientId: crypto.randomUUID(),
            userId,
            conversationId,
            text: "Look at this",
            photos: [{ id: "cnosuchupload000000000000", width: 10, height: 10 }],
            createdAt: Date.now(),
            status: "queued",
          });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    { conversationId, userId: customer.id },
  );
  await page.reload();
  const refused = page.locator('[data-testid="message"][data-status="failed"]');
  await expect(refused).toContainText("Not sent: A photo in this message is not one you uploaded.");
  await refused.getByRole("button", { name: "Retry" }).click();
  await expect(refused).toContainText("Not sent:");
  await refused.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByTestId("message")).toHaveCount(0);
  await page.reload();
  await expect(page.getByText(/^No messages yet\. Say hello/)).toBeVisible();
  await context.close();
});

test("a message written offline survives a browser restart and is sent when the browser opens again", async ({ browser, request, playwright, baseURL }, testInfo) => {
  const customer = await registerAccount(request, "CUSTOMER", "Xena Restart");
  const artist = await registerAccount(request, "ARTIST", `Yara Patient ${Date.now()}`);
  const artistContext = await browser.newContext();
  const artistPage = await artistContext.newPage();
  await signIn(artistPage, artist);

  // The customer's browser keeps its profile on disk, like a real one.
  const profile = testInfo.outputPath("customer-profile");
  const launch = () =>
    playwright.chromium.launchPersistentContext(profile, { ...testInfo.project.use.launchOptions, baseURL });
  let customerBrowser = await launch();
  let customerPage = customerBrowser.pages()[0] ?? (await customerBrowser.newPage());
  await signIn(customerPage, customer);
  const thread = await openConversation(customerPage, artist);
  await artistPage.goto(thread);
  await expect(artistPage.getByText(/^No messages yet\. Say hello/)).toBeVisible();

  await customerBrowser.setOffline(true);
  await write(customerPage, "Written just before the browser closed");
  await expect(customerPage.locator('[data-testid="message"][data-status="sending"]')).toHaveCount(1);
  await customerBrowser.close();

  customerBrowser = await launch();
  customerPage = customerBrowser.pages()[0] ?? (await customerBrowser.newPage());
  await customerPage.goto(thread);
  await expect(artistPage.getByTestId("message")).toHaveCount(1);
  expect(await texts(artistPage)).toEqual(["Written just before the browser closed"]);
  await expect(customerPage.locator('[data-testid="message"][data-status="sent"]')).toHaveCount(1);
  await customerBrowser.close();
  await artistContext.close();
});
