import { describe, expect, it } from "vitest";
import { NO_PREVIEW, PREVIEW_LENGTH, previewOf, pushPayload } from "./payload";

describe("what a push says", () => {
  it("shows the words on one line", () => {
    expect(previewOf({ kind: "TEXT", text: "  See you\n\nat 10!  ", photoCount: 0 }, true)).toBe("See you at 10!");
  });

  it("shortens a long message to about two lines, ending with an ellipsis", () => {
    const preview = previewOf({ kind: "TEXT", text: "word ".repeat(100), photoCount: 0 }, true);
    expect(preview.length).toBeLessThanOrEqual(PREVIEW_LENGTH);
    expect(preview.endsWith("…")).toBe(true);
  });

  it("names photos, with their caption", () => {
    expect(previewOf({ kind: "IMAGE", text: "", photoCount: 1 }, true)).toBe("Photo");
    expect(previewOf({ kind: "IMAGE", text: "", photoCount: 3 }, true)).toBe("3 photos");
    expect(previewOf({ kind: "IMAGE", text: "Two looks for the day", photoCount: 2 }, true)).toBe("2 photos: Two looks for the day");
  });

  it("says only \"New message\" when previews are off, whatever the message", () => {
    expect(previewOf({ kind: "TEXT", text: "My address is 12 Rose Lane", photoCount: 0 }, false)).toBe(NO_PREVIEW);
    expect(previewOf({ kind: "IMAGE", text: "me", photoCount: 2 }, false)).toBe(NO_PREVIEW);
    expect(previewOf({ kind: "SYSTEM", text: "Booking confirmed", photoCount: 0 }, false)).toBe(NO_PREVIEW);
  });

  it("tags and links the push with its conversation", () => {
    expect(
      pushPayload({ conversationId: "c1", otherPersonName: "Ana", message: { kind: "TEXT", text: "Hi", photoCount: 0 }, previews: true, unreadTotal: 4 }),
    ).toEqual({ title: "Ana", body: "Hi", tag: "c1", url: "/messages/c1", unreadTotal: 4 });
  });
});
