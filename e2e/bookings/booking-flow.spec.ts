import { expect, test, type Page } from "@playwright/test";
import { signedInPair } from "../support/accounts";

/** Tomorrow's value in the day select, "YYYY-MM-DD" (the contexts run in UTC). */
function tomorrow(): string {
  return new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
}

async function conversationIdInInbox(page: Page): Promise<string> {
  await page.goto("/messages");
  const items = page.getByTestId("conversation-item");
  await expect(items).toHaveCount(1);
  return (await items.first().getAttribute("href"))!.split("/").pop()!;
}

test("a customer requests a booking, the artist confirms it, and both see it live in the drawer and in /messages", async ({
  browser,
  request,
}) => {
  // Four pages and two people: on a busy two-core machine this takes most of a minute.
  test.setTimeout(120_000);
  const pair = await signedInPair(browser, request, { customer: "Bella Bride", artist: "Carla Makeup" }, { timezoneId: "UTC", locale: "en-GB" });
  const { customer, artist, customerContext, artistContext, customerPage, artistPage } = pair;

  // The artist lists a service on their page.
  await artistPage.getByRole("link", { name: "My services" }).click();
  await artistPage.getByLabel("Name").fill("Bridal makeup");
  await artistPage.getByLabel("Minutes").fill("90");
  await artistPage.getByLabel("Price (£)").fill("120");
  await artistPage.getByRole("button", { name: "Add" }).click();
  await expect(artistPage.getByTestId("service-list")).toContainText("Bridal makeup");

  // The customer requests it from the artist's public page.
  await customerPage.goto(`/artists/${artist.id}`);
  await customerPage.getByRole("combobox", { name: "Service" }).selectOption({ label: "Bridal makeup — 1 hr 30 mins, £120.00" });
  await customerPage.getByLabel("Day").selectOption(tomorrow());
  await customerPage.getByLabel("Time").selectOption({ label: "10:00" });
  await customerPage.getByLabel(/Note for the artist/).fill("12 Rose Street, 2nd floor");
  await customerPage.getByRole("button", { name: "Request booking" }).click();
  await expect(customerPage).toHaveURL(/\/bookings\/[^/]+$/);
  const bookingUrl = customerPage.url();
  await expect(customerPage.getByTestId("booking-details").getByTestId("booking-status")).toHaveText("Requested");

  // The customer opens the chat drawer: the request is already in the stream.
  await customerPage.getByRole("button", { name: `Message ${artist.name}` }).click();
  const customerDrawer = customerPage.getByTestId("chat-drawer");
  await expect(customerDrawer.getByTestId("system-message")).toContainText("Booking requested: Bridal makeup");
  const drawerConversation = await customerDrawer.getAttribute("data-conversation-id");

  // A second tab of each person sits on /messages.
  const customerInbox = await customerContext.newPage();
  const artistInbox = await artistContext.newPage();
  expect(await conversationIdInInbox(customerInbox)).toBe(drawerConversation);
  expect(await conversationIdInInbox(artistInbox)).toBe(drawerConversation);

  // The artist opens the booking, with its drawer, and confirms.
  await artistPage.goto(bookingUrl);
  await expect(artistPage.getByText("12 Rose Street, 2nd floor")).toBeVisible();
  await artistPage.getByRole("button", { name: `Message ${customer.name}` }).click();
  const artistDrawer = artistPage.getByTestId("chat-drawer");
  await expect(artistDrawer).toHaveAttribute("data-conversation-id", drawerConversation!);
  await artistPage.getByRole("button", { name: "Confirm" }).click();

  // Everyone sees it without a reload.
  const confirmed = /Booking confirmed: Bridal makeup, \w{3} \d{1,2} \w{3} 10:00/;
  await expect(artistDrawer.getByTestId("system-message").filter({ hasText: confirmed })).toBeVisible();
  await expect(customerDrawer.getByTestId("system-message").filter({ hasText: confirmed })).toBeVisible();
  await expect(customerPage.getByTestId("booking-details").getByTestId("booking-status")).toHaveText("Confirmed");
  await expect(customerInbox.getByTestId("conversation-preview")).toHaveText(confirmed);
  await expect(artistInbox.getByTestId("conversation-preview")).toHaveText(confirmed);
  await expect(customerDrawer.getByTestId("open-bookings")).toContainText("Confirmed");

  // The customer writes from the drawer; the artist's drawer shows it live.
  await customerDrawer.getByRole("textbox", { name: "Message" }).fill("See you tomorrow!");
  await customerDrawer.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(artistDrawer.getByTestId("message").filter({ hasText: "See you tomorrow!" })).toBeVisible();

  // The system message links to the booking; still one conversation for the pair.
  await customerInbox.reload();
  await expect(customerInbox.getByTestId("conversation-item")).toHaveCount(1);
  await pair.close();
});
