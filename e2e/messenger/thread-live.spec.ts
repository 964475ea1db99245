import { expect, test, type Page } from "@playwright/test";
import { signedInPair } from "../support/accounts";
import { conversationOf, openThread } from "../support/threads";
import { expectNoHorizontalOverflow } from "../support/a11y";
import { mutate, send } from "../support/ui-world";

const historyOf = (page: Page) => page.getByRole("region", { name: "Message history" });
/** Pixels between the bottom of the history's view and the bottom of its content. */
const distanceFromBottom = (page: Page) => historyOf(page).evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);

test("each sees the other online, typing while they type, and when they were last seen once they leave", async ({ browser, request }) => {
  const pair = await signedInPair(browser, request, { customer: "Chloe Live", artist: "Ava Live" });
  const { customer, artist, customerPage, artistPage } = pair;
  const conversationId = await conversationOf(pair);
  await openThread(customerPage, conversationId, artist.name);
  await openThread(artistPage, conversationId, customer.name);

  // Both have the app open: each header says the other is online.
  await expect(artistPage.getByTestId("presence")).toHaveText("Online");
  await expect(customerPage.getByTestId("presence")).toHaveText("Online");

  // The customer types: the artist sees it, named, in a polite live region.
  const typing = artistPage.getByTestId("typing-indicator");
  await expect(typing).toHaveAttribute("aria-live", "polite");
  await expect(typing).toHaveText("");
  const composer = customerPage.getByRole("textbox", { name: "Message" });
  await composer.pressSequentially("Are you free on Saturday", { delay: 40 });
  await expect(typing).toHaveText(`${customer.name} is typing…`);

  // Sent: by the time the message shows, the indicator is gone (its 5 s lapse has not come yet:
  // the last announcement went at most 2 s before the send).
  await composer.press("Enter");
  await expect(artistPage.getByTestId("message").filter({ hasText: "Are you free on Saturday" })).toBeVisible();
  expect(await typing.textContent()).toBe("");

  // Typing that stops without a send lapses on its own.
  await composer.pressSequentially("Also", { delay: 40 });
  await expect(typing).toHaveText(`${customer.name} is typing…`);
  await expect(typing).toHaveText("");
  // The text is still in the customer's box: nothing was sent.
  await expect(composer).toHaveValue("Also");

  // The customer's page closes: the artist's header turns to when they were last seen.
  await pair.customerContext.close();
  await expect(artistPage.getByTestId("presence")).toHaveText(/^Last seen (just now|\d+ min ago)$/);
  await pair.artistContext.close();
});

test("'Seen' follows the other person's reading live, 'Sent' marks what they have not read, and neither shows when receipts are off", async ({
  browser,
  request,
}) => {
  const pair = await signedInPair(browser, request, { customer: "Chloe Seen", artist: "Ava Seen" });
  const { customer, artist, customerPage, artistPage } = pair;
  const conversationId = await conversationOf(pair);
  await openThread(customerPage, conversationId, artist.name);
  const composer = customerPage.getByRole("textbox", { name: "Message" });
  const bubble = (text: string) => customerPage.getByTestId("message").filter({ hasText: text });
  const receipts = customerPage.getByTestId("receipt");

  // The artist is elsewhere: my message is sent, not seen.
  await composer.fill("First question");
  await composer.press("Enter");
  await expect(bubble("First question")).toHaveAttribute("data-status", "sent");
  await expect(bubble("First question").getByTestId("receipt")).toHaveText("Sent");

  // The artist opens the thread and so reads it: "Seen" with the time, without a reload here.
  await openThread(artistPage, conversationId, customer.name);
  await expect(bubble("First question").getByTestId("receipt")).toHaveText(/^Seen \d/);
  await expect(receipts).toHaveCount(1);

  // The artist leaves; two more from me: "Sent" under the newest only, "Seen" stays where it was.
  await artistPage.goto("/bookings");
  await composer.fill("Second question");
  await composer.press("Enter");
  await composer.fill("Third question");
  await composer.press("Enter");
  await expect(bubble("Third question").getByTestId("receipt")).toHaveText("Sent");
  await expect(bubble("Second question").getByTestId("receipt")).toHaveCount(0);
  await expect(bubble("First question").getByTestId("receipt")).toHaveText(/^Seen \d/);
  await expect(receipts).toHaveCount(2);

  // The artist comes back: everything is read, one "Seen" under my newest.
  await openThread(artistPage, conversationId, customer.name);
  await expect(bubble("Third question").getByTestId("receipt")).toHaveText(/^Seen \d/);
  await expect(receipts).toHaveCount(1);

  // The artist turns read receipts off: after a reload, no label at all, even under a new message.
  await mutate(pair.artistContext.request, "user.updateSettings", { readReceipts: false });
  await customerPage.reload();
  await expect(bubble("Third question")).toBeVisible();
  await composer.fill("Fourth question");
  await composer.press("Enter");
  await expect(bubble("Fourth question")).toHaveAttribute("data-status", "sent");
  await expect(receipts).toHaveCount(0);
  await pair.close();
});

