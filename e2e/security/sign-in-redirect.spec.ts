import { expect, test, type Page } from "@playwright/test";
import { registerAccount, type Account } from "../support/accounts";

/**
 * Sign-in follows callbackUrl only to a path of this site: a link carrying any other address
 * lands on /messages, in the form, on the server, and in next-auth's own callback.
 */

/** Query strings as a link would carry them, some encoded once, some not at all. */
const HOSTILE_QUERIES = [
  `callbackUrl=${encodeURIComponent("/\\evil.example")}`,
  "callbackUrl=/\\evil.example",
  `callbackUrl=${encodeURIComponent("/%09/evil.example")}`,
  "callbackUrl=/%09/evil.example",
  "callbackUrl=//evil.example",
  `callbackUrl=${encodeURIComponent("https://evil.example/messages")}`,
  "callbackUrl=https:evil.example",
  `callbackUrl=${encodeURIComponent("/\u0000/evil.example")}`,
  "callbackUrl=%0d%0a//evil.example",
  `callbackUrl=${encodeURIComponent("\\\\evil.example")}`,
  `callbackUrl=${encodeURIComponent("/.//evil.example")}`,
  `callbackUrl=${encodeURIComponent("javascript:alert(1)")}`,
];

/** Every host the page asked for, so a bounce through evil.example is caught even if it came back. */
function hostsAskedFor(page: Page): Set<string> {
  const hosts = new Set<string>();
  page.on("request", (request) => hosts.add(new URL(request.url()).hostname));
  return hosts;
}

async function signInThroughTheForm(page: Page, account: Account) {
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

let account: Account;

test.beforeAll(async ({ request }) => {
  account = await registerAccount(request, "CUSTOMER", "Redirect Tester");
});

test("signing in from a link with a hostile callbackUrl lands on /messages of this site", async ({ browser, baseURL }) => {
  // Twelve fresh browsers, each signing in and opening the inbox twice: about a minute on a quiet
  // 2-core machine, more while other work runs.
  test.setTimeout(300_000);
  for (const query of HOSTILE_QUERIES) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const hosts = hostsAskedFor(page);
    await page.goto(`/login?${query}`);
    await signInThroughTheForm(page, account);
    await expect(page, query).toHaveURL(`${baseURL}/messages`);
    await expect(page.getByTestId("signed-in-as")).toHaveText(account.name);

    // Signed in already, the sign-in page sends the same link to /messages too (the server's check).
    await page.goto(`/login?${query}`);
    await expect(page, query).toHaveURL(`${baseURL}/messages`);
    expect([...hosts].filter((host) => host.includes("evil")), query).toEqual([]);
    await context.close();
  }
});

test("a callbackUrl that is a path of this site is followed", async ({ page, baseURL }) => {
  await page.goto(`/login?callbackUrl=${encodeURIComponent("/bookings?status=PENDING")}`);
  await signInThroughTheForm(page, account);
  await expect(page).toHaveURL(`${baseURL}/bookings?status=PENDING`);
});

test("next-auth's credentials callback answers a hostile callbackUrl with this site's /messages", async ({ request, baseURL }) => {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  for (const callbackUrl of ["https://evil.example/x", "//evil.example", "/\\evil.example", "/%09/evil.example", "/.//evil.example"]) {
    const response = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: account.email, password: account.password, callbackUrl, json: "true" },
    });
    expect(response.status(), callbackUrl).toBe(200);
    expect(((await response.json()) as { url: string }).url, callbackUrl).toBe(`${baseURL}/messages`);
  }
});
