import { randomBytes } from "node:crypto";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

export interface Account {
  id: string;
  email: string;
  password: string;
  name: string;
  role: "CUSTOMER" | "ARTIST";
}

/** Registers a fresh account through the public API (auth.register). */
export async function registerAccount(request: APIRequestContext, role: Account["role"], name: string): Promise<Account> {
  const email = `${role.toLowerCase()}-${randomBytes(4).toString("hex")}@e2e.example`;
  const password = "e2e-password-1";
  const response = await request.post("/api/trpc/auth.register", {
    data: { json: { email, password, name, role } },
  });
  expect(response.status(), await response.text()).toBe(200);
  const body = (await response.json()) as { result: { data: { json: { id: string } } } };
  return { id: body.result.data.json.id, email, password, name, role };
}

export async function signIn(page: Page, account: Account): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(account.name);
}
