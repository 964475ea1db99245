import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { signIn } from "../support/accounts";
import { expectNoHorizontalOverflow, expectNoSeriousAxeViolations } from "../support/a11y";
import { conversationPair, mutate, query, send, signedIn } from "../support/ui-world";

/** What the page asked of the Badging API, in order: a number shown, or "cleared". */
type BadgeCall = number | "cleared";

declare global {
  interface Window {
    __appBadgeCalls: BadgeCall[];
  }
}

/**
 * Chromium has the Badging API only for installed apps: in every page of the context it is
 * replaced (or defined) by one that records what it is asked.
 */
async function recordAppBadge(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const calls: BadgeCall[] = [];
    window.__appBadgeCalls = calls;
    const record = (call: BadgeCall) => {
      calls.push(call);
      return Promise.resolve();
    };
    Object.defineProperty(Navigator.prototype, "setAppBadge", { configurable: true, value: (contents?: number) => record(contents ?? 0) });
    Object.defineProperty(Navigator.prototype, "clearAppBadge", { configurable: true, value: () => record("cleared") });
  });
}

/** The last thing the page asked the app badge to show; undefined before it asked anything. */
const lastAppBadge = (page: Page) => page.evaluate(() => window.__appBadgeCalls.at(-1));

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });
const messagesBadge = (page: Page) => mainNav(page).getByTestId("messages-unread");

/** The header, the tab title and the app badge all say `count` (the page's own title is `title`). */
async function expectUnread(page: Page, count: number, title: string) {
  if (count === 0) {
    await expect(messagesBadge(page)).toHaveCount(0);
    await expect(mainNav(page).getByRole("link", { name: "Messages", exact: true })).toBeVisible();
    await expect(page).toHaveTitle(title);
    await expect.poll(() => lastAppBadge(page)).toBe("cleared");
  } else {
    await expect(messagesBadge(page)).toHaveText(count > 99 ? "99+" : String(count));
    await expect(mainNav(page).getByRole("link", { name: `Messages, ${count} unread`, exact: true })).toBeVisible();
    await expect(page).toHaveTitle(`(${count > 99 ? "99+" : count}) ${title}`);
    await expect.poll(() => lastAppBadge(page)).toBe(count);
  }
}

test("the unread total shows on the Messages link, in the tab title and on the app badge, and clears when read on another device", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Nora Unread", artist: "Iris Unread" });
  await recordAppBadge(pair.artistContext);
  const artist = pair.artistPage;

  // Nothing unread: no count anywhere, and a badge left from before is cleared.
  await artist.goto("/bookings");
  await expectUnread(artist, 0, "Bookings · Glow");

  // Each message the customer sends counts, live, on a page that is not the inbox.
  await send(pair.customerContext.request, pair.conversationId, "Hello! Are you free in June?");
  await expectUnread(artist, 1, "Bookings · Glow");
  await send(pair.customerContext.request, pair.conversationId, "It is for a wedding.");
  await expectUnread(artist, 2, "Bookings · Glow");

  // Next sets each page's title as the artist moves around; the count stays in front of it.
  await mainNav(artist).getByRole("link", { name: "Messages, 2 unread" }).click();
  await expect(artist).toHaveURL(/\/messages$/);
  await expectUnread(artist, 2, "Messages · Glow");
  await mainNav(artist).getByRole("link", { name: "Bookings" }).click();
  await expect(artist).toHaveURL(/\/bookings$/);
  await expectUnread(artist, 2, "Bookings · Glow");

  // The artist reads the conversation on another device: this one clears without a reload.
  const phoneContext = await browser.newContext();
  const phone = await phoneContext.newPage();
  await signIn(phone, pair.artist);
  await phone.goto(`/messages/${pair.conversationId}`);
  await expect(phone.getByTestId("message").filter({ hasText: "It is for a wedding." })).toBeVisible();
  await expectUnread(artist, 0, "Bookings · Glow");
  await expect(phone).toHaveTitle("Conversation · Glow");

  await phoneContext.close();
  await pair.close();
});

