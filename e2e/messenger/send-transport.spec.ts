import { expect, test, type Page } from "@playwright/test";
import { signedInPair } from "../support/accounts";
import { conversationOf, openThread } from "../support/threads";

/** The procedures a page called over HTTP, and those it called over its WebSocket. */
function watchTransports(page: Page) {
  const overHttp: string[] = [];
  const overSocket: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/api/trpc/")) overHttp.push(...url.pathname.slice("/api/trpc/".length).split(","));
  });
  page.on("websocket", (socket) => {
    socket.on("framesent", ({ payload }) => {
      for (const path of String(payload).matchAll(/"path":"([\w.]+)"/g)) overSocket.push(path[1]!);
    });
  });
  return { overHttp, overSocket };
}

async function sendFrom(page: Page, text: string) {
  const composer = page.getByRole("textbox", { name: "Message" });
  await composer.fill(text);
  await composer.press("Enter");
}

test("messages and read marks go over the open WebSocket, not HTTP", async ({ browser, request }) => {
  const pair = await signedInPair(browser, request, { customer: "Chloe Socket", artist: "Ava Socket" });
  const conversationId = await conversationOf(pair);
  const customer = watchTransports(pair.customerPage);
  const artist = watchTransports(pair.artistPage);
  await openThread(pair.customerPage, conversationId, pair.artist.name);
  await openThread(pair.artistPage, conversationId, pair.customer.name);
  // Both sockets are open (a send made before would rightly take HTTP).
  for (const page of [pair.customerPage, pair.artistPage]) {
    await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "connected");
  }

  await sendFrom(pair.customerPage, "Sent over the socket");
  await expect(pair.artistPage.getByTestId("message").filter({ hasText: "Sent over the socket" })).toBeVisible();
  // The artist's open thread marks it read: the customer sees it seen.
  await expect(pair.customerPage.getByText(/^Seen/)).toBeVisible();

  expect(customer.overSocket).toContain("message.send");
  expect(customer.overHttp).not.toContain("message.send");
  expect(artist.overSocket).toContain("conversation.markRead");
  expect(artist.overHttp).not.toContain("conversation.markRead");
  await pair.customerContext.close();
  await pair.artistContext.close();
});

test("without a WebSocket, messages go over HTTP and still arrive", async ({ browser, request }) => {
  const pair = await signedInPair(browser, request, { customer: "Chloe Fallback", artist: "Ava Fallback" });
  const conversationId = await conversationOf(pair);
  // The customer's network lets no WebSocket through (a proxy that refuses upgrades).
  await pair.customerPage.routeWebSocket(/\/api\/ws/, (socket) => socket.close({ code: 1011, reason: "no sockets here" }));
  const customer = watchTransports(pair.customerPage);
  await openThread(pair.customerPage, conversationId, pair.artist.name);
  await openThread(pair.artistPage, conversationId, pair.customer.name);

  await sendFrom(pair.customerPage, "Sent over HTTP");
  await expect(pair.artistPage.getByTestId("message").filter({ hasText: "Sent over HTTP" })).toBeVisible();
  expect(customer.overHttp).toContain("message.send");
  expect(customer.overSocket).not.toContain("message.send");
  await pair.customerContext.close();
  await pair.artistContext.close();
});
