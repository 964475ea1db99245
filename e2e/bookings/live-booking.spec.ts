import { expect, test, type APIRequestContext, type Locator } from "@playwright/test";
import { signedInPair } from "../support/accounts";
import { query, serviceAndBooking, type Booking } from "../support/ui-world";

/** The one label each action the server allows is shown with. */
const LABEL: Record<string, string> = {
  CONFIRMED: "Confirm",
  DECLINED: "Decline",
  COMPLETED: "Mark completed",
  CANCELLED: "Cancel booking",
};

/** The buttons are exactly the booking's `actions` for this viewer, each under its label, in order. */
async function expectExactlyTheAllowedActions(details: Locator, request: APIRequestContext, bookingId: string) {
  const { actions } = await query<Booking>(request, "booking.byId", { id: bookingId });
  const buttons = details.getByTestId("booking-actions").getByRole("button");
  if (actions.length === 0) await expect(buttons).toHaveCount(0);
  else await expect(buttons).toHaveText(actions.map((action) => LABEL[action]!));
}

test("an open booking page and the bookings list follow the artist's confirmation live, showing exactly the allowed actions", async ({
  browser,
  request,
}) => {
  const pair = await signedInPair(browser, request, { customer: "Lena Live", artist: "Mara Confirms" });
  const { customerContext, customerPage, artistContext, artistPage } = pair;
  const { booking } = await serviceAndBooking(artistContext.request, customerContext.request, "Evening makeup");

  await customerPage.goto(`/bookings/${booking.id}`);
  const customerDetails = customerPage.getByTestId("booking-details");
  await expect(customerDetails.getByTestId("booking-status")).toHaveText("Requested");
  await expectExactlyTheAllowedActions(customerDetails, customerContext.request, booking.id);
  // Marks this page, so the test knows it was never reloaded.
  await customerPage.evaluate(() => ((window as unknown as { stillThisPage: boolean }).stillThisPage = true));
  const customerList = await customerContext.newPage();
  await customerList.goto("/bookings");
  await expect(customerList.getByRole("heading", { name: /^Requested/ })).toBeVisible();

  await artistPage.goto(`/bookings/${booking.id}`);
  const artistDetails = artistPage.getByTestId("booking-details");
  await expectExactlyTheAllowedActions(artistDetails, artistContext.request, booking.id);
  await artistDetails.getByRole("button", { name: "Confirm" }).click();
  await expect(artistDetails.getByTestId("booking-status")).toHaveText("Confirmed");
  await expectExactlyTheAllowedActions(artistDetails, artistContext.request, booking.id);

  // The customer's open page and list change without a reload.
  await expect(customerDetails.getByTestId("booking-status")).toHaveText("Confirmed");
  await expectExactlyTheAllowedActions(customerDetails, customerContext.request, booking.id);
  expect(await customerPage.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
  await expect(customerList.getByRole("heading", { name: /^Confirmed/ })).toBeVisible();
  await expect(customerList.getByRole("heading", { name: /^Requested/ })).toHaveCount(0);

  // And the other way: the customer cancels, the artist's open page follows.
  customerPage.once("dialog", (dialog) => void dialog.accept());
  await customerDetails.getByRole("button", { name: "Cancel booking" }).click();
  await expect(artistDetails.getByTestId("booking-status")).toHaveText("Cancelled");
  await expectExactlyTheAllowedActions(artistDetails, artistContext.request, booking.id);
  await expect(artistDetails.getByRole("definition").filter({ hasText: pair.customer.name })).toBeVisible();
  await pair.close();
});