test("a muted conversation counts in no total and is marked in the inbox; unmuting counts it again", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Mona Muted", artist: "Ines Muted" });
  const other = await signedIn(browser, request, "CUSTOMER", "Olga Other");
  const { id: otherConversation } = await mutate<{ id: string }>(other.context.request, "conversation.getOrCreate", { participantId: pair.artist.id });
  await recordAppBadge(pair.artistContext);
  const artist = pair.artistPage;

  await send(pair.customerContext.request, pair.conversationId, "First from Mona");
  await send(pair.customerContext.request, pair.conversationId, "Second from Mona");
  await send(other.context.request, otherConversation, "One from Olga");
  await artist.goto("/messages");
  await expectUnread(artist, 3, "Messages · Glow");

  const mona = artist.getByTestId("conversation-item").filter({ hasText: pair.customer.name });
  await expect(mona.getByTestId("muted-icon")).toHaveCount(0);
  await mutate(pair.artistContext.request, "conversation.mute", { conversationId: pair.conversationId, muted: true });

  // Still listed, with its own count (greyed) and the muted mark; only Olga's message counts.
  await expectUnread(artist, 1, "Messages · Glow");
  await expect(mona.getByTestId("muted-icon")).toBeVisible();
  await expect(mona).toContainText("Muted");
  await expect(mona.getByTestId("unread-badge")).toHaveText("2");
  await expect(mona.getByTestId("unread-badge")).toHaveAttribute("data-muted", "true");
  await expectNoSeriousAxeViolations(artist, "inbox with a muted conversation");
  expect(await query<{ total: number }>(pair.artistContext.request, "conversation.unreadTotal", {})).toEqual({ total: 1 });

  // A new message in the muted conversation changes nothing in the total.
  await send(pair.customerContext.request, pair.conversationId, "Third from Mona");
  await expect(mona.getByTestId("unread-badge")).toHaveText("3");
  await expectUnread(artist, 1, "Messages · Glow");

  await mutate(pair.artistContext.request, "conversation.mute", { conversationId: pair.conversationId, muted: false });
  await expectUnread(artist, 4, "Messages · Glow");
  await expect(mona.getByTestId("muted-icon")).toHaveCount(0);
  await expect(mona.getByTestId("unread-badge")).not.toHaveAttribute("data-muted");

  // Signing out leaves no count on the app's icon.
  await artist.getByRole("button", { name: "Sign out" }).click();
  await expect(artist).toHaveURL(/\/login/);
  await expect(artist).toHaveTitle("Sign in · Glow");
  await expect.poll(() => lastAppBadge(artist)).toBe("cleared");

  await other.context.close();
  await pair.close();
});

