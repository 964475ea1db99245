import { confusablesMap } from "confusables";

/**
 * The canonical reading of a message or of an admin's filter term: the letters a person sees,
 * with the tricks people use to slip a word past a filter undone, and a map from every canonical
 * character back to the characters of the original text it was read from (so a match can be
 * masked in place). Terms and messages go through the same reading, so whatever it folds, it
 * folds on both sides.
 *
 * What the reading undoes:
 * - compatibility forms and case (NFKC, lower case, "ß" → "ss", "İ" → "i"), diacritics
 *   ("ìdìöt" → "idiot"), invisible characters (zero-width, word joiner, BOM, soft hyphen,
 *   variation selectors: Unicode's Default_Ignorable_Code_Point) and combining marks;
 * - look-alike letters from other scripts (Cyrillic "а", Greek "ο", …) read as Latin;
 * - digit and symbol swaps (0 o, 1 i or l, 3 e, 4 a, 5 s, 7 t, @ a, $ s), but only inside a word
 *   that has a real letter (or at least two of "@"/"$", as in "@$$"): "room 455" stays a number
 *   instead of reading as "ass";
 * - letters spelt out one by one ("i d i o t", "i.d.i.o.t", "i_d_i_o_t"): a run of two or more
 *   one-letter tokens separated by a short gap (at most three characters, no line break) reads as
 *   one word. So "a s s e s s m e n t" is "assessment", not "ass"; a whole sentence spelt out
 *   letter by letter is one long word, and a word only half spaced out ("id iot") stays two words.
 *
 * Repeated letters are not collapsed here: "ass" and "as" must stay different terms. The matcher
 * compares runs of letters ("idiooot" has at least the o's of "idiot").
 */

/** The character between two words of the canonical reading. */
export const WORD_GAP = 0x20;

export interface CanonicalText {
  readonly length: number;
  /** Code points of the canonical reading, WORD_GAP between words; never starts or ends with one. */
  readonly chars: Int32Array;
  /** chars[k] was read from the original text's UTF-16 range [starts[k], ends[k]). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** chars[k] belongs to a script written without spaces (Han, kana, Thai…): every character there is a word edge. */
  readonly unspaced: Uint8Array;
  /** A "1" was read as a letter: reading it as "l" instead of "i" may find other words. */
  readonly readsDigitOne: boolean;
}

export type DigitOneReading = "i" | "l";

/** Characters people type for letters. "1" is either "i" or "l", chosen per reading. */
const LEET_LETTERS: Readonly<Record<string, string>> = {
  "0": "o",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
};
const LEET_SYMBOLS = new Set(["@", "$"]);

/**
 * Where the `confusables` data reads a look-alike as the wrong Latin letter for reading English
 * words: it maps Greek iota and dotless i to "l" and "ß" to "B". Checked against its 3,322 entries
 * for the Cyrillic and Greek look-alikes the filter must see through; these are the ones it misses.
 */
const LOOK_ALIKE_FIXES: ReadonlyMap<string, string> = new Map([
  ["ι", "i"],
  ["ı", "i"],
  ["ɩ", "i"],
  ["ɪ", "i"],
  ["ß", "ss"],
]);

type CharReading =
  /** Letters or digits read as themselves (after folding); `hasLetter` when not only digits. */
  | { kind: "word"; chars: number[]; hasLetter: boolean; unspaced: boolean; literal: string }
  /** A digit or symbol that stands for a letter inside a word with real letters. */
  | { kind: "leet"; char: number; letter: number; isSymbol: boolean; literal: string }
  | { kind: "invisible" }
  | { kind: "separator" };
type LetterReading = Extract<CharReading, { kind: "word" | "leet" }>;

const INVISIBLE: CharReading = { kind: "invisible" };
const SEPARATOR: CharReading = { kind: "separator" };
const IGNORABLE = /^[\p{Default_Ignorable_Code_Point}\p{M}]$/u;
const COMBINING_MARKS = /\p{M}/gu;
const WORD_CHARS = /^[\p{L}\p{N}]+$/u;
const HAS_LETTER = /\p{L}/u;
const UNSPACED_SCRIPT = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}]$/u;
const LINE_BREAKS = new Set([0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029]);
/** Longest gap between spelt-out letters: "i . d" is still spelling, a paragraph is not. */
const MAX_SPELLING_GAP = 3;
/** Stands in the canonical stream for a "1" read as a letter; see readDigitOne. */
export const DIGIT_ONE = 0xe001;

