import { expect, test, type Page } from "@playwright/test";
import { expectNoHorizontalOverflow, expectNoSeriousAxeViolations } from "../support/a11y";
import { hostileWorld, LONG_URL, unbrokenName } from "../support/ui-world";

/** Every page state, at the narrowest phone and a wide desktop. */
const WIDTHS = [320, 1440];

/** The page fits the screen and has no serious accessibility problem. */
async function check(page: Page, state: string) {
  await expectNoHorizontalOverflow(page, state);
  await expectNoSeriousAxeViolations(page, state);
}

for (const width of WIDTHS) {
  test(`at ${width}px, every page fits the screen and passes axe, whatever people type`, async ({ browser, request }) => {
    test.setTimeout(240_000);
    const viewport = { width, height: width < 800 ? 720 : 900 };
    const customerContext = await browser.newContext({ viewport });
    const page = await customerContext.newPage();
    const hydrationErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /hydrat|#418|#423|#425/i.test(message.text())) hydrationErrors.push(message.text());
    });

    // Signed out: sign in, then sign up with the longest unbroken name allowed.
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in to Glow" })).toBeVisible();
    await check(page, "login");
    await page.getByRole("button", { name: "Create an account" }).click();
    const customerName = unbrokenName("Customer");
    await page.getByLabel("Name").fill(customerName);
    await page.getByLabel("Email").fill(`${customerName.slice(8, 24).toLowerCase()}@e2e.example`);
    await page.getByLabel("Password").fill("a long enough password");
    await check(page, "sign-up");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/messages$/);
    await expect(page.getByTestId("signed-in-as")).toHaveText(customerName);

    const world = await hostileWorld(browser, request, customerContext, { viewport });
    const { artist, conversationId } = world;

    // The inbox.
    await page.goto("/messages");
    await expect(page.getByTestId("conversation-item")).toHaveCount(1);
    await expect(page.getByTestId("conversation-preview")).toContainText("Two looks for the day");
    await check(page, "inbox");

    // The thread: photos, system lines, long URL and word, 4,000 characters, right-to-left text.
    await page.goto(`/messages/${conversationId}`);
    await expect(page.getByTestId("message")).toHaveCount(7);
    await expect(page.getByTestId("system-message")).toHaveCount(3);
    const thumbs = page.getByTestId("photo-thumb");
    await expect(thumbs).toHaveCount(2);
    await expect.poll(() => thumbs.first().locator("img").evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await check(page, "thread");

    // A long address pasted into the composer wraps inside it; Send stays on screen.
    const composer = page.getByRole("textbox", { name: "Message" });
    await composer.fill(LONG_URL);
    await expect(page.getByRole("button", { name: "Send" })).toBeInViewport({ ratio: 1 });
    await check(page, "thread with a long draft");
    await composer.fill("");

    // The lightbox.
    await thumbs.first().click();
    await expect(page.getByTestId("lightbox")).toBeVisible();
    await expect(page.getByTestId("lightbox-caption")).toContainText("Two looks for the day");
    await check(page, "lightbox");
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("lightbox")).toHaveCount(0);

    // The account page (password, sign out everywhere), with an error showing.
    await page.goto("/account");
    await expect(page.getByRole("heading", { name: "Account", exact: true })).toBeVisible();
    await page.getByLabel("Current password").fill("not the password");
    await page.getByLabel("New password").fill("another long password");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByText("currentPassword: is not your current password.", { exact: false })).toBeVisible();
    await check(page, "account");

    // The directory, the artist's page and its booking form.
    await page.goto("/artists");
    await expect(page.getByRole("link", { name: artist.account.name })).toBeVisible();
    await check(page, "artists directory");
    await page.goto(`/artists/${artist.account.id}`);
    await expect(page.getByTestId("service-list")).toContainText(world.serviceName);
    await expect(page.getByLabel("Day")).toBeEnabled();
    await check(page, "artist page");

    // Bookings, and one booking with the conversation open beside it.
    await page.goto("/bookings");
    await expect(page.getByTestId("booking-row")).toHaveCount(2);
    await check(page, "bookings");
    await page.goto(`/bookings/${world.confirmedBooking.id}`);
    await expect(page.getByTestId("booking-details").getByTestId("booking-status")).toHaveText("Confirmed");
    await page.getByRole("button", { name: `Message ${artist.account.name}` }).click();
    const drawer = page.getByTestId("chat-drawer");
    await expect(drawer.getByTestId("message")).toHaveCount(7);
    await check(page, "booking with the chat drawer");

    // The artist's side: a request to answer, and their own page with the service form.
    await artist.page.setViewportSize(viewport);
    await artist.page.goto(`/bookings/${world.pendingBooking.id}`);
    await expect(artist.page.getByRole("button", { name: "Confirm" })).toBeVisible();
    await check(artist.page, "the artist's booking request");
    await artist.page.goto(`/artists/${artist.account.id}`);
    await expect(artist.page.getByRole("heading", { name: "Add a service" })).toBeVisible();
    await check(artist.page, "the artist's own page");

    expect(hydrationErrors, "hydration errors").toEqual([]);
    await artist.context.close();
    await customerContext.close();
  });
}