test("an archived conversation leaves the inbox for the Archived view until a new message brings it back", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Alma Archive", artist: "Uma Archive" });
  const artist = pair.artistPage;
  await send(pair.customerContext.request, pair.conversationId, "Thanks for today!");

  // The Archived view starts empty, and leads back to the inbox.
  await artist.goto("/messages");
  await artist.getByRole("link", { name: "Archived" }).click();
  await expect(artist).toHaveURL(/\/messages\?view=archived$/);
  await expect(artist.getByRole("heading", { name: "Archived" })).toBeVisible();
  await expect(artist.getByText("No archived conversations.")).toBeVisible();
  await expect(artist).toHaveTitle("(1) Archived · Glow");
  await artist.getByRole("link", { name: "Inbox" }).click();
  await expect(artist).toHaveURL(/\/messages$/);

  const inbox = artist.getByRole("navigation", { name: "Conversations" });
  await expect(inbox.getByTestId("conversation-item").filter({ hasText: pair.customer.name })).toBeVisible();

  // Archived (here from another device): gone from the inbox live, and from the total.
  await mutate(pair.artistContext.request, "conversation.archive", { conversationId: pair.conversationId, archived: true });
  await expect(artist.getByText("No conversations yet.")).toBeVisible();
  await expect(messagesBadge(artist)).toHaveCount(0);
  await expect(artist).toHaveTitle("Messages · Glow");

  await artist.getByRole("link", { name: "Archived" }).click();
  const archived = artist.getByRole("navigation", { name: "Archived conversations" });
  const item = archived.getByTestId("conversation-item").filter({ hasText: pair.customer.name });
  await expect(item).toBeVisible();
  await expect(item.getByTestId("conversation-preview")).toHaveText("Thanks for today!");
  await expectNoSeriousAxeViolations(artist, "the Archived view");
  // Opened from the Archived view, the thread keeps that list beside it.
  await item.click();
  await expect(artist).toHaveURL(new RegExp(`/messages/${pair.conversationId}\\?view=archived$`));
  await expect(artist.getByTestId("message").filter({ hasText: "Thanks for today!" })).toBeVisible();
  await expect(archived.getByTestId("conversation-item")).toHaveCount(1);

  // A new message brings it back to the inbox, and out of the Archived view, live.
  await artist.goto("/messages?view=archived");
  await expect(item).toBeVisible();
  await send(pair.customerContext.request, pair.conversationId, "One more question, actually.");
  await expect(artist.getByText("No archived conversations.")).toBeVisible();
  await expect(messagesBadge(artist)).toHaveText("1");
  await artist.getByRole("link", { name: "Inbox" }).click();
  await expect(inbox.getByTestId("conversation-item").filter({ hasText: pair.customer.name })).toContainText("One more question, actually.");
  expect(
    (await query<{ items: { id: string; archived: boolean }[] }>(pair.artistContext.request, "conversation.list", { limit: 20 })).items,
  ).toEqual([expect.objectContaining({ id: pair.conversationId, archived: false })]);

  await pair.close();
});

test("the thread's ⋯ menu mutes and archives the conversation, and undoes both", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Tara Menu", artist: "Vera Menu" });
  const artist = pair.artistPage;
  await send(pair.customerContext.request, pair.conversationId, "Can we move to 11?");
  await artist.goto(`/messages/${pair.conversationId}`);
  await expect(artist.getByTestId("message").filter({ hasText: "Can we move to 11?" })).toBeVisible();
  const inbox = artist.getByRole("navigation", { name: "Conversations" });
  const item = inbox.getByTestId("conversation-item").filter({ hasText: pair.customer.name });
  await expect(item).toBeVisible();
  const conversation = () => query<{ muted: boolean; archived: boolean }>(pair.artistContext.request, "conversation.byId", { id: pair.conversationId });
  const menu = artist.getByRole("button", { name: `More actions for ${pair.customer.name}` });

  await menu.click();
  await artist.getByRole("menuitem", { name: "Mute notifications" }).click();
  await expect(item.getByTestId("muted-icon")).toBeVisible();
  await expect.poll(conversation).toMatchObject({ muted: true, archived: false });

  // From the keyboard: the menu now offers to unmute, then to archive.
  await menu.focus();
  await artist.keyboard.press("Enter");
  await expect(artist.getByRole("menuitem", { name: "Unmute notifications" })).toBeFocused();
  await artist.keyboard.press("ArrowDown");
  await expect(artist.getByRole("menuitem", { name: "Archive conversation" })).toBeFocused();
  await artist.keyboard.press("Enter");
  // Gone from the inbox beside the thread; the thread stays open.
  await expect(item).toHaveCount(0);
  await expect.poll(conversation).toMatchObject({ muted: true, archived: true });
  await expect(artist.getByTestId("message").filter({ hasText: "Can we move to 11?" })).toBeVisible();

  await menu.click();
  await artist.getByRole("menuitem", { name: "Move to inbox" }).click();
  await expect(item).toBeVisible();
  await menu.click();
  await artist.getByRole("menuitem", { name: "Unmute notifications" }).click();
  await expect(item.getByTestId("muted-icon")).toHaveCount(0);
  await expect.poll(conversation).toMatchObject({ muted: false, archived: false });
  await menu.click();
  await expect(artist.getByRole("menuitem", { name: "Mute notifications" })).toBeVisible();
  await expect(artist.getByRole("menuitem", { name: "Archive conversation" })).toBeVisible();

  await pair.close();
});

