import { describe, expect, it } from "vitest";
import { compileKeywordMatcher, normalizeTerm, type FilterTerm, type KeywordAction } from "./keyword-matcher";

function matcherFor(...terms: [term: string, action: KeywordAction][]) {
  return compileKeywordMatcher(terms.map(([term, action], i): FilterTerm => ({ id: `t${i}`, term, action })));
}

/** Whether a BLOCK term stops the text. */
function blocks(term: string, text: string): boolean {
  return matcherFor([term, "BLOCK"]).check(text).blocked;
}

describe("the keyword filter's verdicts", () => {
  it("a BLOCK term refuses the send and leaves the text as it was", () => {
    const verdict = matcherFor(["idiot", "BLOCK"]).check("you idiot");
    expect(verdict).toEqual({ blocked: true, text: "you idiot", masked: false, flagged: [] });
  });

  it("a MASK term stars exactly its span and keeps the rest byte for byte, emoji and other scripts included", () => {
    const text = "Привет 👋🏽 you idiot, 你好 café ✨";
    const verdict = matcherFor(["idiot", "MASK"]).check(text);
    expect(verdict.masked).toBe(true);
    expect(verdict.blocked).toBe(false);
    expect(verdict.text).toBe("Привет 👋🏽 you *****, 你好 café ✨");
  });

  it("masking lands on the right characters when emoji come before the match", () => {
    const text = "😀😀🧑‍🎨 idiot 𝒳 idiot";
    expect(matcherFor(["idiot", "MASK"]).check(text).text).toBe("😀😀🧑‍🎨 ***** 𝒳 *****");
  });

  it("masking stars a disguised word in full, keeps spaces inside it and drops its invisible characters", () => {
    const mask = matcherFor(["idiot", "MASK"], ["send money", "MASK"]);
    expect(mask.check("what an ìdìöt").text).toBe("what an *****");
    expect(mask.check("i d i o t!").text).toBe("* * * * *!");
    expect(mask.check("i\u200Bdiot").text).toBe("*****");
    expect(mask.check("idi\u0308ot?").text).toBe("*****?");
    expect(mask.check("please send  money").text).toBe("please ****  *****");
  });

  it("a FLAG term is listed once even when it appears three times", () => {
    const verdict = matcherFor(["cash only", "FLAG"]).check("cash only. I said CASH ONLY. c a s h only");
    expect(verdict.flagged).toEqual([{ id: "t0", term: "cash only" }]);
    expect(verdict.blocked).toBe(false);
    expect(verdict.masked).toBe(false);
  });

  it("several terms in one message each take their own action", () => {
    const matcher = matcherFor(["idiot", "MASK"], ["whatsapp", "FLAG"], ["loser", "BLOCK"], ["venmo", "FLAG"], ["never used", "BLOCK"]);
    const verdict = matcher.check("venmo me, idiot, or whatsapp me you loser");
    expect(verdict.blocked).toBe(true);
    expect(verdict.text).toBe("venmo me, *****, or whatsapp me you loser");
    expect(verdict.flagged).toEqual([
      { id: "t3", term: "venmo" },
      { id: "t1", term: "whatsapp" },
    ]);
  });

  it("two terms with the same letters but different actions both apply", () => {
    const verdict = matcherFor(["idiot", "FLAG"], ["IDIOT", "MASK"]).check("idiot");
    expect(verdict.flagged).toEqual([{ id: "t0", term: "idiot" }]);
    expect(verdict.text).toBe("*****");
  });

  it("a multi-word term matches across any spacing and punctuation between its words, not across other words", () => {
    expect(blocks("send money", "can you send money today")).toBe(true);
    expect(blocks("send money", "can you SEND\n money?")).toBe(true);
    expect(blocks("send money", "send, money")).toBe(true);
    expect(blocks("send money", "send me money")).toBe(false);
    expect(blocks("send money", "sendmoney")).toBe(false);
  });

  it("with no terms nothing is ever caught", () => {
    const matcher = compileKeywordMatcher([]);
    expect(matcher.size).toBe(0);
    expect(matcher.check("anything at all, idiot")).toEqual({
      blocked: false,
      text: "anything at all, idiot",
      masked: false,
      flagged: [],
    });
  });

  it("a term with nothing matchable is dropped instead of matching everything", () => {
    const matcher = matcherFor(["!!!", "BLOCK"], ["   ", "BLOCK"], ["idiot", "BLOCK"]);
    expect(matcher.size).toBe(1);
    expect(matcher.check("hello!!! there").blocked).toBe(false);
  });

  it("a clean message comes back as the very same string", () => {
    const text = "See you Saturday at 10 💅";
    expect(matcherFor(["idiot", "MASK"]).check(text).text).toBe(text);
  });
});

