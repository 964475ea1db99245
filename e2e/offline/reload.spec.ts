import { expect, test, type Page } from "@playwright/test";
import { registerAccount, signedInPair, signIn, type Account } from "../support/accounts";
import {
  callProcedure,
  cacheNames,
  keptPagePaths,
  keptQueries,
  untilPageKept,
  untilQueriesKept,
  untilServiceWorkerControls,
} from "../support/offline-device";

/** A date the booking rules accept: tomorrow at 10:00 UTC. */
const tomorrowAtTen = () => new Date(`${new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10)}T10:00:00.000Z`).toISOString();

const connection = (page: Page) => page.getByTestId("connection-status");

/** Opens the customer's conversation with `artist` from the directory; returns once it is kept on the device. */
async function openKeptConversation(page: Page, customer: Account, artist: Account): Promise<string> {
  await untilServiceWorkerControls(page);
  await page.goto("/artists");
  await page.getByRole("button", { name: `Message ${artist.name}` }).click();
  await expect(page).toHaveURL(/\/messages\/[^/]+$/);
  await expect(page.getByTestId("thread-title")).toHaveText(artist.name);
  const thread = new URL(page.url()).pathname;
  await untilPageKept(page, thread);
  await untilQueriesKept(page, customer.id, { procedures: ["conversation.byId"], texts: [artist.name] });
  return thread;
}

test("every page reached by in-app navigation reloads without a network and recovers by itself when it returns", async ({ browser, request }) => {
  const pair = await signedInPair(browser, request, { customer: "Nina Navigate", artist: "Omar Offline" });
  const { customer, artist, customerContext, customerPage: page, artistContext, artistPage } = pair;
  const service = await callProcedure<{ id: string }>(artistContext.request, "service.create", { name: "Soft glam", durationMinutes: 60, priceCents: 6000 });
  const booking = await callProcedure<{ id: string; conversationId: string }>(
    customerContext.request,
    "booking.create",
    { serviceId: service.id, startsAt: tomorrowAtTen() },
    ["startsAt"],
  );
  const thread = `/messages/${booking.conversationId}`;
  await untilServiceWorkerControls(page);

  // A thread, opened from the inbox by a click (an RSC fetch, not a page load).
  await page.goto("/messages");
  await page.getByTestId("conversation-item").click();
  await expect(page).toHaveURL(thread);
  await expect(page.getByTestId("thread-title")).toHaveText(artist.name);
  await untilPageKept(page, thread);
  await untilQueriesKept(page, customer.id, { procedures: ["conversation.byId", "message.list"], texts: ["Booking requested: Soft glam"] });
  await customerContext.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("thread-title")).toHaveText(artist.name);
  await expect(page.getByTestId("system-message")).toContainText("Booking requested: Soft glam");
  await expect(connection(page)).toHaveAttribute("data-state", "offline");
  await customerContext.setOffline(false);
  await expect(connection(page)).toHaveAttribute("data-state", "connected");
  await artistPage.goto(thread);
  await artistPage.getByRole("textbox", { name: "Message" }).fill("Welcome back");
  await artistPage.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(page.getByTestId("message").filter({ hasText: "Welcome back" })).toBeVisible();

  // Bookings, from the header. The artist confirms while the customer is offline.
  await page.getByRole("link", { name: "Bookings", exact: true }).click();
  await expect(page).toHaveURL("/bookings");
  await expect(page.getByTestId("booking-row")).toContainText("Soft glam");
  await untilPageKept(page, "/bookings");
  await untilQueriesKept(page, customer.id, { procedures: ["booking.list"] });
  await customerContext.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Bookings" })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Requested/ })).toBeVisible();
  await expect(page.getByTestId("booking-row")).toContainText("Soft glam");
  await callProcedure(artistContext.request, "booking.transition", { id: booking.id, to: "CONFIRMED" });
  await customerContext.setOffline(false);
  await expect(connection(page)).not.toHaveAttribute("data-state", "offline");
  await expect(page.getByRole("heading", { name: /^Confirmed/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Requested/ })).toHaveCount(0);

  // The artist's page, through the directory. The artist adds a service meanwhile.
  await page.getByRole("link", { name: "Artists", exact: true }).click();
  await expect(page).toHaveURL("/artists");
  await page.getByRole("link", { name: artist.name, exact: true }).click();
  await expect(page).toHaveURL(`/artists/${artist.id}`);
  await expect(page.getByTestId("service-list")).toContainText("Soft glam");
  await untilPageKept(page, `/artists/${artist.id}`);
  await untilQueriesKept(page, customer.id, { procedures: ["service.artist"] });
  await customerContext.setOffline(true);
  await page.reload();
  await expect(page.getByRole("heading", { name: artist.name })).toBeVisible();
  await expect(page.getByTestId("service-list")).toContainText("Soft glam");
  await callProcedure(artistContext.request, "service.create", { name: "Evening glam", durationMinutes: 90, priceCents: 9000 });
  await customerContext.setOffline(false);
  await expect(connection(page)).not.toHaveAttribute("data-state", "offline");
  await expect(page.getByTestId("service-list")).toContainText("Evening glam");
  await pair.close();
});