test("the messenger settings are switches that keep their place across a reload, and turn back when the change fails", async ({ browser, request }) => {
  const person = await signedIn(browser, request, "CUSTOMER", "Sofia Settings");
  const page = person.page;
  await page.goto("/account");
  const section = page.getByRole("region", { name: "Messages and notifications" });
  const readReceipts = section.getByRole("switch", { name: "Read receipts" });
  const presence = section.getByRole("switch", { name: "Show when I'm online" });
  const previews = section.getByRole("switch", { name: "Message previews in notifications" });
  for (const setting of [readReceipts, presence, previews]) await expect(setting).toBeChecked();
  await expect(readReceipts).toHaveAccessibleDescription(/you don't see when they've read yours/);
  await expectNoSeriousAxeViolations(page, "messenger settings");

  await readReceipts.click();
  await expect(readReceipts).not.toBeChecked();
  await previews.click();
  await expect(previews).not.toBeChecked();
  await expect
    .poll(() => query(person.context.request, "user.settings", {}))
    .toEqual({ readReceipts: false, showPresence: true, pushPreviews: false });

  await page.reload();
  await expect(readReceipts).not.toBeChecked();
  await expect(presence).toBeChecked();
  await expect(previews).not.toBeChecked();

  // The network drops the change: the switch turns back and says why.
  await page.route("**/api/trpc/user.updateSettings**", (route) => route.abort("internetdisconnected"));
  await presence.click();
  await expect(section.getByRole("alert")).toContainText("Could not turn off “Show when I'm online”");
  await expect(presence).toBeChecked();
  await expectNoSeriousAxeViolations(page, "messenger settings after a failed change");
  await page.unroute("**/api/trpc/user.updateSettings**");
  expect(await query(person.context.request, "user.settings", {})).toEqual({ readReceipts: false, showPresence: true, pushPreviews: false });

  // Keyboard: Space turns a switch.
  await readReceipts.focus();
  await page.keyboard.press("Space");
  await expect(readReceipts).toBeChecked();
  await page.reload();
  await expect(readReceipts).toBeChecked();
  await expect(section.getByRole("alert")).toHaveCount(0);

  await person.context.close();
});

test("on a 375 px phone the header holds a 99+ badge without scrolling sideways", async ({ browser, request }) => {
  const viewport = { width: 375, height: 740 };
  const pair = await conversationPair(browser, request, { customer: "Pia Phone", artist: "Lea Phone" }, { viewport });
  for (let batch = 0; batch < 10; batch++) {
    await Promise.all(Array.from({ length: 10 }, (_, i) => send(pair.customerContext.request, pair.conversationId, `Message ${batch * 10 + i + 1}`)));
  }
  const artist = pair.artistPage;
  await artist.goto("/bookings");
  await expect(messagesBadge(artist)).toHaveText("99+");
  await expect(mainNav(artist).getByRole("link", { name: "Messages, 100 unread", exact: true })).toBeInViewport({ ratio: 1 });
  await expect(artist).toHaveTitle("(99+) Bookings · Glow");
  await expectNoHorizontalOverflow(artist, "header with a 99+ badge");
  // Axe on the main links only: the avatar button beside them (AccountMenu) has a finding of its
  // own with two-word names ("LP" shown, "Account" named), reported separately.
  const nav = await new AxeBuilder({ page: artist }).include('nav[aria-label="Main"]').analyze();
  expect(nav.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  // The badge sits on the Messages link, not over its neighbour.
  const badge = (await messagesBadge(artist).boundingBox())!;
  const bookings = (await mainNav(artist).getByRole("link", { name: "Bookings" }).boundingBox())!;
  expect(badge.x + badge.width).toBeLessThanOrEqual(bookings.x);
  await artist.goto("/messages");
  await expect(artist.getByTestId("conversation-item").getByTestId("unread-badge")).toHaveText("99+");
  await expectNoHorizontalOverflow(artist, "inbox with a 99+ badge");
  await pair.close();
});