test("scrolled up, a new message brings a pill instead of a jump; the pill takes me down; nothing overflows on a phone", async ({
  browser,
  request,
}) => {
  const pair = await signedInPair(browser, request, { customer: "Chloe Pill", artist: "Ava Pill" }, { viewport: { width: 375, height: 740 } });
  const { customer, artist, customerPage, artistPage } = pair;
  const conversationId = await conversationOf(pair);
  for (let i = 1; i <= 30; i++) await send(pair.artistContext.request, conversationId, `Earlier note ${i}`);
  await openThread(customerPage, conversationId, artist.name);
  await expect(customerPage.getByTestId("message").last()).toContainText("Earlier note 30");
  const pill = customerPage.getByTestId("new-messages-pill");
  await expect(pill).toHaveCount(0);

  // I scroll up to read earlier notes; a new one arrives: no jump, a pill says so.
  await historyOf(customerPage).evaluate((el) => el.scrollTo({ top: 0 }));
  await send(pair.artistContext.request, conversationId, "New note A");
  await expect(customerPage.getByTestId("message").filter({ hasText: "New note A" })).toHaveCount(1);
  await expect(pill).toHaveText("1 new message ↓");
  await expect(customerPage.getByRole("button", { name: "1 new message" })).toBeVisible();
  expect(await historyOf(customerPage).evaluate((el) => el.scrollTop)).toBeLessThan(50);
  await send(pair.artistContext.request, conversationId, "New note B");
  await expect(pill).toHaveText("2 new messages ↓");

  // The artist types meanwhile: the pill and the typing line fit a phone's width.
  await openThread(artistPage, conversationId, customer.name);
  await artistPage.getByRole("textbox", { name: "Message" }).pressSequentially("One more thing", { delay: 40 });
  await expect(customerPage.getByTestId("typing-indicator")).toHaveText(`${artist.name} is typing…`);
  await expect(pill).toBeVisible();
  await expectNoHorizontalOverflow(customerPage, "a phone with the new-message pill and the typing line");

  // The pill takes me to the newest message and goes; the history keeps the focus.
  await pill.click();
  await expect(pill).toHaveCount(0);
  await expect.poll(() => distanceFromBottom(customerPage)).toBeLessThan(2);
  await expect(customerPage.getByTestId("message").filter({ hasText: "New note B" })).toBeInViewport();
  await expect(historyOf(customerPage)).toBeFocused();

  // At the bottom, new messages are followed as before: no pill.
  await send(pair.artistContext.request, conversationId, "New note C");
  await expect(customerPage.getByTestId("message").filter({ hasText: "New note C" })).toBeInViewport();
  await expect(pill).toHaveCount(0);

  // Scrolled up, my own message still takes me to the bottom, with no pill.
  await historyOf(customerPage).evaluate((el) => el.scrollTo({ top: 0 }));
  const composer = customerPage.getByRole("textbox", { name: "Message" });
  await composer.fill("My reply");
  await composer.press("Enter");
  await expect(customerPage.getByTestId("message").filter({ hasText: "My reply" })).toBeInViewport();
  await expect(pill).toHaveCount(0);

  // Reaching the bottom by scrolling also clears the pill. (Once my reply is stored: a scroll event
  // is delivered a frame late, and a reader still counted at the bottom follows the list.)
  await expect(customerPage.getByTestId("message").filter({ hasText: "My reply" })).toHaveAttribute("data-status", "sent");
  await historyOf(customerPage).evaluate((el) => el.scrollTo({ top: 0 }));
  await send(pair.artistContext.request, conversationId, "New note D");
  await expect(pill).toHaveText("1 new message ↓");
  await historyOf(customerPage).evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(pill).toHaveCount(0);
  await pair.close();
});
