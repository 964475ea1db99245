import { expect, test } from "@playwright/test";
import { signedIn, mutate, query, type Booking } from "../support/ui-world";

test("the booking picker lists days and times the viewer's way and books the moment they chose, in their zone", async ({ browser, request }) => {
  // An American in New York.
  const options = { viewport: { width: 390, height: 844 }, locale: "en-US", timezoneId: "America/New_York" };
  const artist = await signedIn(browser, request, "ARTIST", `Nina Picker ${Date.now()}`, options);
  await mutate(artist.context.request, "service.create", { name: "Updo", durationMinutes: 60, priceCents: 8_000 });
  const customer = await signedIn(browser, request, "CUSTOMER", "Olga Orlando", options);
  const page = customer.page;
  await page.goto(`/artists/${artist.account.id}`);

  const day = page.getByLabel("Day");
  const time = page.getByLabel("Time");
  await expect(day).toBeEnabled();
  const days = await day.locator("option").evaluateAll((options) => options.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? "" })));
  expect(days.length).toBeGreaterThanOrEqual(365);
  expect(days[0]!.label).toBe("Today");
  expect(days[1]!.label).toBe("Tomorrow");
  // Later days as the browser writes them for this viewer, never as 03/21/2026.
  const later = days[5]!;
  const [y, m, d] = later.value.split("-").map(Number) as [number, number, number];
  expect(later.label).toBe(
    await page.evaluate(([y, m, d]) => new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "long" }).format(new Date(y, m - 1, d)), [y, m, d] as const),
  );
  expect(days.filter((option) => /\d+\/\d+/.test(option.label))).toEqual([]);
  await expect(day.locator("optgroup").first()).toHaveAttribute("label", /^[A-Z][a-z]+ \d{4}$/);

  // Quarter hours, written 12-hour for this viewer.
  await day.selectOption(later.value);
  const times = await time.locator("option").evaluateAll((options) => options.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? "" })));
  expect(times).toHaveLength(96);
  expect(times.find((t) => t.value === String(10 * 60 + 30))?.label).toBe("10:30 AM");
  await time.selectOption(String(10 * 60 + 30));
  await page.getByRole("button", { name: "Request booking" }).click();
  await expect(page).toHaveURL(/\/bookings\/[^/]+$/);

  // The booking starts at 10:30 in New York on that day.
  const booking = await query<Booking & { startsAt: string }>(customer.context.request, "booking.byId", { id: page.url().split("/").pop()! });
  const expected = await page.evaluate(([y, m, d]) => new Date(y, m - 1, d, 10, 30).toISOString(), [y, m, d] as const);
  expect(booking.startsAt).toBe(expected);
  await expect(page.getByTestId("booking-details").getByRole("definition").first()).toContainText("10:30 AM");
  await customer.context.close();
  await artist.context.close();
});
