import { expect, test, type Page } from "@playwright/test";
import { CONTACT_DETAILS_PLACEHOLDER } from "@/shared/contact-details";
import { expectFocusRingVisible, expectNoSeriousAxeViolations, focusWithKeyboard } from "../support/a11y";
import { conversationPair, mutate, query, send, serviceAndBooking } from "../support/ui-world";

const desktop = { viewport: { width: 1280, height: 800 } };

/** The id the server answered for the next report.create this page sends (through tRPC's HTTP batch link). */
async function nextReportId(page: Page, act: () => Promise<void>): Promise<string> {
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().includes("/api/trpc/report.create")), act()]);
  const body = (await response.json()) as { result: { data: { json: { id: string } } } }[];
  return body[0]!.result.data.json.id;
}

test("contact details wait for a booking, a message is reported from the keyboard, and a block closes and reopens sending live for both", async ({
  browser,
  request,
}) => {
  const pair = await conversationPair(browser, request, { customer: "Cara Contact", artist: "Bea Blocker" }, desktop);
  const { customer, customerPage, artistPage, artistContext, conversationId } = pair;
  await customerPage.goto(`/messages/${conversationId}`);
  await artistPage.goto(`/messages/${conversationId}`);
  await expect(artistPage.getByTestId("thread-title")).toHaveText(customer.name);

  // a) Before any booking, a phone number is hidden from both; the sender is told why.
  await customerPage.getByRole("textbox", { name: "Message" }).fill("call me on 07700 900123");
  await customerPage.getByRole("textbox", { name: "Message" }).press("Enter");
  const mine = customerPage.getByTestId("message").filter({ hasText: "call me on" });
  await expect(mine).toHaveAttribute("data-status", "sent");
  await expect(mine).toContainText(CONTACT_DETAILS_PLACEHOLDER);
  await expect(mine).not.toContainText("07700");
  await expect(mine.getByTestId("contact-hidden-note")).toHaveText(
    "Contact details are hidden until a booking is confirmed, to keep you both protected.",
  );
  const theirs = artistPage.getByTestId("message").filter({ hasText: "call me on" });
  await expect(theirs).toContainText(CONTACT_DETAILS_PLACEHOLDER);
  await expect(theirs).not.toContainText("07700");
  await expect(theirs.getByTestId("contact-hidden-note")).toHaveCount(0);
  // My own messages have no report menu.
  await expect(mine.getByTestId("message-menu")).toHaveCount(0);

  // b) The artist reports it with the keyboard only: Tab to the message's menu, Enter, arrows.
  const menuButton = theirs.getByRole("button", { name: `Actions for ${customer.name}'s message` });
  await focusWithKeyboard(artistPage, menuButton);
  await expect(menuButton).toBeVisible(); // shown on keyboard focus, not only on hover
  await expectFocusRingVisible(menuButton);
  await artistPage.keyboard.press("Enter");
  await expect(menuButton).toHaveAttribute("aria-expanded", "true");
  const reportItem = artistPage.getByRole("menuitem", { name: "Report message" });
  await expect(reportItem).toBeFocused();
  await artistPage.keyboard.press("ArrowDown"); // one item: the arrows stay on it
  await expect(reportItem).toBeFocused();
  await artistPage.keyboard.press("Enter");

  const reportDialog = artistPage.getByRole("dialog", { name: "Report this message" });
  await expect(reportDialog).toBeVisible();
  await expect(reportDialog.getByRole("radio", { name: "Harassment" })).toBeFocused();
  await expectNoSeriousAxeViolations(artistPage, "the report dialog");
  await artistPage.keyboard.press("ArrowDown");
  await artistPage.keyboard.press("ArrowDown");
  await expect(reportDialog.getByRole("radio", { name: "Asking to pay outside Glow" })).toBeChecked();
  await artistPage.keyboard.press("Tab");
  await artistPage.keyboard.type("Wants to be paid by bank transfer.");
  await expect(reportDialog.getByText("34 / 1000")).toBeVisible();
  await artistPage.keyboard.press("Tab"); // Cancel
  await artistPage.keyboard.press("Tab"); // Send report
  await expect(reportDialog.getByRole("button", { name: "Send report" })).toBeFocused();
  const reportId = await nextReportId(artistPage, () => artistPage.keyboard.press("Enter"));
  const thanks = artistPage.getByRole("dialog", { name: "Report sent" });
  await expect(thanks).toContainText("Thanks — Glow support will review this.");
  await artistPage.keyboard.press("Enter"); // Done
  await expect(thanks).toHaveCount(0);
  await expect(menuButton).toBeFocused();

  // Reporting the same message again gives the same report (stored once), and the same thanks.
  await artistPage.keyboard.press("Enter");
  await artistPage.keyboard.press("Enter");
  await artistPage.keyboard.press("Space"); // Harassment
  const again = await nextReportId(artistPage, () => reportDialog.getByRole("button", { name: "Send report" }).press("Enter"));
  expect(again).toBe(reportId);
  await expect(thanks).toContainText("Thanks — Glow support will review this.");
  await artistPage.keyboard.press("Escape");
  await expect(thanks).toHaveCount(0);
  // The report is in the database: asking the server for it by the message finds that same report.
  const { items } = await query<{ items: { id: string; text: string }[] }>(artistContext.request, "message.list", { conversationId });
  const reported = items.find((m) => m.text.startsWith("call me on"))!;
  expect((await mutate<{ id: string }>(artistContext.request, "report.create", { messageId: reported.id, reason: "SPAM" })).id).toBe(reportId);

  // c) The artist blocks the customer from the header; the dialog says a booking goes on.
  await artistPage.getByRole("button", { name: `More actions for ${customer.name}` }).click();
  await artistPage.getByRole("menuitem", { name: `Block ${customer.name}` }).click();
  const blockDialog = artistPage.getByRole("dialog", { name: `Block ${customer.name}?` });
  await expect(blockDialog).toContainText("A confirmed booking is not cancelled by blocking.");
  await expect(blockDialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectNoSeriousAxeViolations(artistPage, "the block dialog");
  await blockDialog.getByRole("button", { name: "Block" }).click();
  await expect(blockDialog).toHaveCount(0);

  // Both composers give way, live; the history stays with both.
  const artistClosed = artistPage.getByTestId("sending-closed");
  await expect(artistClosed).toContainText(`You blocked ${customer.name}. Unblock them to send messages.`);
  await expect(artistPage.getByRole("textbox", { name: "Message" })).toHaveCount(0);
  const customerClosed = customerPage.getByTestId("sending-closed");
  await expect(customerClosed).toHaveText("You can't send messages in this conversation.");
  await expect(customerPage.getByRole("textbox", { name: "Message" })).toHaveCount(0);
  await expect(customerPage.getByRole("button", { name: "Attach photos" })).toHaveCount(0);
  await expect(customerClosed).not.toContainText(pair.artist.name);
  await expect(mine).toContainText(CONTACT_DETAILS_PLACEHOLDER);
  await expect(theirs).toContainText(CONTACT_DETAILS_PLACEHOLDER);
  // The inbox marks it for the artist only.
  await expect(artistPage.getByTestId("blocked-label")).toHaveText("Blocked");
  await expect(customerPage.getByTestId("conversation-item")).toBeVisible();
  await expect(customerPage.getByTestId("blocked-label")).toHaveCount(0);

  // The artist's account page lists the block.
  const account = await artistContext.newPage();
  await account.goto("/account");
  await expect(account.getByTestId("blocked-people")).toContainText(customer.name);
  await account.close();

  // The artist unblocks from the thread: both composers come back, live.
  await artistClosed.getByRole("button", { name: "Unblock" }).click();
  await expect(artistPage.getByRole("textbox", { name: "Message" })).toBeVisible();
  await expect(customerPage.getByRole("textbox", { name: "Message" })).toBeVisible();
  await expect(artistPage.getByTestId("blocked-label")).toHaveCount(0);
  await customerPage.getByRole("textbox", { name: "Message" }).fill("Thanks for unblocking");
  await customerPage.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(artistPage.getByTestId("message").filter({ hasText: "Thanks for unblocking" })).toBeVisible();

  await pair.close();
});

test("on a touch screen, a long press on someone's message opens its menu; a tap does not", async ({ browser, request }) => {
  const phone = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
  const pair = await conversationPair(browser, request, { customer: "Tess Touch", artist: "Lou Longpress" }, phone);
  const { customerPage: page, artistContext, conversationId } = pair;
  await send(artistContext.request, conversationId, "Here is my price list");
  await page.goto(`/messages/${conversationId}`);
  const body = page.getByTestId("message").filter({ hasText: "Here is my price list" }).getByTestId("message-body");
  await expect(body).toBeVisible();
  const box = (await body.boundingBox())!;
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  const press = async (ms: number) => {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [at] });
    await page.waitForTimeout(ms);
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  };

  await press(100);
  await expect(page.getByRole("menu")).toHaveCount(0);

  await press(800);
  const report = page.getByRole("menuitem", { name: "Report message" });
  await expect(report).toBeVisible();
  await report.tap();
  await expect(page.getByRole("dialog", { name: "Report this message" })).toBeVisible();
  await expect(page.getByRole("dialog")).toContainText(`Glow support reads every report.`);
  await page.getByRole("button", { name: "Close" }).tap();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await pair.close();
});

test("in the chat drawer beside a booking, Esc closes the menu or the dialog on top, not the drawer", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Dora Drawer", artist: "Eve Escape" }, desktop);
  const { customerPage: page, customerContext, artistContext, artist } = pair;
  const { booking } = await serviceAndBooking(artistContext.request, customerContext.request, "Drawer trial");
  await page.goto(`/bookings/${booking.id}`);
  await page.getByRole("button", { name: `Message ${artist.name}` }).click();
  const drawer = page.getByTestId("chat-drawer");
  await expect(drawer.getByTestId("thread-title")).toHaveText(artist.name);

  const more = drawer.getByRole("button", { name: `More actions for ${artist.name}` });
  await more.click();
  await expect(page.getByRole("menu")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toHaveCount(0);
  await expect(more).toBeFocused();
  await expect(drawer).toBeVisible();

  await more.press("Enter");
  await page.getByRole("menuitem", { name: `Report ${artist.name}` }).press("Enter");
  await expect(page.getByRole("dialog", { name: `Report ${artist.name}` })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog", { name: `Report ${artist.name}` })).toHaveCount(0);
  await expect(more).toBeFocused();
  await expect(drawer).toBeVisible();

  // With nothing on top, Esc closes the drawer as before.
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
  await pair.close();
});
