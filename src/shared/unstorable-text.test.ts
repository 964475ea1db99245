import { describe, expect, it } from "vitest";
import { findUnstorableText } from "./unstorable-text";

describe("findUnstorableText", () => {
  it("lets any whole character through: emoji (surrogate pairs), other scripts, other control characters", () => {
    expect(findUnstorableText({ text: "héllo 👋🏽 مرحبا 你好 \u0001\u001b\u202e", list: ["a", "𝄞"], when: new Date(0), n: 1 })).toBeNull();
    expect(findUnstorableText(undefined)).toBeNull();
  });

  it("names the field holding the NUL character or half a character", () => {
    expect(findUnstorableText({ text: "a\u0000b" })).toBe("text: must not contain the NUL character");
    expect(findUnstorableText({ text: "broken \ud83d" })).toBe("text: must not contain half a character (an unpaired UTF-16 surrogate)");
    expect(findUnstorableText({ text: "\udc00 alone" })).toBe("text: must not contain half a character (an unpaired UTF-16 surrogate)");
    expect(findUnstorableText({ attachmentIds: ["ok", "x\u0000"] })).toBe("attachmentIds.1: must not contain the NUL character");
    expect(findUnstorableText("\u0000")).toBe("The input must not contain the NUL character.");
  });

  it("looks at field names too, and inside the Maps and Sets superjson can carry", () => {
    expect(findUnstorableText({ note: { "bad\u0000key": 1 } })).toBe("note: must not have a field name containing the NUL character");
    expect(findUnstorableText({ "\ud800": 1 })).toBe("The input must not have a field name containing half a character (an unpaired UTF-16 surrogate).");
    expect(findUnstorableText({ m: new Map([["k", "v\u0000"]]) })).toBe("m.k: must not contain the NUL character");
    expect(findUnstorableText({ m: new Map([[{ inner: "\u0000" }, 1]]) })).toBe("m.inner: must not contain the NUL character");
    expect(findUnstorableText({ s: new Set(["ok", "\u0000"]) })).toBe("s.1: must not contain the NUL character");
  });

  it("cuts a long field name in the sentence", () => {
    expect(findUnstorableText({ ["k".repeat(500)]: "\u0000" })).toBe(`${"k".repeat(40)}…: must not contain the NUL character`);
  });

  it("walks input nested 100 000 deep without running out of stack", () => {
    let deep: unknown = "\u0000";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toBe("0.0.0.0.0.0.0.0.…: must not contain the NUL character");
  });
});
