import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_LENGTH } from "@/shared/limits";
import { CONTACT_DETAILS_PLACEHOLDER as SHARED_PLACEHOLDER } from "@/shared/contact-details";
import { CONTACT_DETAILS_PLACEHOLDER, hideContactDetails } from "./contact-details";

const HIDDEN = CONTACT_DETAILS_PLACEHOLDER;
const shown = (text: string) => hideContactDetails(text).text;

/** A corpus file's cases: one per line, without blank lines and "#" comments. */
function corpus(name: string): string[] {
  return readFileSync(new URL(`./contact-corpus/${name}`, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"));
}

const shouldMask = corpus("should-mask.txt").map((line) => {
  const [message, detail] = line.split(" => ");
  return { message: message!, detail: detail! };
});
const mustNotMask = corpus("must-not-mask.txt");

/** Every window of four digits of the detail: none of them may be left anywhere in the result. */
function fourDigitPieces(detail: string): string[] {
  const digits = detail.normalize("NFKC").replace(/\D/g, "");
  return Array.from({ length: Math.max(0, digits.length - 3) }, (_, i) => digits.slice(i, i + 4));
}

describe("the corpus", () => {
  it("is big enough to mean something, and every line to hide names the detail", () => {
    expect(shouldMask.length).toBeGreaterThanOrEqual(120);
    expect(mustNotMask.length).toBeGreaterThanOrEqual(120);
    for (const { message, detail } of shouldMask) expect(detail, message).toBeTruthy();
  });

  it.each(shouldMask)("hides the detail in: $message", ({ message, detail }) => {
    const result = hideContactDetails(message);
    expect(result.hidden).toBe(true);
    expect(result.text).toContain(HIDDEN);
    const pieces = fourDigitPieces(detail);
    if (pieces.length > 0) {
      const digitsLeft = result.text.normalize("NFKC").replace(/\D/g, "");
      for (const piece of pieces) expect(digitsLeft, `"${piece}" left in: ${result.text}`).not.toContain(piece);
    } else {
      expect(result.text.toLowerCase()).not.toContain(detail.toLowerCase());
    }
  });

  it.each(mustNotMask)("leaves alone: %s", (message) => {
    expect(hideContactDetails(message)).toEqual({ text: message, hidden: false });
  });
});

describe("hideContactDetails", () => {
  it("uses the placeholder the browser knows", () => {
    expect(CONTACT_DETAILS_PLACEHOLDER).toBe(SHARED_PLACEHOLDER);
    expect(HIDDEN).toBe("[contact details hidden until a booking is confirmed]");
  });

  it("hides a phone number and keeps the rest of the sentence", () => {
    expect(hideContactDetails("call me on 07700 900123 tomorrow")).toEqual({ text: `call me on ${HIDDEN} tomorrow`, hidden: true });
    expect(shown("+44 (0)7700 900 123 after 6pm")).toBe(`${HIDDEN} after 6pm`);
    expect(shown("my cell is +1 (415) 555-0132, text me")).toBe(`my cell is ${HIDDEN}, text me`);
    expect(shown("mon portable: 06 12 34 56 78.")).toBe(`mon portable: ${HIDDEN}.`);
    expect(shown("0033 6 12 34 56 78 or 415.555.0132")).toBe(`${HIDDEN} or ${HIDDEN}`);
  });

  it("hides phone numbers written to slip past a filter", () => {
    expect(shown("ring 0 7 7 0 0 - 9 0 0 1 2 3 x")).toBe(`ring ${HIDDEN} x`);
    expect(shown("ring 0-7-7-0-0 9.0.0.1.2.3!")).toBe(`ring ${HIDDEN}!`);
    expect(shown("it's zero seven seven zero zero nine zero zero one two three ok")).toBe(`it's ${HIDDEN} ok`);
    expect(shown("oh seven seven double oh nine oh oh one two three")).toBe(HIDDEN);
    expect(shown("0\u200b7\u200b7\u200b0\u200b0 900123")).toBe(HIDDEN);
    expect(shown("text ０７７００ ９００１２３")).toBe(`text ${HIDDEN}`);
    expect(shown("O77OO 9OO123")).toBe(HIDDEN);
    expect(shown("call 07700 then 900123 x")).toBe(`call ${HIDDEN} x`);
    expect(shown("call 0161 or 0207, then ask")).toBe("call 0161 or 0207, then ask");
  });

  it("hides email addresses, plain, spaced and spelled out", () => {
    expect(shown("email ava.smith@gmail.com please")).toBe(`email ${HIDDEN} please`);
    expect(shown("email ava.smith @ gmail . com please")).toBe(`email ${HIDDEN} please`);
    expect(shown("email ava dot smith at gmail dot com please")).toBe(`email ${HIDDEN} please`);
    expect(shown("email ava [at] gmail [dot] com please")).toBe(`email ${HIDDEN} please`);
    expect(shown("email ava(at)gmail(dot)com please")).toBe(`email ${HIDDEN} please`);
    expect(shown("it's ava.smith@gmail.com. Thanks!")).toBe(`it's ${HIDDEN}. Thanks!`);
  });

  it("leaves words with 'at' and 'dot' in them, and places that are 'at' somewhere", () => {
    for (const text of ["Let's chat at the salon", "the dotted veil", "meet at the salon", "I'm at home. See you", "listed at venue.co.uk"]) {
      expect(shown(text)).toBe(text);
    }
  });

  it("hides links to contact channels and leaves other links", () => {
    expect(shown("message me: wa.me/447700900123 x")).toBe(`message me: ${HIDDEN} x`);
    expect(shown("see https://www.instagram.com/ava.glam/.")).toBe(`see ${HIDDEN}.`);
    expect(shown("or t.me/avaglam")).toBe(`or ${HIDDEN}`);
    expect(shown("tiktok.com/@ava is me")).toBe(`${HIDDEN} is me`);
    expect(shown("snapchat.com/add/avaglam")).toBe(HIDDEN);
    for (const text of ["like https://www.pinterest.com/pin/123", "glow.example/bookings/abc", "I love instagram.com"]) {
      expect(shown(text)).toBe(text);
    }
  });

  it("hides handles given on a contact channel, and leaves @ that means 'at'", () => {
    expect(shown("my insta is @ava.glam")).toBe(`my insta is ${HIDDEN}`);
    expect(shown("find me on instagram: ava.glam")).toBe(`find me on instagram: ${HIDDEN}`);
    expect(shown("add me on snap ava_glam")).toBe(`add me on snap ${HIDDEN}`);
    expect(shown("snapchat: avaglam")).toBe(`snapchat: ${HIDDEN}`);
    expect(shown("ig @ava.glam")).toBe(`ig ${HIDDEN}`);
    expect(shown("dm me on insta @ava")).toBe(`dm me on insta ${HIDDEN}`);
    expect(shown("search avaglam on instagram")).toBe(`search ${HIDDEN} on instagram`);
    for (const text of ["see you @ the venue", "see you @ 10", "Insta is down today", "I saw it on insta and loved it", "I'm not on insta"]) {
      expect(shown(text)).toBe(text);
    }
  });

  it("leaves prices, times, dates, durations, postcodes and references beside a hidden number", () => {
    expect(shown("£120 on 12/03/2027 at 10:30, SW1A 1AA, ref GLOW-2027-0042, call 07700 900123")).toBe(
      `£120 on 12/03/2027 at 10:30, SW1A 1AA, ref GLOW-2027-0042, call ${HIDDEN}`,
    );
    expect(shown("2 people at 7am 07700 900123 for 90 min")).toBe(`2 people at 7am ${HIDDEN} for 90 min`);
  });

  it("hides several details in one message, each in its place", () => {
    expect(shown("text 07700 900123, email ava@gmail.com or insta @ava.glam - thanks")).toBe(
      `text ${HIDDEN}, email ${HIDDEN} or insta ${HIDDEN} - thanks`,
    );
  });

  it("merges details with only spaces between them into one placeholder", () => {
    expect(shown("07700 900123 ava@gmail.com")).toBe(HIDDEN);
  });

  it("replaces the right characters after emoji and other astral characters", () => {
    expect(shown("💍💄👰🏽‍♀️ call 07700 900123 💋")).toBe(`💍💄👰🏽‍♀️ call ${HIDDEN} 💋`);
    expect(shown("𝒜𝓋𝒶 here: ava@gmail.com 𝄞")).toBe(`𝒜𝓋𝒶 here: ${HIDDEN} 𝄞`);
    // Fullwidth and zero-width characters change length in the working copy, not in the message.
    expect(shown("Ｈｉ\u200b\u200b! ０７７００ ９００１２３ ok")).toBe(`Ｈｉ\u200b\u200b! ${HIDDEN} ok`);
  });

  it("says when nothing was hidden", () => {
    expect(hideContactDetails("See you on Saturday at 9")).toEqual({ text: "See you on Saturday at 9", hidden: false });
    expect(hideContactDetails("")).toEqual({ text: "", hidden: false });
  });

  it("handles a message of the longest length, with details at the start, middle and end", () => {
    const [first, second, last] = ["07700 900123", "ava@gmail.com", "@ava.glam"];
    const room = MAX_MESSAGE_LENGTH - `${first} ${second} insta ${last}`.length;
    const filler = (length: number) => "Lovely, the trial is £60 on 12/03/2027 at 10:30 for 90 min. ".repeat(40).slice(0, length - 1) + " ";
    const [before, after] = [filler(Math.floor(room / 2)), filler(Math.ceil(room / 2))];
    const message = `${first} ${before}${second} ${after}insta ${last}`;
    expect(message.length).toBe(MAX_MESSAGE_LENGTH);
    expect(shown(message)).toBe(`${HIDDEN} ${before}${HIDDEN} ${after}insta ${HIDDEN}`);
  });

  it("finishes on inputs built to make patterns backtrack", () => {
    const pathological = [
      "1 ".repeat(2000),
      "a@".repeat(2000),
      "a.".repeat(2000),
      "a dot ".repeat(666),
      "@a".repeat(2000),
      "insta ".repeat(666),
      "0-".repeat(2000),
      "a ".repeat(1000) + "at " + "b dot ".repeat(500),
      "x".repeat(4000),
      "www.".repeat(1000),
    ];
    for (const text of pathological) {
      const result = hideContactDetails(text);
      expect(typeof result.text).toBe("string");
    }
  });
});
