import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { signedInPair } from "../support/accounts";

/** A 3000×2000 "phone photo" with a gradient, so it compresses like a real one. */
async function phonePhoto(): Promise<string> {
  const width = 3000;
  const height = 2000;
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 255) / width;
      pixels[i + 1] = (y * 255) / height;
      pixels[i + 2] = 160;
    }
  }
  const file = path.join(mkdtempSync(path.join(tmpdir(), "glow-photo-")), "the-look.jpg");
  writeFileSync(file, await sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 95 }).toBuffer());
  return file;
}

test("the customer attaches a photo; the artist sees the thumbnail arrive live and opens it full size", async ({ browser, request }) => {
  const pair = await signedInPair(browser, request, { customer: "Dana Photo", artist: "Elle Studio" });
  const { artist, customerPage, artistPage } = pair;

  await customerPage.goto("/artists");
  await customerPage.getByRole("button", { name: `Message ${artist.name}` }).click();
  await expect(customerPage).toHaveURL(/\/messages\/[^/]+$/);
  await customerPage.getByRole("textbox", { name: "Message" }).fill("Hello!");
  await customerPage.getByRole("textbox", { name: "Message" }).press("Enter");
  await expect(customerPage.getByTestId("message").filter({ hasText: "Hello!" })).toHaveAttribute("data-status", "sent");

  // The artist has the thread open.
  await artistPage.goto(customerPage.url().replace(/^https?:\/\/[^/]+/, ""));
  await expect(artistPage.getByTestId("message").filter({ hasText: "Hello!" })).toBeVisible();

  // The customer picks a photo: it is compressed and uploaded, then sent with a caption.
  await customerPage.getByTestId("photo-input").setInputFiles(await phonePhoto());
  await expect(customerPage.getByTestId("photo-draft")).toHaveAttribute("data-status", "ready");
  await customerPage.getByRole("textbox", { name: "Message" }).fill("This is the look I want");
  await customerPage.getByRole("button", { name: "Send" }).click();
  await expect(customerPage.getByTestId("photo-draft")).toHaveCount(0);
  await expect(customerPage.getByTestId("message").filter({ hasText: "This is the look I want" })).toHaveAttribute("data-status", "sent");

  // It arrives live at the artist as a thumbnail that really loads, with space reserved.
  const thumb = artistPage.getByTestId("photo-thumb");
  await expect(thumb).toHaveCount(1);
  const thumbImage = thumb.locator("img");
  await expect(thumbImage).toHaveAttribute("src", /\/api\/uploads\/[^/]+\/thumb$/);
  await expect.poll(() => thumbImage.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480);

  // Opened full size: the 3000 px original travelled downscaled to 2048 px.
  await thumb.click();
  const full = artistPage.getByTestId("lightbox").getByRole("img");
  await expect(full).toHaveAttribute("src", /\/api\/uploads\/[^/]+\/full$/);
  await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2048);
  await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBe(1365);
  await artistPage.keyboard.press("Escape");
  await expect(artistPage.getByTestId("lightbox")).toHaveCount(0);

  // The inbox says "Photo" with the caption.
  await artistPage.goto("/messages");
  await expect(artistPage.getByTestId("conversation-preview").first()).toHaveText("Photo: This is the look I want");

  await pair.close();
});