describe("evasions the filter sees through", () => {
  it("fullwidth letters and ligatures do not slip past a BLOCK term (NFKC)", () => {
    expect(blocks("idiot", "you ｉｄｉｏｔ")).toBe(true);
    expect(blocks("fist", "ﬁst")).toBe(true);
    expect(blocks("idiot", "you ｉｄｉｏｔｓ")).toBe(false);
  });

  it("capitals and case folds do not slip past (İ, ß → ss)", () => {
    expect(blocks("idiot", "IDIOT")).toBe(true);
    expect(blocks("idiot", "İDİOT")).toBe(true);
    expect(blocks("strasse", "STRAẞE")).toBe(true);
    expect(blocks("strasse", "Straße")).toBe(true);
    expect(blocks("strasse", "strase")).toBe(false);
  });

  it("zero-width and invisible characters inside a word do not split it", () => {
    for (const invisible of ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD"]) {
      expect(blocks("idiot", `id${invisible}iot`)).toBe(true);
    }
    expect(blocks("idiot", "id\u200Bio\u200Bt\u200Bs")).toBe(false);
  });

  it("diacritics do not disguise a word, precomposed or combining", () => {
    expect(blocks("idiot", "ìdìöt")).toBe(true);
    expect(blocks("idiot", "i\u0300di\u0300o\u0308t")).toBe(true);
    expect(blocks("idiot", "ìdìöts")).toBe(false);
  });

  it("a Cyrillic look-alike does not slip past a BLOCK term", () => {
    expect(blocks("idiot", "іdіоt")).toBe(true);
    expect(blocks("scary", "ѕсаrу")).toBe(true);
    expect(blocks("expo", "ехро")).toBe(true);
    expect(blocks("idiot", "іdіоtѕ")).toBe(false);
  });

  it("a Greek look-alike does not slip past a BLOCK term", () => {
    expect(blocks("idiot", "ιdιοt")).toBe(true);
    expect(blocks("ass", "αss")).toBe(true);
    expect(blocks("ass", "αs")).toBe(false);
  });

  it("held-down letters do not disguise a word, but a shorter word is not the longer one", () => {
    expect(blocks("idiot", "idiooooot")).toBe(true);
    expect(blocks("idiot", "iiidiot")).toBe(true);
    expect(blocks("ass", "asssss")).toBe(true);
    expect(blocks("ass", "aaass")).toBe(true);
    expect(blocks("ass", "as soon as")).toBe(false);
    expect(blocks("idiot", "idot")).toBe(false);
  });

  it("letters spelt out with spaces or punctuation read as one word", () => {
    for (const spelt of ["i d i o t", "i.d.i.o.t", "i-d-i-o-t", "i_d_i_o_t", "i . d . i . o . t", "I D I O T"]) {
      expect(blocks("idiot", `you ${spelt}`)).toBe(true);
    }
    expect(blocks("idiot", "i d i o t s")).toBe(false);
    expect(blocks("idiot", "i d\ni o t")).toBe(false);
    expect(blocks("idiot", "i     d i o t")).toBe(false);
  });

  it("digit and symbol swaps do not disguise a word", () => {
    expect(blocks("idiot", "1d10t")).toBe(true);
    expect(blocks("loser", "l0s3r")).toBe(true);
    expect(blocks("loser", "1oser")).toBe(true);
    expect(blocks("ass", "a55")).toBe(true);
    expect(blocks("ass", "@$$")).toBe(true);
    expect(blocks("ass", "a$$")).toBe(true);
    expect(blocks("trash", "7r45h")).toBe(true);
    expect(blocks("idiot", "1 d 1 0 t")).toBe(true);
  });

  it("numbers stay numbers: digits read as letters only inside a word with letters", () => {
    expect(blocks("ass", "room 455")).toBe(false);
    expect(blocks("ass", "$55")).toBe(false);
    expect(blocks("idiot", "1d10ts")).toBe(false);
    expect(blocks("loser", "10 53r")).toBe(false);
  });
});

describe("whole words only", () => {
  it("a short term does not hit inside longer words", () => {
    expect(blocks("cunt", "Scunthorpe")).toBe(false);
    expect(blocks("ass", "your assessment")).toBe(false);
    expect(blocks("ass", "a classic look")).toBe(false);
    expect(blocks("rapist", "my therapist")).toBe(false);
    expect(blocks("ass", "a s s e s s m e n t")).toBe(false);
  });

  it("the same term hits as a word of its own, whatever its case or punctuation", () => {
    expect(blocks("ass", "you ass")).toBe(true);
    expect(blocks("ass", "ass!")).toBe(true);
    expect(blocks("ass", "ASS")).toBe(true);
    expect(blocks("ass", "(ass)")).toBe(true);
    expect(blocks("ass", "ass😀")).toBe(true);
    expect(blocks("cunt", "Scunthorpe cunt")).toBe(true);
  });

  it("a letter of another script next to the word keeps it from being whole", () => {
    expect(blocks("ass", "assж")).toBe(false);
  });

  it("in scripts written without spaces every character is a word edge", () => {
    expect(blocks("傻瓜", "你是傻瓜吗")).toBe(true);
    expect(blocks("傻瓜", "你是傻子吗")).toBe(false);
  });
});

describe("normalizeTerm", () => {
  it("gives disguised and plain spellings of a term the same canonical form", () => {
    expect(normalizeTerm("  ÏDÏÖT ")).toBe(normalizeTerm("idiot"));
    expect(normalizeTerm("idiot")).toBe("idiot");
    expect(normalizeTerm("іdіоt")).toBe("idiot");
    expect(normalizeTerm("1d10t")).toBe("idiot");
    expect(normalizeTerm("i d i o t")).toBe("idiot");
    expect(normalizeTerm("Send   Money!")).toBe("send money");
    expect(normalizeTerm("Straße")).toBe("strasse");
  });

  it("keeps terms apart that match differently", () => {
    expect(normalizeTerm("ass")).not.toBe(normalizeTerm("as"));
    expect(normalizeTerm("send money")).not.toBe(normalizeTerm("sendmoney"));
  });

  it('returns "" when nothing matchable is left', () => {
    expect(normalizeTerm("!!!")).toBe("");
    expect(normalizeTerm("   ")).toBe("");
    expect(normalizeTerm("\u200B\u00AD")).toBe("");
  });
});
