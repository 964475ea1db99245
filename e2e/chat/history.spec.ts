import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { registerAccount, signIn } from "../support/accounts";

test("a long history opens at the newest 50 messages and loads older ones on scroll up without jumping", async ({ browser, request }) => {
  const customer = await registerAccount(request, "CUSTOMER", "Hana History");
  const artist = await registerAccount(request, "ARTIST", `Iris History ${Date.now()}`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, customer);

  // 120 messages through the public API, with the page's own session cookie.
  const open = await context.request.post("/api/trpc/conversation.getOrCreate", { data: { json: { participantId: artist.id } } });
  const conversationId = ((await open.json()) as { result: { data: { json: { id: string } } } }).result.data.json.id;
  for (let i = 1; i <= 120; i++) {
    const sent = await context.request.post("/api/trpc/message.send", {
      data: { json: { conversationId, clientId: randomUUID(), text: `History message ${i}` } },
    });
    expect(sent.status()).toBe(200);
  }

  await page.goto(`/messages/${conversationId}`);
  const messages = page.getByTestId("message");
  await expect(messages.last()).toContainText("History message 120");
  await expect(messages).toHaveCount(50);
  await expect(messages.first()).toContainText("History message 71");

  // Scroll up: the previous page arrives above, and the message that was on screen stays put.
  const anchor = page.getByText("History message 71", { exact: true });
  const log = page.getByRole("log", { name: "Messages" });
  const viewport = (await log.evaluate((el) => {
    const box = el.parentElement!.getBoundingClientRect();
    return { top: box.top, bottom: box.bottom };
  }))!;
  await log.evaluate((el) => el.parentElement!.scrollTo({ top: 0 }));
  await expect(messages).toHaveCount(100);
  await expect(messages.first()).toContainText("History message 21");
  // Message 71 was at the top of the view when the older page was asked for; it still is, rather
  // than being pushed down by the 50 messages added above it.
  const after = (await anchor.boundingBox())!;
  expect(after.y).toBeGreaterThanOrEqual(viewport.top);
  expect(after.y).toBeLessThan(viewport.top + 250);
  expect(await log.evaluate((el) => el.parentElement!.scrollTop)).toBeGreaterThan(500);

  await log.evaluate((el) => el.parentElement!.scrollTo({ top: 0 }));
  await expect(messages).toHaveCount(120);
  await expect(messages.first()).toContainText("History message 1");
  await context.close();
});
