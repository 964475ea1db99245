import { describe, expect, it } from "vitest";
import { newMessagesBelow, newMessagesLabel } from "./new-messages";

const ME = "chloe";
const thread = (...senders: (string | null)[]) => senders.map((senderId, i) => ({ seq: i + 1, senderId }));

describe("the new-message pill of a reader scrolled up", () => {
  it("counts what arrived after the newest message shown at the bottom, from them and from the app", () => {
    const messages = thread(ME, "ava", "ava", null, "ava");
    expect(newMessagesBelow(messages, 2, ME)).toBe(3);
    expect(newMessagesBelow(messages, 5, ME)).toBe(0);
  });

  it("never counts my own messages", () => {
    expect(newMessagesBelow(thread("ava", ME, ME), 1, ME)).toBe(0);
    expect(newMessagesBelow(thread("ava", ME, "ava"), 1, ME)).toBe(1);
  });

  it("reads '1 new message' and '3 new messages'", () => {
    expect(newMessagesLabel(1)).toBe("1 new message");
    expect(newMessagesLabel(3)).toBe("3 new messages");
  });
});
