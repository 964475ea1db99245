import { expect, test, type Page } from "@playwright/test";
import { conversationPair, send, serviceAndBooking, tomorrowAtTenUtc } from "../support/ui-world";

/** What the browser itself writes for this moment in the viewer's locale and zone. */
const inBrowser = (page: Page, iso: string, options: Intl.DateTimeFormatOptions) =>
  page.evaluate(([when, opts]) => new Intl.DateTimeFormat(undefined, opts).format(new Date(when)), [iso, options] as const);

const TIME: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };
const BOOKING_TIME: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", ...TIME };

test("dates, times and prices are written in the viewer's locale and time zone, the same way everywhere", async ({ browser, request }) => {
  // A German speaker in Tokyo: 10:00 UTC tomorrow is 19:00 for her.
  const options = { viewport: { width: 1280, height: 800 }, locale: "de-DE", timezoneId: "Asia/Tokyo" };
  const pair = await conversationPair(browser, request, { customer: "Greta Tokyo", artist: "Ilse Intl" }, options);
  const { customerContext, customerPage, artistContext, artist, conversationId: id } = pair;
  const startsAt = tomorrowAtTenUtc();
  const { booking } = await serviceAndBooking(artistContext.request, customerContext.request, "Brautmake-up", undefined, startsAt);
  const sent = await send(customerContext.request, id, "Bis morgen!");
  const page = customerPage;

  const when = await inBrowser(page, startsAt.toISOString(), BOOKING_TIME);
  expect(when).toContain("19:00");
  const price = await page.evaluate(() => new Intl.NumberFormat(undefined, { style: "currency", currency: "GBP" }).format(120));
  expect(price).toMatch(/^120,00\s£$/);

  // The booking page and the bookings list.
  await page.goto(`/bookings/${booking.id}`);
  const details = page.getByTestId("booking-details");
  await expect(details.getByRole("definition").first()).toHaveText(when);
  await expect(details).toContainText(price);
  await page.goto("/bookings");
  await expect(page.getByTestId("booking-row")).toContainText(`${when} · ${price}`);

  // The thread: the bubble's time, today's separator, the open booking in the header; the inbox.
  await page.goto(`/messages/${id}`);
  const sentTime = await inBrowser(page, sent.createdAt, TIME);
  await expect(page.getByTestId("message").filter({ hasText: "Bis morgen!" }).locator("time")).toHaveText(sentTime);
  await expect(page.getByTestId("day-separator")).toHaveText(["Heute"]);
  await expect(page.getByTestId("open-bookings")).toContainText(when);
  await expect(page.getByTestId("conversation-item").locator("time")).toHaveText(sentTime);

  // The artist's page lists the price the same way.
  await page.goto(`/artists/${artist.id}`);
  await expect(page.getByTestId("service-list")).toContainText(price);
  await pair.close();
});