function foldToLatin(char: string): string {
  let folded = "";
  for (const c of char.normalize("NFKC").toLowerCase().normalize("NFD").replace(COMBINING_MARKS, "")) {
    if (c.charCodeAt(0) < 0x80) {
      folded += c;
      continue;
    }
    const latin = LOOK_ALIKE_FIXES.get(c) ?? confusablesMap.get(c);
    folded += latin === undefined ? c : latin.toLowerCase();
  }
  return folded;
}

function readChar(codePoint: number): CharReading {
  const char = String.fromCodePoint(codePoint);
  if (IGNORABLE.test(char)) return INVISIBLE;
  const folded = foldToLatin(char);
  if (folded === "") return INVISIBLE;
  if (folded === "1" || Object.hasOwn(LEET_LETTERS, folded)) {
    const letter = folded === "1" ? DIGIT_ONE : LEET_LETTERS[folded]!.charCodeAt(0);
    return { kind: "leet", char: folded.charCodeAt(0), letter, isSymbol: LEET_SYMBOLS.has(folded), literal: folded };
  }
  if (!WORD_CHARS.test(folded)) return SEPARATOR;
  return {
    kind: "word",
    chars: Array.from(folded, (c) => c.codePointAt(0)!),
    hasLetter: HAS_LETTER.test(folded),
    unspaced: UNSPACED_SCRIPT.test(char),
    literal: folded,
  };
}

const ASCII_READINGS: readonly CharReading[] = Array.from({ length: 0x80 }, (_, codePoint) => readChar(codePoint));
/** Bounded by Unicode itself: each code point is read once per process. */
const readingCache = new Map<number, CharReading>();

function readingOf(codePoint: number): CharReading {
  if (codePoint < 0x80) return ASCII_READINGS[codePoint]!;
  let reading = readingCache.get(codePoint);
  if (reading === undefined) {
    reading = readChar(codePoint);
    readingCache.set(codePoint, reading);
  }
  return reading;
}

/**
 * The letters of a text between separators ("tokens"), kept in flat arrays reused from one read to
 * the next: a message is read on every send, and allocating per token or per read would cost more
 * than the reading itself. Reads are synchronous, so one set of buffers serves them all.
 */
class TokenList {
  readings: LetterReading[] = [];
  itemStarts = new Int32Array(256);
  itemEnds = new Int32Array(256);
  itemCount = 0;
  /** Token t holds items [firstItem[t], firstItem[t + 1]). */
  firstItem = new Int32Array(64);
  gapBefore = new Int32Array(64);
  lineBreakBefore = new Uint8Array(64);
  /** "i", "o", "ooo": one letter, perhaps held down. */
  singleLetter = new Uint8Array(64);
  tokenCount = 0;

  read(text: string): this {
    this.itemCount = 0;
    this.tokenCount = 0;
    let gap = 0;
    let lineBreak = false;
    let inToken = false;
    for (let i = 0; i < text.length; ) {
      const codePoint = text.codePointAt(i)!;
      const width = codePoint > 0xffff ? 2 : 1;
      const reading = readingOf(codePoint);
      if (reading.kind === "invisible") {
        // A mark or zero-width character belongs to the letter before it, so masking covers it.
        if (inToken) this.itemEnds[this.itemCount - 1] = i + width;
      } else if (reading.kind === "separator") {
        inToken = false;
        gap += width;
        if (LINE_BREAKS.has(codePoint)) lineBreak = true;
      } else {
        if (!inToken) {
          this.openToken(gap, lineBreak);
          inToken = true;
          gap = 0;
          lineBreak = false;
        } else if (this.singleLetter[this.tokenCount - 1] && this.readings[this.itemCount - 1]!.literal !== reading.literal) {
          this.singleLetter[this.tokenCount - 1] = 0;
        }
        this.addItem(reading, i, i + width);
      }
      i += width;
    }
    this.ensureTokens(this.tokenCount + 1);
    this.firstItem[this.tokenCount] = this.itemCount;
    return this;
  }

  private openToken(gap: number, lineBreak: boolean) {
    this.ensureTokens(this.tokenCount + 2);
    const t = this.tokenCount++;
    this.firstItem[t] = this.itemCount;
    this.gapBefore[t] = gap;
    this.lineBreakBefore[t] = lineBreak ? 1 : 0;
    this.singleLetter[t] = 1;
  }

  private addItem(reading: LetterReading, start: number, end: number) {
    if (this.itemCount === this.itemStarts.length) {
      this.itemStarts = growInt32(this.itemStarts);
      this.itemEnds = growInt32(this.itemEnds);
    }
    this.readings[this.itemCount] = reading;
    this.itemStarts[this.itemCount] = start;
    this.itemEnds[this.itemCount] = end;
    this.itemCount++;
  }

