import { expect, test, type Page } from "@playwright/test";
import { signedInPair, type Account } from "../support/accounts";
import { untilPageKept, untilQueriesKept, untilServiceWorkerControls } from "../support/offline-device";

async function write(page: Page, text: string) {
  const box = page.getByRole("textbox", { name: "Message" });
  await box.fill(text);
  await box.press("Enter");
}

/** The texts of the messages shown in the thread, top to bottom. */
const texts = (page: Page) => page.getByTestId("message").locator("p").allTextContents();

/** Opens the customer's conversation with `artist` from the directory (in-app) and returns its path. */
async function openConversation(page: Page, artist: Account): Promise<string> {
  await page.getByRole("link", { name: "Artists", exact: true }).click();
  await page.getByRole("button", { name: `Message ${artist.name}` }).click();
  await expect(page).toHaveURL(/\/messages\/[^/]+$/);
  await expect(page.getByTestId("thread-title")).toHaveText(artist.name);
  return new URL(page.url()).pathname;
}

test("offline, a reload shows the last known inbox, thread header and messages; back online the other side's message arrives live", async ({
  browser,
  request,
}) => {
  const pair = await signedInPair(browser, request, { customer: "Lena Lastknown", artist: "Kai Kept" });
  const { customer, artist, customerContext, customerPage: page, artistPage } = pair;
  await untilServiceWorkerControls(page);
  await page.goto("/messages");
  const thread = await openConversation(page, artist);
  await write(page, "Hello, are you free Saturday?");
  await artistPage.goto(thread);
  await write(artistPage, "Yes, from 10:00");
  await expect(page.getByTestId("message").filter({ hasText: "Yes, from 10:00" })).toBeVisible();
  await untilPageKept(page, thread);
  await untilQueriesKept(page, customer.id, {
    procedures: ["conversation.list", "conversation.byId", "message.list"],
    texts: [artist.name, "Hello, are you free Saturday?", "Yes, from 10:00"],
  });

  await customerContext.setOffline(true);
  await page.reload();
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "offline");
  await expect(page.getByTestId("conversation-item")).toContainText(artist.name);
  await expect(page.getByTestId("conversation-preview")).toHaveText("Yes, from 10:00");
  await expect(page.getByTestId("thread-title")).toHaveText(artist.name);
  await expect(page.getByTestId("message")).toHaveCount(2);
  expect(await texts(page)).toEqual(["Hello, are you free Saturday?", "Yes, from 10:00"]);
  await expect(page.getByText(/Could not load/)).toHaveCount(0);

  // The inbox alone, too.
  await page.goto("/messages");
  await expect(page.getByTestId("conversation-preview")).toHaveText("Yes, from 10:00");
  await page.goto(thread);
  await expect(page.getByTestId("message")).toHaveCount(2);

  await customerContext.setOffline(false);
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "connected");
  await write(artistPage, "See you then");
  await expect(page.getByTestId("message").filter({ hasText: "See you then" })).toBeVisible();
  await expect(page.getByTestId("conversation-preview")).toHaveText("See you then");
  // The copy and the server's messages joined without a gap or a duplicate.
  expect(await texts(page)).toEqual(["Hello, are you free Saturday?", "Yes, from 10:00", "See you then"]);
  await pair.close();
});

test("a thread reloaded offline with its copy too old to show fills its header and messages when the network returns", async ({ browser, request }) => {
  const pair = await signedInPair(browser, request, { customer: "Mona Blank", artist: "Ned Header" });
  const { customer, artist, customerContext, customerPage: page, artistPage } = pair;
  await untilServiceWorkerControls(page);
  const thread = await openConversation(page, artist);
  await artistPage.goto(thread);
  await write(artistPage, "First message");
  await expect(page.getByTestId("message").filter({ hasText: "First message" })).toBeVisible();
  await untilPageKept(page, thread);
  await untilQueriesKept(page, customer.id, { procedures: ["conversation.byId", "message.list"], texts: ["First message"] });

  // Eight days later (the copy is kept for seven), without a network: the page opens, empty.
  await customerContext.setOffline(true);
  await page.clock.setSystemTime(new Date(Date.now() + 8 * 24 * 3600 * 1000));
  await page.reload();
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "offline");
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
  await expect(page.getByTestId("thread-title")).not.toHaveText(artist.name);
  await expect(page.getByTestId("message")).toHaveCount(0);

  await customerContext.setOffline(false);
  await expect(page.getByTestId("thread-title")).toHaveText(artist.name);
  await expect(page.getByTestId("message").filter({ hasText: "First message" })).toBeVisible();
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "connected");
  await write(artistPage, "Still there?");
  await expect(page.getByTestId("message").filter({ hasText: "Still there?" })).toBeVisible();
  await pair.close();
});
