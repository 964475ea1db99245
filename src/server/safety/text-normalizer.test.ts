import { describe, expect, it } from "vitest";
import { CanonicalReader, DIGIT_ONE } from "./text-normalizer";

function read(text: string) {
  const reading = new CanonicalReader().read(text);
  return {
    text: String.fromCodePoint(...reading.chars),
    spans: [...reading.chars].map((_, k) => text.slice(reading.starts[k], reading.ends[k])),
    readsDigitOne: reading.readsDigitOne,
  };
}

describe("the canonical reading", () => {
  it("maps every canonical letter back to the original characters it was read from, after emoji too", () => {
    const { text, spans } = read("😀 Ｈì\u200Bi");
    expect(text).toBe("hii");
    expect(spans).toEqual(["Ｈ", "ì\u200B", "i"]);
  });

  it("puts one word gap between words, whatever separates them, and none at the edges", () => {
    expect(read("  hello,   world!! ").text).toBe("hello world");
    expect(read("💅").text).toBe("");
  });

  it("gives each letter of a multi-letter fold the span of the character it came from", () => {
    const { text, spans } = read("ßa");
    expect(text).toBe("ssa");
    expect(spans).toEqual(["ß", "ß", "a"]);
  });

  it('marks a "1" read as a letter so the matcher can try both "i" and "l"', () => {
    const word = read("k1ll");
    expect(word.readsDigitOne).toBe(true);
    expect(word.text).toBe(`k${String.fromCodePoint(DIGIT_ONE)}ll`);
    const number = read("call 101");
    expect(number.readsDigitOne).toBe(false);
    expect(number.text).toBe("call 101");
  });

  it("a reader's result stays valid until its next read, and readers do not share results", () => {
    const first = new CanonicalReader();
    const second = new CanonicalReader();
    const reading = first.read("idiot");
    second.read("something much longer than five letters");
    expect(String.fromCodePoint(...reading.chars)).toBe("idiot");
  });
});
