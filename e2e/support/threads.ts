import { expect, type Page } from "@playwright/test";
import type { SignedInPair } from "./accounts";
import { mutate } from "./ui-world";

/** The pair's conversation, made through the public API with the customer's session. */
export async function conversationOf(pair: SignedInPair): Promise<string> {
  const conversation = await mutate<{ id: string }>(pair.customerContext.request, "conversation.getOrCreate", { participantId: pair.artist.id });
  return conversation.id;
}

/** Opens the thread and waits for its history and its composer. */
export async function openThread(page: Page, conversationId: string, title: string) {
  await page.goto(`/messages/${conversationId}`);
  await expect(page.getByTestId("thread-title")).toHaveText(title);
  await expect(page.getByRole("textbox", { name: "Message" })).toBeEditable();
}
