import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";

test("a new artist signs up, lands in an empty inbox, signs out, and a wrong password is refused", async ({ page }) => {
  const email = `new-artist-${randomBytes(4).toString("hex")}@e2e.example`;
  await page.goto("/messages");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fmessages/);

  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill("Nadia New");
  await page.getByLabel("an artist").check();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  // the browser's own validation keeps a too-short password from being sent
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Password").fill("a long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/messages$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText("Nadia New");
  await expect(page.getByText("No conversations yet. Customers who message you appear here.")).toBeVisible();
  // artists do not browse other artists
  await expect(page.getByRole("link", { name: "Artists" })).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /do not match an account/ })).toBeVisible();

  // the same email cannot sign up twice
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByLabel("Name").fill("Someone Else");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("another long password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /already exists/ })).toBeVisible();
});
