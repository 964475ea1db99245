import { expect, test, type Page } from "@playwright/test";
import { signedInPair } from "../support/accounts";

/** The page's CSP violations, as the browser reports them (the event and the console). */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (load|connect|execute|apply|frame)/i.test(message.text())) violations.push(`console: ${message.text()}`);
  });
  await page.exposeFunction("reportCspViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(`${event.violatedDirective}: ${event.blockedURI}`);
    });
  });
  return violations;
}

const directives = (policy: string) =>
  Object.fromEntries(policy.split(";").map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

test("pages carry a Content-Security-Policy without eval that lets them open the app's own WebSocket", async ({ request, baseURL }) => {
  for (const path of ["/login", "/offline.html", "/manifest.webmanifest"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    const policy = response.headers()["content-security-policy"];
    expect(policy, path).toBeTruthy();
    const csp = directives(policy!);
    expect(csp["default-src"]).toEqual(["'self'"]);
    expect(csp["script-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["connect-src"]).toContain(baseURL!.replace(/^http/, "ws"));
    expect(response.headers()["x-frame-options"]).toBe("DENY");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    // Served over http here: no HSTS.
    expect(response.headers()["strict-transport-security"]).toBeUndefined();
  }
  for (const path of ["/api/health", "/api/trpc/user.me"]) {
    expect((await request.get(path)).headers()["cache-control"], path).toBe("no-store");
  }
});

test("under the CSP the app works: the thread's socket connects and a message goes both ways live, with no violation", async ({ browser, request }) => {
  // The sign-in page itself, fresh.
  const visitor = await browser.newPage();
  const onSignIn = await watchViolations(visitor);
  await visitor.goto("/login");
  await expect(visitor.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await visitor.close();

  const pair = await signedInPair(browser, request, { customer: "Cora CSP", artist: "Ada CSP" });
  const { artist, customerPage, artistPage } = pair;
  const onCustomer = await watchViolations(customerPage);
  const onArtist = await watchViolations(artistPage);

  await artistPage.goto("/messages");
  await customerPage.goto("/artists");
  await customerPage.getByRole("button", { name: `Message ${artist.name}` }).click();
  await expect(customerPage.getByTestId("thread-title")).toHaveText(artist.name);
  await expect(customerPage.getByTestId("connection-status")).toHaveAttribute("data-state", "connected");

  await customerPage.getByRole("textbox", { name: "Message" }).fill("Hello under a strict policy");
  await customerPage.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(customerPage.getByTestId("message").filter({ hasText: "Hello under a strict policy" })).toHaveAttribute("data-status", "sent");
  // The artist's inbox hears of it over the socket, without a reload.
  await expect(artistPage.getByTestId("conversation-item").filter({ hasText: "Cora CSP" })).toBeVisible();

  expect({ onSignIn, onCustomer, onArtist }).toEqual({ onSignIn: [], onCustomer: [], onArtist: [] });
  await pair.close();
});
