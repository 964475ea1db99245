import { expect, test, type Page } from "@playwright/test";
import { registerAccount, signIn, type Account } from "../support/accounts";

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
  const customer = await registerAccount(request, "CUSTOMER", "Olive Offline");
  const artist = await registerAccount(request, "ARTIST", `Pia Online ${Date.now()}`);
  const customerContext = await browser.newContext();
  const artistContext = await browser.newContext();
  const customerPage = await customerContext.newPage();
  const artistPage = await artistContext.newPage();
  await signIn(customerPage, customer);
  await signIn(artistPage, artist);
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
  await customerContext.close();
  await artistContext.close();
});

test("messages written while the server restarts are delivered once, in order, and live updates resume", async ({ browser, request }) => {
  const customer = await registerAccount(request, "CUSTOMER", "Rita Restart");
  const artist = await registerAccount(request, "ARTIST", `Sam Steady ${Date.now()}`);
  const customerContext = await browser.newContext();
  const artistContext = await browser.newContext();
  const customerPage = await customerContext.newPage();
  const artistPage = await artistContext.newPage();
  await signIn(customerPage, customer);
  await signIn(artistPage, artist);
  const thread = await openConversation(customerPage, artist);
  await artistPage.goto(thread);
  await write(customerPage, "Hello before the restart");
  await expect(artistPage.getByTestId("message")).toHaveCount(1);

  expect((await fetch(`${CONTROL}/stop`, { method: "POST" })).status).toBe(204);
  for (const text of ["During restart one", "During restart two", "During restart three"]) await write(customerPage, text);
  await expect(customerPage.locator('[data-testid="message"][data-status="sending"]')).toHaveCount(3);
  expect((await fetch(`${CONTROL}/start`, { method: "POST" })).status).toBe(204);

  // The artist's open thread reconnects and resumes by seq; the customer's outbox sends the three.
  await expect(artistPage.getByTestId("message")).toHaveCount(4, { timeout: 45_000 });
  expect(await texts(artistPage)).toEqual(["Hello before the restart", "During restart one", "During restart two", "During restart three"]);
  await expect(customerPage.locator('[data-testid="message"][data-status="sent"]')).toHaveCount(4);

  // Live delivery works again in both directions.
  await write(artistPage, "Got all three");
  await expect(customerPage.getByTestId("message").filter({ hasText: "Got all three" })).toBeVisible();
  await artistPage.reload();
  await expect(artistPage.getByTestId("message")).toHaveCount(5);
  await customerContext.close();
  await artistContext.close();
});