  private ensureTokens(count: number) {
    if (count <= this.firstItem.length) return;
    this.firstItem = growInt32(this.firstItem);
    this.gapBefore = growInt32(this.gapBefore);
    this.lineBreakBefore = growUint8(this.lineBreakBefore);
    this.singleLetter = growUint8(this.singleLetter);
  }

  /** The token after the last one of the word starting at `first`: spelt-out letters join into one word. */
  wordEnd(first: number): number {
    let end = first + 1;
    if (!this.singleLetter[first]) return end;
    while (
      end < this.tokenCount &&
      this.singleLetter[end] &&
      this.gapBefore[end]! <= MAX_SPELLING_GAP &&
      !this.lineBreakBefore[end]
    ) {
      end++;
    }
    return end;
  }

  /** Digits and "@"/"$" read as letters only where the word is made of letters, or is "@$$"-like. */
  readsLeet(firstItem: number, endItem: number): boolean {
    let symbols = 0;
    for (let k = firstItem; k < endItem; k++) {
      const reading = this.readings[k]!;
      if (reading.kind === "word" && reading.hasLetter) return true;
      if (reading.kind === "leet" && reading.isSymbol) symbols++;
    }
    return symbols >= 2;
  }
}

function growInt32(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

function growUint8(array: Uint8Array): Uint8Array<ArrayBuffer> {
  const bigger = new Uint8Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * Reads texts canonically into buffers it reuses: what read() returns stays valid until the next
 * read() on the same reader. The matcher keeps one, so checking a message allocates next to nothing
 * (a 4,000-character message would otherwise leave ~60 kB of arrays behind on every send).
 */
export class CanonicalReader {
  private chars = new Int32Array(256);
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private unspaced = new Uint8Array(256);
  private length = 0;
  private gapPending = false;
  private readsDigitOne = false;

  /** Reads a message or a term canonically. A "1" read as a letter is written as DIGIT_ONE. */
  read(text: string): CanonicalText {
    this.length = 0;
    this.gapPending = false;
    this.readsDigitOne = false;
    const tokens = tokenList.read(text);
    for (let t = 0; t < tokens.tokenCount; ) {
      const end = tokens.wordEnd(t);
      const firstItem = tokens.firstItem[t]!;
      const endItem = tokens.firstItem[end]!;
      const leet = tokens.readsLeet(firstItem, endItem);
      this.gapPending = true;
      for (let k = firstItem; k < endItem; k++) {
        const reading = tokens.readings[k]!;
        const start = tokens.itemStarts[k]!;
        const itemEnd = tokens.itemEnds[k]!;
        if (reading.kind === "word") {
          for (const char of reading.chars) this.write(char, start, itemEnd, reading.unspaced);
        } else if (leet) {
          if (reading.letter === DIGIT_ONE) this.readsDigitOne = true;
          this.write(reading.letter, start, itemEnd, false);
        } else if (reading.isSymbol) {
          this.gapPending = true;
        } else {
          this.write(reading.char, start, itemEnd, false);
        }
      }
      t = end;
    }
    return {
      length: this.length,
      chars: this.chars.subarray(0, this.length),
      starts: this.starts.subarray(0, this.length),
      ends: this.ends.subarray(0, this.length),
      unspaced: this.unspaced.subarray(0, this.length),
      readsDigitOne: this.readsDigitOne,
    };
  }

  private write(char: number, start: number, end: number, unspaced: boolean) {
    if (this.gapPending && this.length > 0) this.append(WORD_GAP, start, start, false);
    this.gapPending = false;
    this.append(char, start, end, unspaced);
  }

  private append(char: number, start: number, end: number, unspaced: boolean) {
    if (this.length === this.chars.length) {
      this.chars = growInt32(this.chars);
      this.starts = growInt32(this.starts);
      this.ends = growInt32(this.ends);
      this.unspaced = growUint8(this.unspaced);
    }
    this.chars[this.length] = char;
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.unspaced[this.length] = unspaced ? 1 : 0;
    this.length++;
  }
}

/** Token buffers never leave a read, so every reader shares one set. */
const tokenList = new TokenList();
const termReader = new CanonicalReader();

/** The letter a "1" read as a letter stands for: "i" unless asked for the other reading, "l". */
export function readDigitOne(char: number, digitOne: DigitOneReading): number {
  return char === DIGIT_ONE ? digitOne.charCodeAt(0) : char;
}

/**
 * The canonical form of a filter term: what is matched, and what makes two terms the same for
 * uniqueness. "" when nothing matchable is left (only punctuation, say).
 */
export function normalizeTerm(term: string): string {
  return String.fromCodePoint(...termReader.read(term).chars.map((char) => readDigitOne(char, "i")));
}
