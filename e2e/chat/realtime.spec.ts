import { expect, test } from "@playwright/test";
import { signedInPair } from "../support/accounts";

test("a customer messages an artist from /artists and both see each other's messages live", async ({ browser, request }) => {
  const pair = await signedInPair(browser, request, { customer: "Chloe E2E", artist: "Ava E2E" });
  const { customer, artist, customerPage, artistPage } = pair;

  // The artist waits on the inbox; nothing there yet.
  await artistPage.goto("/messages");
  await expect(artistPage.getByText("No conversations yet")).toBeVisible();

  // The customer finds the artist in the directory and opens the conversation.
  await customerPage.goto("/artists");
  await customerPage.getByRole("button", { name: `Message ${artist.name}` }).click();
  await expect(customerPage).toHaveURL(/\/messages\/[^/]+$/);
  await expect(customerPage.getByTestId("thread-title")).toHaveText(artist.name);
  const conversationUrl = customerPage.url();

  await customerPage.getByRole("textbox", { name: "Message" }).fill("Hi! Are you free on Saturday for a bridal look?");
  await customerPage.getByRole("textbox", { name: "Message" }).press("Enter");
  const sent = customerPage.getByTestId("message").filter({ hasText: "Are you free on Saturday" });
  await expect(sent).toHaveAttribute("data-status", "sent");

  // The artist's inbox updates without a reload: the conversation, its preview and an unread badge.
  const item = artistPage.getByTestId("conversation-item").filter({ hasText: customer.name });
  await expect(item).toBeVisible();
  await expect(item.getByTestId("conversation-preview")).toHaveText("Hi! Are you free on Saturday for a bridal look?");
  await expect(item.getByTestId("unread-badge")).toHaveText("1");

  // The artist opens the thread and replies; Shift+Enter makes a new line.
  await item.click();
  await expect(artistPage).toHaveURL(conversationUrl);
  await expect(artistPage.getByTestId("message").filter({ hasText: "Are you free on Saturday" })).toBeVisible();
  // Reading it clears the badge in the inbox beside the thread.
  await expect(item.getByTestId("unread-badge")).toHaveCount(0);
  const composer = artistPage.getByRole("textbox", { name: "Message" });
  await composer.fill("Yes, I am!");
  await composer.press("Shift+Enter");
  await composer.pressSequentially("Morning works best.");
  await composer.press("Enter");

  // The customer, still on the thread, sees the reply arrive live.
  const reply = customerPage.getByTestId("message").filter({ hasText: "Yes, I am!" });
  await expect(reply).toBeVisible();
  await expect(reply).toContainText("Morning works best.");

  // A live message in an open thread arrives without reload on the artist's side too.
  await customerPage.getByRole("textbox", { name: "Message" }).fill("Wonderful, see you then");
  await customerPage.getByRole("button", { name: "Send" }).click();
  await expect(artistPage.getByTestId("message").filter({ hasText: "Wonderful, see you then" })).toBeVisible();

  // Each message is shown once.
  await expect(artistPage.getByTestId("message")).toHaveCount(3);
  await expect(customerPage.getByTestId("message")).toHaveCount(3);

  // The artist has read everything on screen; the customer's inbox shows their own last message.
  await expect(item.getByTestId("unread-badge")).toHaveCount(0);
  await customerPage.goto("/messages");
  await expect(customerPage.getByTestId("conversation-preview")).toHaveText("You: Wonderful, see you then");
  await expect(customerPage.getByTestId("unread-badge")).toHaveCount(0);

  await pair.close();
});
