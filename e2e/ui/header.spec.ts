import { expect, test, type Page } from "@playwright/test";
import { expectNoHorizontalOverflow } from "../support/a11y";
import { signedIn, unbrokenName } from "../support/ui-world";

/** The link is wholly on screen and it, not something over it, takes a tap at its centre. */
async function expectTappable(page: Page, name: string) {
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
  await expect(link).toBeInViewport({ ratio: 1 });
  const box = (await link.boundingBox())!;
  const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest("a")?.textContent ?? null, {
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
  });
  expect(hit, `tap on ${name}`).toBe(name);
}

for (const viewport of [
  { width: 390, height: 844 },
  { width: 320, height: 640 },
]) {
  test(`on a ${viewport.width}px phone the header fits: every main link and Sign out can be reached`, async ({ browser, request }) => {
    const customer = await signedIn(browser, request, "CUSTOMER", unbrokenName("Customer"), { viewport });
    const artist = await signedIn(browser, request, "ARTIST", unbrokenName("Artist"), { viewport });

    for (const [person, links, own] of [
      [customer, ["Messages", "Bookings", "Artists"], "Artists"],
      [artist, ["Messages", "Bookings", "My services"], "My services"],
    ] as const) {
      const page = person.page;
      await page.goto("/bookings");
      for (const name of links) await expectTappable(page, name);
      await expectNoHorizontalOverflow(page, `${person.account.role} header`);

      // The name and Sign out open from the avatar, on screen.
      await page.getByRole("button", { name: "Account" }).click();
      await expect(page.getByTestId("signed-in-as")).toBeInViewport({ ratio: 1 });
      await expect(page.getByTestId("signed-in-as")).toHaveText(person.account.name);
      await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport({ ratio: 1 });
      await expectNoHorizontalOverflow(page, `${person.account.role} account menu`);
      await page.keyboard.press("Escape");
      await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();

      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: own }).click();
      await expect(page).toHaveURL(own === "Artists" ? /\/artists$/ : new RegExp(`/artists/${person.account.id}$`));
    }

    // Signing out works from the menu.
    await customer.page.getByRole("button", { name: "Account" }).click();
    await customer.page.getByRole("button", { name: "Sign out" }).click();
    await expect(customer.page).toHaveURL(/\/login/);
    await customer.context.close();
    await artist.context.close();
  });
}
