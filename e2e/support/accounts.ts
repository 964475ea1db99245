import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "@playwright/test";

/** The password of every account registerAccount makes. */
export const E2E_PASSWORD = "e2e-password-1";

export interface Account {
  id: string;
  email: string;
  password: string;
  name: string;
  role: "CUSTOMER" | "ARTIST";
}

/** Registers a fresh account through the public API (auth.register). */
export async function registerAccount(request: APIRequestContext, role: "CUSTOMER" | "ARTIST", name: string): Promise<Account> {
  const email = `${role.toLowerCase()}-${randomBytes(4).toString("hex")}@e2e.example`;
  const password = E2E_PASSWORD;
  const response = await request.post("/api/trpc/auth.register", {
    data: { json: { email, password, name, role } },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { result: { data: { json: { id: string } } } };
  return { id: body.result.data.json.id, email, password, name, role };
}

export async function signIn(page: Page, account: Pick<Account, "email" | "password" | "name">): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(account.name);
}

export interface SignedInPair {
  customer: Account;
  artist: Account;
  customerContext: BrowserContext;
  artistContext: BrowserContext;
  customerPage: Page;
  artistPage: Page;
  close(): Promise<void>;
}

/**
 * A fresh customer and artist (the artist's name made unique, as the directory lists every
 * artist), each signed in in a browser context of their own.
 */
export async function signedInPair(
  browser: Browser,
  request: APIRequestContext,
  names: { customer: string; artist: string },
  contextOptions: BrowserContextOptions = {},
): Promise<SignedInPair> {
  const customer = await registerAccount(request, "CUSTOMER", names.customer);
  const artist = await registerAccount(request, "ARTIST", `${names.artist} ${Date.now()}`);
  const customerContext = await browser.newContext(contextOptions);
  const artistContext = await browser.newContext(contextOptions);
  const customerPage = await customerContext.newPage();
  const artistPage = await artistContext.newPage();
  await signIn(customerPage, customer);
  await signIn(artistPage, artist);
  return {
    customer,
    artist,
    customerContext,
    artistContext,
    customerPage,
    artistPage,
    close: async () => {
      await customerContext.close();
      await artistContext.close();
    },
  };
}
