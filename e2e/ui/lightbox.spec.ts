import { expect, test } from "@playwright/test";
import { expectFocusRingVisible, focusWithKeyboard } from "../support/a11y";
import { conversationPair, send, uploadPhoto } from "../support/ui-world";

test("the lightbox shows the message as its caption, keeps Tab inside, and gives focus back to the photo", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Lola Lightbox", artist: "Pia Photos" }, { viewport: { width: 1280, height: 800 } });
  const { customerPage, artistContext, conversationId: id } = pair;
  const caption = "Soft glam for the ceremony, bolder for the evening: https://glow.example.com/looks";
  const photos = [await uploadPhoto(artistContext.request, id), await uploadPhoto(artistContext.request, id, 800, 1200)];
  await send(artistContext.request, id, caption, photos);

  const page = customerPage;
  await page.goto(`/messages/${id}`);
  const thumb = page.getByTestId("photo-thumb").first();
  await focusWithKeyboard(page, thumb);
  await expectFocusRingVisible(thumb);
  await page.keyboard.press("Enter");

  const lightbox = page.getByRole("dialog", { name: "Photo 1 of 2" });
  await expect(lightbox).toBeVisible();
  await expect(lightbox.getByRole("button", { name: "Close" })).toBeFocused();
  await expect(page.getByTestId("lightbox-caption")).toHaveText(caption);
  await expect(lightbox).toHaveAccessibleDescription(caption);
  await expect(page.getByTestId("lightbox-caption").getByRole("link")).toHaveAttribute("href", "https://glow.example.com/looks");

  // Tab and Shift+Tab go round inside the dialog, never back to the page beneath.
  const focusInside = () => page.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="lightbox"]')));
  const visited = new Set<string>();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    expect(await focusInside()).toBe(true);
    visited.add(await page.evaluate(() => document.activeElement?.textContent ?? ""));
  }
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Shift+Tab");
    expect(await focusInside()).toBe(true);
  }
  // Close, the caption (and its link), and Next: more than one stop, so the cycle is real.
  expect(visited.size).toBeGreaterThan(2);

  // A message arriving under the open lightbox does not take focus away.
  await lightbox.getByRole("button", { name: "Close" }).focus();
  await send(artistContext.request, id, "Let me know which you prefer");
  await expect(page.getByTestId("message").filter({ hasText: "Let me know which you prefer" })).toHaveCount(1);
  await expect(lightbox.getByRole("button", { name: "Close" })).toBeFocused();

  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("dialog", { name: "Photo 2 of 2" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("lightbox")).toHaveCount(0);
  await expect(thumb).toBeFocused();
  await pair.close();
});
