import { expect, test, type Page } from "@playwright/test";
import { signIn } from "../support/accounts";
import { conversationPair, send } from "../support/ui-world";

const desktop = { viewport: { width: 1280, height: 800 } };

/** The thread is open with its live socket connected. */
async function openLiveThread(page: Page, conversationId: string) {
  await page.goto(`/messages/${conversationId}`);
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "connected");
}

/** The server closed the page's socket with 4401: the page goes to sign-in and says why. */
async function expectSentToSignIn(page: Page) {
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fmessages%2F[^&]+&ended=1$/);
  await expect(page.getByTestId("session-ended")).toBeVisible();
}

test("signing out in one tab closes the socket of a thread open in another: that tab goes to sign-in, and the cookie no longer works", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Tess Tabs", artist: "Uma Upstairs" }, desktop);
  const { customerContext, customerPage: thread, artistContext, conversationId } = pair;
  await send(artistContext.request, conversationId, "Your trial is at 10");
  await openLiveThread(thread, conversationId);

  const other = await customerContext.newPage();
  await other.goto("/bookings");
  await other.getByRole("button", { name: "Sign out" }).click();
  await expect(other).toHaveURL(/\/login$/);

  await expectSentToSignIn(thread);
  const api = await customerContext.request.get(`/api/trpc/user.me?input=${encodeURIComponent(JSON.stringify({ json: null }))}`);
  expect(api.status()).toBe(401);
  await pair.close();
});

test("the account page changes the password (other devices are signed out, this one stays) and signs out everywhere", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Vera Devices", artist: "Wren Waiting" }, desktop);
  const { customer, customerPage: laptop, conversationId } = pair;
  // The same customer on a phone, with the thread open.
  const phoneContext = await browser.newContext(desktop);
  const phone = await phoneContext.newPage();
  await signIn(phone, customer);
  await openLiveThread(phone, conversationId);

  await laptop.goto("/messages");
  await laptop.getByTestId("signed-in-as").click();
  await expect(laptop).toHaveURL(/\/account$/);
  await laptop.getByLabel("Current password").fill("not my password");
  await laptop.getByLabel("New password").fill("a brand new password");
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByRole("alert").filter({ hasText: "currentPassword" })).toHaveText(
    "currentPassword: is not your current password. Check it and try again.",
  );

  await laptop.getByLabel("Current password").fill(customer.password);
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByRole("status").filter({ hasText: "Password changed." })).toHaveText("Password changed. One other device was signed out.");
  await expectSentToSignIn(phone);
  // This device stays signed in.
  await laptop.goto(`/messages/${conversationId}`);
  await expect(laptop.getByTestId("connection-status")).toHaveAttribute("data-state", "connected");

  // The phone signs in again with the new password, then the laptop signs out everywhere.
  await signIn(phone, { ...customer, password: "a brand new password" });
  await openLiveThread(phone, conversationId);
  await laptop.goto("/account");
  await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop).toHaveURL(/\/login$/);
  await expectSentToSignIn(phone);
  for (const page of [laptop, phone]) {
    await page.goto("/messages");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fmessages$/);
  }
  await phoneContext.close();
  await pair.close();
});
