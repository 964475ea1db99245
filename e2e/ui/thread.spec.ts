import { expect, test, type Locator } from "@playwright/test";
import { contrastRatio, expectFocusRingVisible, focusWithKeyboard } from "../support/a11y";
import { ARABIC, CONTACT, conversationPair, HEBREW, mutate, send, serviceAndBooking, uploadPhoto } from "../support/ui-world";

const DAY = 24 * 3600 * 1000;
const desktop = { viewport: { width: 1280, height: 800 }, locale: "en-GB" };

/** How many of these time elements a sighted reader sees (the others are for screen readers only). */
const shownTimes = (scope: Locator) => scope.locator("time").evaluateAll((times) => times.filter((t) => t.getBoundingClientRect().width > 1).length);

test("a thread reads like a messenger: grouped bubbles, day separators, live links, each script in its direction", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Gina Group", artist: "Hana Links" }, desktop);
  const { customerContext, customerPage, artistContext, artist, conversationId: id } = pair;
  // Confirmed first: until then contact details in messages are hidden (and so are not links).
  const { booking } = await serviceAndBooking(artistContext.request, customerContext.request, "Bridal trial");
  await mutate(artistContext.request, "booking.transition", { id: booking.id, to: "CONFIRMED" });
  for (const text of ["Hello!", "Are you free on Saturday?", "It is for a bridal trial."]) await send(customerContext.request, id, text);
  await send(artistContext.request, id, CONTACT);
  await send(artistContext.request, id, ARABIC);
  await send(customerContext.request, id, HEBREW);

  const page = customerPage;
  await page.goto(`/messages/${id}`);
  await expect(page.getByTestId("message")).toHaveCount(6);

  // Three groups after the booking's lines: mine (3), the artist's (2), mine again (1).
  const groups = page.getByTestId("message-group");
  await expect(groups).toHaveCount(3);
  await expect(groups.nth(0).getByTestId("message")).toHaveCount(3);
  await expect(groups.nth(1).getByTestId("message")).toHaveCount(2);
  await expect(groups.nth(2).getByTestId("message")).toHaveCount(1);
  // The artist's name once for their group; the time under the last bubble of each group only.
  await expect(groups.nth(1).getByTestId("group-sender")).toHaveText(artist.name);
  for (const group of [groups.nth(0), groups.nth(1), groups.nth(2)]) {
    expect(await shownTimes(group)).toBe(1);
    expect(await shownTimes(group.getByTestId("message").last())).toBe(1);
  }
  await expect(page.getByTestId("day-separator")).toHaveText(["Today"]);

  // Addresses, emails and phone numbers are links that open safely elsewhere.
  const contact = page.getByTestId("message").filter({ hasText: "Write to" });
  const web = contact.getByRole("link", { name: "https://glow.example.com/ava" });
  await expect(web).toHaveAttribute("href", "https://glow.example.com/ava");
  await expect(web).toHaveAttribute("target", "_blank");
  await expect(web).toHaveAttribute("rel", "noopener noreferrer nofollow");
  await expect(contact.getByRole("link", { name: "studio@glow-bridal.co.uk" })).toHaveAttribute("href", "mailto:studio@glow-bridal.co.uk");
  await expect(contact.getByRole("link", { name: "+44 20 7946 0958" })).toHaveAttribute("href", "tel:+442079460958");
  await expect(contact.getByRole("link")).toHaveCount(3);
  // The booking's lines (requested, confirmed) still link to the booking.
  await expect(page.getByTestId("system-message")).toHaveCount(2);
  for (const line of await page.getByTestId("system-message").getByRole("link").all()) {
    await expect(line).toHaveAttribute("href", `/bookings/${booking.id}`);
  }

  // Arabic and Hebrew read right to left, English left to right.
  const direction = (text: string) => page.getByTestId("message").filter({ hasText: text }).locator("p").evaluate((p) => getComputedStyle(p).direction);
  expect(await direction(ARABIC)).toBe("rtl");
  expect(await direction(HEBREW)).toBe("rtl");
  expect(await direction("Hello!")).toBe("ltr");

  // Tomorrow these are "Yesterday"; later, a weekday and date ("Sat 14 March").
  await page.clock.setFixedTime(Date.now() + DAY);
  await page.reload();
  await expect(page.getByTestId("day-separator")).toHaveText(["Yesterday"]);
  await page.clock.setFixedTime(Date.now() + 3 * DAY);
  await page.reload();
  await expect(page.getByTestId("day-separator")).toHaveText([/^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]+$/]);
  await pair.close();
});

test("while loading, the inbox and the thread show the shapes of what is coming, not words", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Lina Loading", artist: "Mona Slow" }, desktop);
  const { customerContext, artistContext, conversationId: id } = pair;
  await send(artistContext.request, id, "Your trial is booked");

  // A first visit on a new device: signed in, but no copy of earlier queries to start from.
  const device = await browser.newContext({ ...desktop, storageState: await customerContext.storageState() });
  const page = await device.newPage();
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    (url) => url.pathname.includes("message.list") || url.pathname.includes("conversation.list"),
    async (route) => {
      await held;
      await route.continue();
    },
  );
  await page.goto(`/messages/${id}`);
  const skeletons = page.getByTestId("skeleton");
  await expect(skeletons).toHaveCount(2);
  await expect(skeletons.nth(0)).toBeVisible();
  await expect(page.getByText(/Loading (messages|conversations)…/)).toHaveCount(0);
  release();
  await expect(page.getByTestId("message")).toHaveCount(1);
  await expect(page.getByTestId("conversation-item")).toHaveCount(1);
  await expect(skeletons).toHaveCount(0);
  await device.close();
  await pair.close();
});

test("focus rings show whole inside scrolling lists and photo grids, and a disabled Send is still legible", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Fay Focus", artist: "Rae Rings" }, desktop);
  const { customerContext, customerPage, artistContext, conversationId: id } = pair;
  await serviceAndBooking(artistContext.request, customerContext.request, "Trial");
  await send(artistContext.request, id, "Portfolio: https://glow.example.com/rae");
  await send(customerContext.request, id, "This look", [await uploadPhoto(customerContext.request, id)]);

  const page = customerPage;
  await page.goto(`/messages/${id}`);
  await expect(page.getByTestId("photo-thumb")).toHaveCount(1);

  const send_ = page.getByRole("button", { name: "Send" });
  await expect(send_).toBeDisabled();
  expect(await contrastRatio(send_)).toBeGreaterThanOrEqual(4.5);

  for (const target of [
    page.getByTestId("conversation-item"),
    page.getByTestId("open-bookings").getByRole("link"),
    page.getByRole("region", { name: "Message history" }),
    page.getByRole("link", { name: "https://glow.example.com/rae" }),
    page.getByTestId("photo-thumb"),
    page.getByRole("textbox", { name: "Message" }),
  ]) {
    await page.locator("body").click({ position: { x: 1, y: 1 } });
    await focusWithKeyboard(page, target);
    await expectFocusRingVisible(target);
  }
  await page.getByRole("textbox", { name: "Message" }).fill("Ready");
  await focusWithKeyboard(page, send_);
  await expectFocusRingVisible(send_);
  await pair.close();
});
