import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { send, conversationPair, serviceAndBooking, uploadPhoto } from "../support/ui-world";

const desktop = { viewport: { width: 1280, height: 800 } };

test("a customer downloads their data, then deletes their account: the artist's open thread shows Deleted user and Message deleted", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Xena Exporter", artist: "Yara Yours" }, desktop);
  const { customer, customerPage: page, customerContext, artistContext, artistPage, conversationId } = pair;
  await serviceAndBooking(artistContext.request, customerContext.request, "Bridal makeup", "Use the side door");
  await send(customerContext.request, conversationId, "Hello, it's Xena about the wedding");
  const photoId = await uploadPhoto(customerContext.request, conversationId);
  await send(customerContext.request, conversationId, "My dress", [photoId]);
  await send(artistContext.request, conversationId, "Lovely, see you then");

  // The download: a zip holding the profile, the conversation, its messages and the photo.
  await page.goto("/account");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download my data" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^glow-data-\d{4}-\d{2}-\d{2}\.zip$/);
  const files = unzipSync(new Uint8Array(await readFile((await download.path())!)));
  expect(Object.keys(files).sort()).toEqual(["conversations.json", `messages/${conversationId}.json`, `photos/${photoId}.jpg`, "profile.json"]);
  expect(JSON.parse(strFromU8(files["profile.json"]!))).toMatchObject({ email: customer.email, name: customer.name });
  const thread = JSON.parse(strFromU8(files[`messages/${conversationId}.json`]!)) as { messages: { sender: string | null; text: string }[] };
  expect(thread.messages.filter((m) => m.sender === "me").map((m) => m.text)).toEqual(["Hello, it's Xena about the wedding", "My dress"]);
  expect(files[`photos/${photoId}.jpg`]!.length).toBeGreaterThan(1000);

  // The artist has the thread open while the customer deletes the account.
  await artistPage.goto(`/messages/${conversationId}`);
  await expect(artistPage.getByTestId("connection-status")).toHaveAttribute("data-state", "connected");
  // In the thread itself (the inbox beside it shows a preview of the same words).
  const artistLog = artistPage.getByRole("log", { name: "Messages" });
  await expect(artistLog.getByText("Hello, it's Xena about the wedding")).toBeVisible();

  await page.getByRole("button", { name: "Delete my account" }).click();
  const dialog = page.getByTestId("delete-account-dialog");
  await dialog.getByLabel("Your password").fill("not my password");
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("password: is not your password. Check it and try again.");
  await dialog.getByLabel("Your password").fill(customer.password);
  await dialog.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/login$/);

  // Live in the artist's thread: the name, the erased messages, the cancelled booking, no composer.
  await expect(artistPage.getByTestId("thread-title")).toHaveText("Deleted user");
  await expect(artistPage.locator('[data-testid="message"][data-deleted="true"]')).toHaveCount(2);
  await expect(artistPage.getByText("Hello, it's Xena about the wedding")).toHaveCount(0);
  await expect(artistLog.getByText("Lovely, see you then")).toBeVisible();
  await expect(artistPage.getByRole("link", { name: /^Booking cancelled by Deleted user: Bridal makeup/ })).toBeVisible();
  await expect(artistPage.getByTestId("sending-closed")).toContainText("This account was deleted.");

  // The old email and password no longer sign in.
  await page.getByLabel("Email").fill(customer.email);
  await page.getByLabel("Password").fill(customer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That email" })).toHaveText("That email and password do not match an account. Check them and try again.");
  await expect(page).toHaveURL(/\/login/);
  await pair.close();
});
