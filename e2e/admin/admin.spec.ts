import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { REMOVED_MESSAGE_TEXT } from "@/shared/moderation";
import { signIn } from "../support/accounts";
import { E2E_ADMIN } from "../support/admin-account";
import { expectNoHorizontalOverflow } from "../support/a11y";
import { conversationPair, mutate, send } from "../support/ui-world";

const desktop = { viewport: { width: 1280, height: 800 } };
const phone = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true };

/** The thread is open with its live socket connected. */
async function openLiveThread(page: Page, conversationId: string) {
  await page.goto(`/messages/${conversationId}`);
  await expect(page.getByTestId("connection-status")).toHaveAttribute("data-state", "connected");
}

test("Glow support finds a conversation by a word, reads it with a reason, removes a reported message live, suspends its sender, and reads it all in the audit log", async ({
  browser,
  request,
}) => {
  const pair = await conversationPair(browser, request, { customer: "Rhea Reported", artist: "Sol Reporter" }, desktop);
  const { customer, customerPage, artistPage, customerContext, artistContext, conversationId } = pair;
  const word = `lagoon${randomBytes(4).toString("hex")}`;
  await send(customerContext.request, conversationId, `Could we do the ${word} look on Saturday?`);
  const offending = await send(customerContext.request, conversationId, "You are useless, pay me in cash outside the app");
  const report = await mutate<{ id: string }>(artistContext.request, "report.create", { messageId: offending.id, reason: "HARASSMENT", note: "Rude" });
  expect(report.id).toBeTruthy();

  // Both have the thread open, live.
  await openLiveThread(customerPage, conversationId);
  await openLiveThread(artistPage, conversationId);
  await expect(artistPage.getByTestId("message").filter({ hasText: "You are useless" })).toBeVisible();

  // Glow support signs in and lands on the console, with an Admin link in the header.
  const adminContext = await browser.newContext(desktop);
  const admin = await adminContext.newPage();
  await signIn(admin, E2E_ADMIN);
  await expect(admin).toHaveURL(/\/admin$/);
  await expect(admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toBeVisible();

  // The overview's live figures are the metrics counters: the two open threads' sockets among them.
  await expect(admin.getByTestId("admin-live-scope")).toContainText(/server process(es)? reporting/);
  const liveFigure = async (label: string) => {
    const card = admin.getByTestId("admin-live").locator("div", { has: admin.getByText(label, { exact: true }) });
    return Number((await card.locator("dd").first().textContent())?.replace(/\D/g, ""));
  };
  await expect.poll(() => liveFigure("Open sockets")).toBeGreaterThanOrEqual(2);
  await expect.poll(() => liveFigure("Messages sent")).toBeGreaterThanOrEqual(2);

  // Finds the conversation by a word in it, and opens it only after giving a reason.
  await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Conversations" }).click();
  await admin.getByLabel("Search conversations").fill(word);
  await admin.getByRole("button", { name: "Search" }).click();
  const result = admin.getByRole("link", { name: new RegExp(`${customer.name}.*${pair.artist.name}|${pair.artist.name}.*${customer.name}`) });
  await expect(result).toHaveCount(1);
  await result.click();
  await expect(admin).toHaveURL(new RegExp(`/admin/conversations/${conversationId}$`));
  await expect(admin.getByTestId("admin-thread")).toHaveCount(0);
  await admin.getByLabel("Reason").fill("Dispute #4711 about the trial");
  await admin.getByRole("button", { name: "Open conversation" }).click();
  await expect(admin.getByTestId("admin-thread")).toContainText(`the ${word} look`);
  // Read-only: nothing to write with.
  await expect(admin.getByRole("textbox", { name: "Message" })).toHaveCount(0);

  // The report is resolved by removing the message: both open threads change at once.
  await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Reports" }).click();
  const queued = admin.getByTestId("report").filter({ hasText: "You are useless" });
  await expect(queued).toBeVisible();
  await queued.getByRole("button", { name: "Show in context" }).click();
  await expect(queued.getByTestId("admin-thread")).toContainText(`the ${word} look`);
  await queued.getByLabel("Action").selectOption("REMOVE_MESSAGE");
  await queued.getByLabel("Note").fill("Abusive and asks for payment off the platform");
  await queued.getByRole("button", { name: "Resolve" }).click();
  await expect(admin.getByTestId("report").filter({ hasText: "You are useless" })).toHaveCount(0);
  for (const page of [customerPage, artistPage]) {
    await expect(page.getByTestId("message").filter({ hasText: REMOVED_MESSAGE_TEXT })).toBeVisible();
    await expect(page.getByTestId("message").filter({ hasText: "You are useless" })).toHaveCount(0);
  }
  // …and in history, after a reload.
  await artistPage.reload();
  await expect(artistPage.getByTestId("message").filter({ hasText: REMOVED_MESSAGE_TEXT })).toBeVisible();
  await expect(artistPage.getByText("You are useless")).toHaveCount(0);

  // The admin still reads the original, marked as removed.
  await admin.goto(`/admin/conversations/${conversationId}`);
  await admin.getByLabel("Reason").fill("Report check after removal");
  await admin.getByRole("button", { name: "Open conversation" }).click();
  await expect(admin.getByTestId("admin-thread")).toContainText("You are useless");
  await expect(admin.getByTestId("admin-thread")).toContainText("Removed by Glow support");

  // Suspending the sender signs their open tab out; signing in says until when.
  await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Users" }).click();
  await admin.getByLabel("Search users").fill(customer.email);
  await admin.getByRole("button", { name: "Search" }).click();
  const row = admin.getByTestId("user-row").filter({ hasText: customer.email });
  await expect(row).toHaveCount(1);
  await row.getByRole("button", { name: "Suspend" }).click();
  const dialog = admin.getByRole("dialog");
  await dialog.getByLabel("Reason").fill("Harassment after report");
  await dialog.getByLabel("Days").fill("7");
  await dialog.getByRole("button", { name: "Suspend" }).click();
  await expect(row).toContainText("Suspended");
  await expect(customerPage).toHaveURL(/\/login\?.*ended=1/);
  await customerPage.getByLabel("Email").fill(customer.email);
  await customerPage.getByLabel("Password").fill(customer.password);
  await customerPage.getByRole("button", { name: "Sign in" }).click();
  await expect(customerPage.getByRole("alert").filter({ hasText: "suspended" })).toHaveText(
    /^Your account is suspended until \d{1,2} \w+ \d{4} at \d{2}:\d{2} \(UTC\)\. If you think this is a mistake, contact Glow support\.$/,
  );

  // The audit log holds every access and action, with the reason given.
  await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Audit log" }).click();
  const entries = admin.getByTestId("audit-entry");
  await expect(entries.filter({ hasText: "conversation.view" }).filter({ hasText: "Dispute #4711 about the trial" })).toHaveCount(1);
  await expect(entries.filter({ hasText: "message.remove" })).toHaveCount(1);
  await expect(entries.filter({ hasText: "user.suspend" }).filter({ hasText: "Harassment after report" })).toHaveCount(1);
  // Filtered by the conversation, and exported as CSV.
  await admin.getByLabel("Target id").fill(conversationId);
  await admin.getByRole("button", { name: "Filter" }).click();
  await expect(entries.first()).toContainText(conversationId);
  const csv = await adminContext.request.get(`/api/admin/audit.csv?targetId=${conversationId}`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines[0]).toBe("time,admin_id,admin_email,action,target_type,target_id,reason,ip,user_agent,details");
  expect(lines.filter((line) => line.includes("conversation.view"))).toHaveLength(2);

  await adminContext.close();
  await pair.close();
});

test("the admin pages work on a phone, and are closed to everyone else", async ({ browser, request }) => {
  const pair = await conversationPair(browser, request, { customer: "Pia Phone", artist: "Quin Phone" }, phone);
  await send(pair.customerContext.request, pair.conversationId, "Hello from a phone");
  // A customer is sent to their messages.
  await pair.customerPage.goto("/admin/reports");
  await expect(pair.customerPage).toHaveURL(/\/messages$/);

  const adminContext = await browser.newContext(phone);
  const admin = await adminContext.newPage();
  await signIn(admin, E2E_ADMIN);
  await expect(admin).toHaveURL(/\/admin$/);
  for (const path of ["/admin", "/admin/conversations", "/admin/reports", "/admin/users", "/admin/keywords", "/admin/audit"]) {
    await admin.goto(path);
    await expect(admin.getByRole("navigation", { name: "Admin" })).toBeVisible();
    await expectNoHorizontalOverflow(admin, path);
  }
  await admin.goto(`/admin/conversations/${pair.conversationId}`);
  await admin.getByLabel("Reason").fill("Phone layout check #12");
  await admin.getByRole("button", { name: "Open conversation" }).click();
  await expect(admin.getByTestId("admin-thread")).toContainText("Hello from a phone");
  await expectNoHorizontalOverflow(admin, "a conversation read by support");
  await adminContext.close();
  await pair.close();
});
