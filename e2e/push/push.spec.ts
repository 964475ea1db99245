import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { e2ePushServicePort, startLocalPushService, type LocalPushService } from "@tests/support/push-server";
import { untilServiceWorkerControls } from "../support/offline-device";
import { conversationPair, mutate } from "../support/ui-world";

/**
 * Web Push end to end: the production app, a real Web Push protocol server on this machine
 * (web-push-testing, which checks the VAPID signature and decrypts what arrives), and the service
 * worker's push and notificationclick handlers in Chromium.
 */

/** What the worker's global scope offers these tests (the DOM types describe a window, not a worker). */
interface WorkerScope {
  registration: ServiceWorkerRegistration;
  dispatchEvent(event: Event): boolean;
  openFromNotification(notification: Notification): Promise<string>;
}
declare const NotificationEvent: new (type: string, init: { notification: Notification }) => Event;

interface PushPayload {
  title: string;
  body: string;
  tag: string;
  url: string;
  unreadTotal: number;
}

let pushService: LocalPushService;
test.beforeAll(async () => {
  // The port e2e/support/server.ts allows pushes to (PUSH_ENDPOINT_ORIGINS).
  pushService = await startLocalPushService(e2ePushServicePort(Number(process.env.E2E_PORT ?? 3100)));
});
test.afterAll(async () => {
  await pushService?.close();
});

/**
 * What the browser tells a page whose tab went to the background (another tab or app in front):
 * hidden, and not focused. The app reports its tabs' focus to the server (user.setFocus); a person
 * with a focused tab anywhere gets no push.
 */
async function sendToBackground(page: Page): Promise<void> {
  await page.evaluate(() => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
    document.hasFocus = () => false;
    window.dispatchEvent(new Event("blur"));
    document.dispatchEvent(new Event("visibilitychange"));
  });
}

/** The notifications the app's service worker shows now, as the page sees them. */
const notificationsOn = (page: Page) =>
  page.evaluate(async () =>
    (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as unknown })),
  );

/** The id of the app's service worker registration, for CDP's ServiceWorker domain. */
async function registrationId(context: BrowserContext, page: Page, origin: string): Promise<{ cdp: Awaited<ReturnType<BrowserContext["newCDPSession"]>>; id: string }> {
  const cdp = await context.newCDPSession(page);
  const id = await new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    });
    void cdp.send("ServiceWorker.enable");
  });
  return { cdp, id };
}

test("a message to someone whose tab is in the background arrives at their push service: who wrote, the words, the conversation", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Iris Push", artist: "Jade Notify" });
  const { customerPage, artistPage, artistContext, conversationId } = pair;
  const { publicKey } = (await (await request.get("/api/push/public-key")).json()) as { publicKey: string };
  // The artist's device: a subscription of the local push service, registered as the browser would.
  const { subscription, clientHash } = await pushService.subscribe(publicKey);
  await mutate(artistContext.request, "push.subscribe", { ...subscription });

  await artistPage.goto(`/messages/${conversationId}`);
  await expect(artistPage.getByTestId("thread-title")).toHaveText("Iris Push");
  await sendToBackground(artistPage);

  await customerPage.goto(`/messages/${conversationId}`);
  await customerPage.getByRole("textbox", { name: "Message" }).fill("Are you free on Saturday for a bridal look?");
  await customerPage.getByRole("textbox", { name: "Message" }).press("Enter");

  await expect.poll(() => pushService.notifications<PushPayload>(clientHash), { timeout: 30_000 }).toEqual([
    {
      title: "Iris Push",
      body: "Are you free on Saturday for a bridal look?",
      tag: conversationId,
      url: `/messages/${conversationId}`,
      unreadTotal: expect.any(Number),
    },
  ]);
  await pair.close();
});

test("the service worker shows a push as a notification per conversation, replaced by the next, and a click opens the conversation in the app's tab", async ({ browser, request, baseURL }) => {
  const pair = await conversationPair(browser, request, { customer: "Kira Click", artist: "Lena Tag" });
  const { artistContext: context, artistPage: page, conversationId } = pair;
  const origin = new URL(baseURL!).origin;
  await context.grantPermissions(["notifications"], { origin });
  await page.goto("/account");
  await untilServiceWorkerControls(page);
  const payload = (body: string): PushPayload => ({ title: "Kira Click", body, tag: conversationId, url: `/messages/${conversationId}`, unreadTotal: 2 });

  // A real push event, as the browser dispatches one when its push service delivers.
  const { cdp, id } = await registrationId(context, page, origin);
  await cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId: id, data: JSON.stringify(payload("First")) });
  // The first push may have to start a stopped worker: on a loaded 2-core CI machine that has
  // taken longer than the default 10 s (seen once), so this wait is longer.
  await expect
    .poll(() => notificationsOn(page), { timeout: 30_000 })
    .toEqual([{ title: "Kira Click", body: "First", tag: conversationId, data: { url: `/messages/${conversationId}` } }]);
  await cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId: id, data: JSON.stringify(payload("Second")) });
  await expect.poll(() => notificationsOn(page)).toEqual([expect.objectContaining({ body: "Second", tag: conversationId })]);

  // A click on it (the worker's own notificationclick listener): the app's tab, elsewhere, is taken there.
  const [worker] = context.serviceWorkers();
  expect(worker, "the app's service worker").toBeDefined();
  await worker!.evaluate(async (tag) => {
    const scope = self as unknown as WorkerScope;
    const [notification] = await scope.registration.getNotifications({ tag });
    scope.dispatchEvent(new NotificationEvent("notificationclick", { notification: notification! }));
  }, conversationId);
  await expect(page).toHaveURL(`/messages/${conversationId}`);
  await expect(page.getByTestId("thread-title")).toHaveText("Kira Click");
  expect(await notificationsOn(page)).toEqual([]);

  // Already there: the same tab, no new window.
  await cdp.send("ServiceWorker.deliverPushMessage", { origin, registrationId: id, data: JSON.stringify(payload("Third")) });
  await expect.poll(() => notificationsOn(page)).toHaveLength(1);
  const opened = await worker!.evaluate(async (tag) => {
    const scope = self as unknown as WorkerScope;
    const [notification] = await scope.registration.getNotifications({ tag });
    return scope.openFromNotification(notification!);
  }, conversationId);
  expect(opened).toBe(`${origin}/messages/${conversationId}`);
  expect(context.pages()).toHaveLength(1);
  await pair.close();
});