test("a page never opened on this device shows the offline page, which opens it by itself when the network returns", async ({ browser, request }) => {
  const customer = await registerAccount(request, "CUSTOMER", "Pam Patient");
  const artist = await registerAccount(request, "ARTIST", `Quinn Unseen ${Date.now()}`);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, customer);
  await untilServiceWorkerControls(page);
  await page.goto("/messages");
  await untilPageKept(page, "/messages");

  await context.setOffline(true);
  await page.goto(`/artists/${artist.id}`);
  await expect(page.getByRole("heading", { name: "You're offline" })).toBeVisible();
  await expect(page).toHaveURL(`/artists/${artist.id}`);
  // It offers the pages that do open offline, and they do.
  await page.getByRole("link", { name: /Messages/ }).click();
  await expect(page).toHaveURL("/messages");
  await expect(page.getByRole("heading", { name: "Messages" })).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveText(customer.name);

  await page.goto(`/artists/${artist.id}`);
  await expect(page.getByRole("heading", { name: "You're offline" })).toBeVisible();
  await context.setOffline(false);
  await expect(page.getByRole("heading", { name: artist.name })).toBeVisible();
  await expect(page.getByText("No services listed yet.")).toBeVisible();
  await context.close();
});

test("after sign-out nothing of the user's stays on the device: no kept pages, no copy of their data", async ({ browser, request }) => {
  const pair = await signedInPair(browser, request, { customer: "Rosa Private", artist: "Sol Secret" });
  const { customer, artist, customerContext, customerPage: page } = pair;
  const thread = await openKeptConversation(page, customer, artist);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  expect((await cacheNames(page)).filter((name) => name.startsWith("glow-pages"))).toEqual([]);
  expect(await keptQueries(page, customer.id)).toEqual({ procedures: [], text: "null" });

  // Offline, the thread's address opens the offline page, not the previous user's page.
  await customerContext.setOffline(true);
  await page.goto(thread);
  await expect(page.getByRole("heading", { name: "You're offline" })).toBeVisible();
  await expect(page.getByText(customer.name)).toHaveCount(0);
  await pair.close();
});

test("when someone else signs in on the device after a session ended without sign-out, the first user's pages and data copy go", async ({ browser, request }) => {
  const pair = await signedInPair(browser, request, { customer: "Tess Former", artist: "Uri Unrelated" });
  const { customer, artist, customerContext, customerPage: page } = pair;
  const thread = await openKeptConversation(page, customer, artist);

  // The session ends (expired, revoked) and another person signs in on the same browser.
  await customerContext.clearCookies();
  const next = await registerAccount(request, "CUSTOMER", "Vic Next");
  await signIn(page, next);
  await untilPageKept(page, "/messages");
  await expect.poll(() => keptPagePaths(page)).not.toContain(thread);
  await expect.poll(async () => (await keptQueries(page, customer.id)).text).toBe("null");

  await customerContext.setOffline(true);
  await page.goto(thread);
  await expect(page.getByRole("heading", { name: "You're offline" })).toBeVisible();
  await expect(page.getByText(customer.name)).toHaveCount(0);
  await pair.close();
});
