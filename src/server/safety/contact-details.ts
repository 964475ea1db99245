/**
 * Until a customer and an artist have a confirmed booking, phone numbers, email addresses and
 * off-platform contact handles in their messages are hidden, so the deal stays on Glow.
 *
 * The detectors read a working copy of the message (normalised, with evasions undone) that keeps,
 * for every character, where it came from in the message; what they find is replaced in the
 * message itself, so everything else in it comes out byte for byte.
 *
 * Every pattern below is bounded or unambiguous (no nested unbounded repetition over the same
 * characters), so the time taken grows linearly with the message, whatever the message is.
 */
import { CONTACT_DETAILS_PLACEHOLDER } from "@/shared/contact-details";

export { CONTACT_DETAILS_PLACEHOLDER };

/**
 * The message as the detectors read it: `from[i]`/`to[i]` is the message span of `text[i]`.
 * Null maps when the text is the message's own, as it is for nearly every message.
 */
interface WorkingCopy {
  text: string;
  from: number[] | null;
  to: number[] | null;
}

/** A detected contact detail: [start, end) in a working copy's text. */
interface Span {
  start: number;
  end: number;
}

/** Where in the message a working copy's span comes from. */
function inMessage(copy: WorkingCopy, { start, end }: Span): Span {
  return copy.from && copy.to ? { start: copy.from[start]!, end: copy.to[end - 1]! } : { start, end };
}

/**
 * Invisible characters (zero-width spaces and joiners, soft hyphens, direction marks) and
 * combining marks: slipped between the digits of a number, they hide it from a plain search.
 */
const INVISIBLE = /[\p{Cf}\p{Mn}\p{Me}]/u;

/**
 * NFKC (fullwidth "０７７００", "＠", mathematical and circled digits become plain ones) without the
 * invisible characters, one character at a time so that each knows where it came from.
 */
function workingCopyOf(message: string): WorkingCopy {
  if (/^[\x00-\x7f]*$/.test(message) || (!INVISIBLE.test(message) && message.normalize("NFKC") === message)) {
    return { text: message, from: null, to: null };
  }
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < message.length; ) {
    const code = message.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const character = message.slice(i, i + width);
    const normalised = code < 0x80 ? character : INVISIBLE.test(character) ? "" : character.normalize("NFKC");
    for (let unit = 0; unit < normalised.length; unit++) {
      from.push(i);
      to.push(i + width);
    }
    parts.push(normalised);
    i += width;
  }
  return { text: parts.join(""), from, to };
}

/**
 * A new working copy with each match of `pattern` (global) replaced by what `replace` returns
 * (null keeps the match). A replacement's characters all come from the whole matched span.
 */
function rewrite(copy: WorkingCopy, pattern: RegExp, replace: (match: RegExpExecArray) => string | null): WorkingCopy {
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  const keep = (start: number, end: number) => {
    parts.push(copy.text.slice(start, end));
    for (let i = start; i < end; i++) {
      from.push(copy.from ? copy.from[i]! : i);
      to.push(copy.to ? copy.to[i]! : i + 1);
    }
  };
  let copied = 0;
  let replaced = false;
  for (const match of copy.text.matchAll(pattern)) {
    const replacement = replace(match);
    if (replacement === null) continue;
    replaced = true;
    const span = inMessage(copy, { start: match.index, end: match.index + match[0].length });
    keep(copied, match.index);
    parts.push(replacement);
    for (let i = 0; i < replacement.length; i++) {
      from.push(span.start);
      to.push(span.end);
    }
    copied = match.index + match[0].length;
  }
  if (!replaced) return copy;
  keep(copied, copy.text.length);
  return { text: parts.join(""), from, to };
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

const DIGIT_WORDS: Record<string, string> = {
  zero: "0", nought: "0", one: "1", two: "2", three: "3", four: "4", five: "5", six: "6", seven: "7", eight: "8", nine: "9",
};
const DIGIT_WORD = /\b(?:zero|nought|one|two|three|four|five|six|seven|eight|nine)\b/gi;
/** "oh" and "o" are a zero only beside another digit: "oh seven seven", not "oh no". */
const SPOKEN_ZERO = /\bo(?:h)?\b(?=[\s.-]{0,3}\d)|(?<=\d[\s.-]{0,3})\bo(?:h)?\b/gi;
const REPEATED_DIGIT = /\b(double|triple)[\s-]{1,3}(\d)\b/gi;
/** Letter O for zero inside a number: "O77OO 9OO123". */
const LETTER_O_IN_NUMBER = /\b(?=[0-9o]*\d)(?=[0-9o]*o)[0-9o]{3,}\b/gi;

/** Spelled-out digits ("zero seven seven…", "double oh nine") and letter O made into digits. */
function withDigitsSpelledOut(copy: WorkingCopy): WorkingCopy {
  let spelled = rewrite(copy, DIGIT_WORD, (match) => DIGIT_WORDS[match[0].toLowerCase()]!);
  spelled = rewrite(spelled, SPOKEN_ZERO, () => "0");
  spelled = rewrite(spelled, REPEATED_DIGIT, (match) => match[2]!.repeat(match[1]!.toLowerCase() === "double" ? 2 : 3));
  return rewrite(spelled, LETTER_O_IN_NUMBER, (match) => match[0].replace(/o/gi, "0"));
}

const UNITS =
  "ml|cl|l|g|kg|mg|oz|cm|mm|km|mi|miles?|mins?|minutes?|hrs?|hours?|h|days?|weeks?|wks?|months?|years?|yrs?|%|x|" +
  "people|persons?|guests?|bridesmaids?|brides?|girls?|ladies|kids|children|faces|looks|lashes|pairs?|sessions?|trials?|slots?|stars?|reviews?";

/**
 * Numbers that are something else: prices, times, dates, durations and quantities, ZIP+4 codes,
 * booking references. They are taken out before the digits are counted, so that "12/03/2027 10:30"
 * or "£120 for 3 people, 9-11am" never add up to a phone number's worth of digits.
 * `glued`: the shape counts only when it is not one piece of a longer chain of digits
 * ("06.12.34.56.78" is a French phone number, not a time; "…1 2 3 x" ends a spaced-out number).
 */
const NOT_A_PHONE_NUMBER: { pattern: RegExp; glued: boolean }[] = [
  // £120, $85, €1,200.50, GBP 300, 2k
  { pattern: /(?:[£$€¥₹]\s?|\b(?:gbp|usd|eur|aud|cad)\s?)\d+(?:[.,]\d+){0,3}(?:\s?k\b)?/gi, glued: false },
  // 120 quid, 85 dollars, 50p, 1.200€
  { pattern: /\b\d{1,7}(?:[.,]\d+){0,3}\s?(?:[£$€]|(?:quid|pounds?|dollars?|euros?|bucks|gbp|usd|eur|pence|p)\b)/gi, glued: false },
  // 9-11am, 10.30 - 11.30 pm, 10.30am, 7 am, 14h30
  { pattern: /\b\d{1,2}(?:[:.h]\d{2})?\s?(?:[-–—]|to)\s?\d{1,2}(?:[:.h]\d{2})?\s?[ap]\.?m\b\.?/gi, glued: false },
  { pattern: /\b\d{1,2}(?:[:.h]\d{2})?\s?[ap]\.?m\b\.?|\b\d{1,2}h\d{2}\b/gi, glued: false },
  // 90 min, 1.5 hours, 2-3 hrs, 20ml, 3 bridesmaids
  { pattern: new RegExp(String.raw`\b\d{1,4}(?:[.,]\d+)?(?:\s?[-–—]\s?\d{1,4}(?:[.,]\d+)?)?\s?(?:${UNITS})(?![a-z])`, "gi"), glued: true },
  // 12/03/2027, 12.03.27, 2027-03-12, 12/03, 10.30, 94110-1234
  { pattern: /\b\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})\b|\b\d{4}([./-])\d{1,2}\2\d{1,2}\b/g, glued: true },
  { pattern: /\b\d{1,2}[./]\d{1,2}\b|\b\d{5}-\d{4}\b/g, glued: true },
  // Web addresses: a pin's or a page's number is part of its address. (Links to contact channels
  // are found by their own detector, which reads the copy without these blots.)
  { pattern: /\b(?:https?:\/\/|www\.)[^\s]{1,300}|\b[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,3}\.[a-z]{2,24}\/[^\s]{0,300}/gi, glued: false },
  // booking #4821, ref GLOW-2027-0042
  { pattern: /#\s?\d{1,8}\b|\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b/g, glued: false },
];

/** Whether a match of a `glued` shape is chained to more digits by one of its own separators. */
function isGluedToMoreDigits(text: string, start: number, end: number): boolean {
  const separators = text.slice(start, end).replace(/\d/g, "");
  const chained = (separator: string | undefined, digit: string | undefined) =>
    separator !== undefined && separators.includes(separator) && digit !== undefined && /\d/.test(digit);
  return /\d/.test(text[start - 1] ?? "") || chained(text[start - 1], text[start - 2]) || chained(text[end], text[end + 1]);
}

/** The other numbers blotted out with "§", which is neither a digit nor a separator, so a run of digits ends there. */
function withoutOtherNumbers(copy: WorkingCopy): WorkingCopy {
  let text = copy.text;
  for (const { pattern, glued } of NOT_A_PHONE_NUMBER) {
    const before = text;
    // Same length, so the working copy's map still holds.
    text = before.replace(pattern, (match: string, ...rest: unknown[]) => {
      const index = rest.find((value) => typeof value === "number") as number;
      return glued && isGluedToMoreDigits(before, index, index + match.length) ? match : "§".repeat(match.length);
    });
  }
  return { ...copy, text };
}

/**
 * Digits joined by what people put between them: spaces, dots, dashes, brackets, slashes, stars.
 * Commas are left out: they separate list items and thousands ("1, 2, 3", "€1,200").
 */
const DIGIT_RUN = /(?:\+\s?|\(\s?\+?)?\d(?:[\s.\-\u2010-\u2015\u2212()/\\*~|_\u00b7\u2022]{0,4}\d)*/g;
/** Enough digits for a national number ("07700 900123", "415 555 0132"). */
const MIN_NATIONAL_DIGITS = 9;
/** With +/00 in front, fewer digits are enough ("+354 123 4567"). */
const MIN_INTERNATIONAL_DIGITS = 7;

/**
 * Runs of digits long enough to be a phone number, once spelled-out digits are digits and other
 * numbers are out of the way. There is no upper limit: fifteen digits is the international
 * maximum, but a longer run is a phone number padded to slip past one, or a card number, and
 * neither belongs in a message before a booking.
 */
function findPhoneNumbers(copy: WorkingCopy): { copy: WorkingCopy; spans: Span[] } {
  const numbers = withoutOtherNumbers(withDigitsSpelledOut(copy));
  const spans: Span[] = [];
  let previous: { start: number; end: number; digits: string } | null = null;
  for (const match of numbers.text.matchAll(DIGIT_RUN)) {
    const run = { start: match.index, end: match.index + match[0].length, digits: match[0].replace(/\D/g, "") };
    const international = match[0].startsWith("+") || /^\(\s?\+/.test(match[0]) || run.digits.startsWith("00");
    if (run.digits.length >= (international ? MIN_INTERNATIONAL_DIGITS : MIN_NATIONAL_DIGITS)) {
      spans.push(run);
    } else if (previous && isSplitPhoneNumber(previous.digits, numbers.text.slice(previous.end, run.start), run.digits)) {
      spans.push({ start: previous.start, end: run.end });
    }
    previous = run;
  }
  return { copy: numbers, spans };
}

/**
 * "call 07700 then 900123": a number's first part (a leading 0 or +, as only phone numbers have),
 * a word or two, and the rest. The parts together must have a national number's length.
 */
function isSplitPhoneNumber(firstDigits: string, between: string, restDigits: string): boolean {
  const length = firstDigits.length + restDigits.length;
  return (
    /^0/.test(firstDigits) &&
    firstDigits.length >= 4 &&
    restDigits.length >= 3 &&
    length >= 10 &&
    length <= 13 &&
    /^\s{1,3}(?:[a-z]{1,6}\s{1,3}){1,2}$/i.test(between)
  );
}

// ---------------------------------------------------------------------------------------------
// Email addresses

/** "." as typed, spaced, bracketed or spelled: ".", " . ", "[dot]", "(dot)", " dot ". */
const DOT = String.raw`(?:\s{0,3}\.\s{0,3}|\s{0,3}[\[({<]\s{0,2}dot\s{0,2}[\])}>]\s{0,3}|\s{1,3}dot\s{1,3})`;
/** "@" the same ways. */
const AT = String.raw`(?:\s{0,3}@\s{0,3}|\s{0,3}[\[({<]\s{0,2}(?:at|@)\s{0,2}[\])}>]\s{0,3}|\s{1,3}at\s{1,3})`;
const LOCAL_WORD = "[a-z0-9_%+-]{1,64}";
/** Inside the local part a typed dot is tight: "soon. ava@…" must not take "soon" with it. */
const LOCAL_DOT = String.raw`(?:\.|\s{0,3}[\[({<]\s{0,2}dot\s{0,2}[\])}>]\s{0,3}|\s{1,3}dot\s{1,3})`;
const DOMAIN_LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const EMAIL = new RegExp(
  String.raw`(?<![a-z0-9_%+.'’-])(${LOCAL_WORD}(?:${LOCAL_DOT}${LOCAL_WORD}){0,5})(${AT})(${DOMAIN_LABEL}(?:${DOT}${DOMAIN_LABEL}){0,4})`,
  "gi",
);
const DOT_ANYWHERE = new RegExp(DOT, "gi");

/** Top-level domains that people give email addresses under; an obfuscated address needs one. */
const EMAIL_TLDS = new Set([
  "com", "net", "org", "co", "uk", "fr", "de", "es", "it", "nl", "be", "ie", "ch", "us", "ca", "au", "nz",
  "io", "me", "info", "biz", "email", "live", "online", "studio", "beauty", "london", "paris",
]);
/** Mailbox providers: "ava at gmail" is an email address even without its ".com". */
const MAIL_PROVIDERS = new Set(["gmail", "googlemail", "hotmail", "yahoo", "icloud", "outlook", "protonmail", "proton", "aol", "gmx"]);

/**
 * How much of a candidate domain makes an email address, in characters, or 0 for none. An address
 * typed plainly ("ava@gmail.com") may have any top-level domain; one written around ("ava at gmail
 * dot com", "ava @ gmail . com") must use a known one or a known provider, because "I'm at home.
 * See you" has the same shape. The plain word "at" asks for more still: a provider, a spelled "dot",
 * or a local part that is not a plain word ("ava.smith at salon.co.uk", not "listed at venue.co.uk").
 */
function emailDomainLength(local: string, at: string, domain: string): number {
  const labels: { label: string; end: number }[] = [];
  const dots: string[] = [];
  let labelStart = 0;
  for (const dot of domain.matchAll(DOT_ANYWHERE)) {
    labels.push({ label: domain.slice(labelStart, dot.index).toLowerCase(), end: dot.index });
    dots.push(dot[0]);
    labelStart = dot.index + dot[0].length;
  }
  labels.push({ label: domain.slice(labelStart).toLowerCase(), end: domain.length });

  const plainAt = at === "@";
  const wordAt = /^\s+at\s+$/i.test(at);
  const provider = MAIL_PROVIDERS.has(labels[0]!.label);
  const wordyLocal = /^[a-z]+$/i.test(local);
  for (let count = labels.length; count >= 1; count--) {
    const tld = labels[count - 1]!.label;
    const usedDots = dots.slice(0, count - 1);
    const plainDots = usedDots.every((dot) => dot === ".");
    const spelledDot = usedDots.some((dot) => /dot/i.test(dot));
    if (count === 1) {
      if (provider) return labels[0]!.end;
      continue;
    }
    if (!/^[a-z]{2,24}$/.test(tld)) continue;
    if (plainAt && plainDots) return labels[count - 1]!.end;
    if (!EMAIL_TLDS.has(tld)) continue;
    if (wordAt && !provider && !spelledDot && wordyLocal) continue;
    return labels[count - 1]!.end;
  }
  return 0;
}

function findEmailAddresses(text: string): Span[] {
  const spans: Span[] = [];
  EMAIL.lastIndex = 0;
  for (let match = EMAIL.exec(text); match; match = EMAIL.exec(text)) {
    const [, local, at, domain] = match as unknown as [string, string, string, string];
    const domainLength = emailDomainLength(local, at, domain);
    if (domainLength === 0) {
      // The next address may start inside this candidate ("at ava dot smith at gmail dot com").
      EMAIL.lastIndex = match.index + 1;
      continue;
    }
    spans.push({ start: match.index, end: match.index + local.length + at.length + domainLength });
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Links to contact channels

/**
 * Where a link is a way to reach someone: messaging apps, and social profiles that take direct
 * messages. The line is drawn at channels, not at every outside link: a Pinterest pin, a venue's
 * site or a Glow page is what people share to plan a look or a day, and hiding them would make
 * the chat worse for everyone while keeping no deal on the platform. An Instagram or TikTok link
 * is hidden even when it points at a post, because the post names the account.
 */
const CONTACT_HOSTS = new Set([
  "wa.me", "whatsapp.com", "t.me", "telegram.me", "telegram.dog", "signal.me", "signal.group", "viber.com", "line.me",
  "wechat.com", "kik.me", "discord.gg", "discord.com", "instagram.com", "instagr.am", "ig.me", "facebook.com", "fb.com",
  "fb.me", "m.me", "messenger.com", "snapchat.com", "tiktok.com", "twitter.com", "x.com", "threads.net", "linktr.ee",
]);
/**
 * Any address with a path, its host written plainly or around ("instagram dot com/ava"). Only
 * with a path: "instagram.com" alone reaches nobody, "instagram.com/ava.glam" does.
 */
const ADDRESS_WITH_PATH = new RegExp(
  String.raw`(?<![a-z0-9.-])(?:https?\s?:\s?//\s?)?((?:[a-z0-9-]{1,63}${DOT}){1,4}[a-z]{2,24})\s?/\s?[^\s]{1,300}`,
  "gi",
);

/** "www.instagram.com" → "instagram.com"; "wa . me" → "wa.me". */
function contactHostOf(host: string): string | null {
  const labels = host.toLowerCase().split(DOT_ANYWHERE);
  for (let first = 0; first < labels.length - 1; first++) {
    const candidate = labels.slice(first).join(".");
    if (CONTACT_HOSTS.has(candidate)) return candidate;
  }
  return null;
}

function findContactLinks(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(ADDRESS_WITH_PATH)) {
    if (contactHostOf(match[1]!) === null) continue;
    // Sentence punctuation after a link is not part of it.
    spans.push({ start: match.index, end: match.index + match[0].replace(/[.,!?;:'")\]]+$/, "").length });
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Handles on contact channels

const CHANNEL = String.raw`(?:insta(?:gram)?|ig|snap(?:chat)?|whats\s?app|whatsap|watsapp|telegram|tele|tg|tik\s?tok|facebook|fb|messenger|signal|viber|wechat|kik|discord|twitter|threads)`;
/** A channel's name, then how people hand over the account name after it. */
const CHANNEL_HANDLE = new RegExp(
  String.raw`\b${CHANNEL}('s|s)?(?:\s{1,3}(?:handle|username|user\s?name|name|id|account|acc|page|profile)\b)?` +
    String.raw`(\s{0,3}[:=>\-–—]{1,3}\s{0,3}|\s{1,3}is\s{1,3}|\s{1,3})(@\s?)?([a-z0-9_][a-z0-9._-]{1,29})`,
  "gi",
);
/** "search avaglam on insta", "I'm avaglam on snap": the account before the channel. */
const HANDLE_ON_CHANNEL = new RegExp(
  String.raw`\b(?:add|follow|find|search|search\s+for|look\s+up|i'm|im|i\s+am)\s{1,3}(@?[a-z0-9_][a-z0-9._-]{1,29})\s{1,3}on\s{1,3}${CHANNEL}\b`,
  "gi",
);
/** "@ava.glam" not preceded by a word (that would be an email address). */
const AT_HANDLE = /(?<![a-z0-9_.+\-@])@([a-z0-9_](?:[a-z0-9._]{0,28}[a-z0-9_])?)/gi;
/** Words after which the next name is an account: "add me on snap ava", "follow me on insta". */
const ASKS_TO_CONTACT = new RegExp(
  String.raw`\b(?:add|follow|find|dm|pm|message|msg|text|hmu|hit\s+me\s+up|reach|contact|search|look\s+me\s+up)\b.{0,20}$`,
  "i",
);
const OWNS_ACCOUNT = /\b(?:my|our|her|his)\s+$/i;
const CONTACT_CONTEXT = new RegExp(String.raw`(?:\b${CHANNEL}\b|\b(?:add|follow|dm|pm|message|msg|hmu|handle|username)\b)`, "i");

/** Words that follow a channel's name in ordinary sentences ("insta is down", "snap me later"). */
const NOT_A_HANDLE = new Set(
  (
    "a an the and or but if so to too for from of on in at by with as is it its me my you your yours we us our he she " +
    "they them his her their this that these those there here now later today tonight tomorrow soon then when what which " +
    "who how why yes no not ok okay please thanks thank pls story stories post posts reel reels feed page pages profile " +
    "account dm dms message messages chat chats video videos pic pics photo photos link links bio live call calls group " +
    "status private public down new old great good better best easier quicker faster fine full broken dead blocked " +
    "instead only just also though anyway either every all some any more most really very much lot lots i i'm im " +
    "handle name username id looks look work portfolio i'll ill ive i've has have had was were be been will would can " +
    "could should do does did done don't doesn't didn't isn't aren't wasn't won't can't sorry hun babe lovely x xx xxx " +
    "love loved like liked sure sounds perfect amazing same yes yeah yep nope haha lol omg " +
    "also back always rarely never still mostly active barely usually hardly"
  ).split(" "),
);

/** A name that may be an account: not an ordinary word, not a time or a bare number. */
function mayBeHandle(handle: string): boolean {
  return handle.length >= 2 && !NOT_A_HANDLE.has(handle.toLowerCase()) && !/^\d{1,2}(?:[.:]?\d{2})?(?:am|pm|h)?$/i.test(handle) && /[a-z]/i.test(handle);
}

/** Underscores, inner dots or digits among letters: nobody writes ordinary words like that. */
function looksLikeHandle(handle: string): boolean {
  return /[a-z][._]|[._][a-z]|[a-z]\d|\d[a-z]/i.test(handle);
}

function findContactHandles(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(CHANNEL_HANDLE)) {
    const [whole, , separator, at, rawHandle] = match as unknown as [string, string | undefined, string, string | undefined, string];
    const handle = rawHandle.replace(/[.-]+$/, "");
    if (!mayBeHandle(handle)) continue;
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    const given =
      at !== undefined ||
      /[:=>\-–—]/.test(separator) ||
      looksLikeHandle(handle) ||
      (/is/i.test(separator) && OWNS_ACCOUNT.test(before)) ||
      ASKS_TO_CONTACT.test(before) ||
      OWNS_ACCOUNT.test(before);
    if (!given) continue;
    const end = match.index + whole.length - (rawHandle.length - handle.length);
    spans.push({ start: end - handle.length - (at?.length ?? 0), end });
  }
  for (const match of text.matchAll(HANDLE_ON_CHANNEL)) {
    const handle = match[1]!;
    if (!mayBeHandle(handle.replace(/^@/, ""))) continue;
    const start = match.index + match[0].indexOf(handle, match[0].search(/\s/));
    spans.push({ start, end: start + handle.length });
  }
  for (const match of text.matchAll(AT_HANDLE)) {
    const handle = match[1]!;
    if (!mayBeHandle(handle)) continue;
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    if (looksLikeHandle(handle) || CONTACT_CONTEXT.test(before)) {
      spans.push({ start: match.index, end: match.index + match[0].length });
    }
  }
  return spans;
}

// ---------------------------------------------------------------------------------------------

/** Overlapping spans, and spans with only spaces between them, become one. */
function merged(spans: Span[], message: string): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const result: Span[] = [];
  for (const span of sorted) {
    const last = result.at(-1);
    if (last && (span.start <= last.end || /^\s*$/.test(message.slice(last.end, span.start)))) {
      last.end = Math.max(last.end, span.end);
    } else {
      result.push({ ...span });
    }
  }
  return result;
}

/**
 * The text with every phone number, email address and off-platform contact handle/link replaced by
 * the placeholder (one placeholder per detected span; adjacent spans may merge into one).
 */
export function hideContactDetails(text: string): { text: string; hidden: boolean } {
  const copy = workingCopyOf(text);
  const phones = findPhoneNumbers(copy);
  const spans = merged(
    [
      ...phones.spans.map((span) => inMessage(phones.copy, span)),
      ...[...findEmailAddresses(copy.text), ...findContactLinks(copy.text), ...findContactHandles(copy.text)].map((span) => inMessage(copy, span)),
    ],
    text,
  );
  if (spans.length === 0) return { text, hidden: false };
  let shown = "";
  let copied = 0;
  for (const span of spans) {
    shown += text.slice(copied, span.start) + CONTACT_DETAILS_PLACEHOLDER;
    copied = span.end;
  }
  return { text: shown + text.slice(copied), hidden: true };
}
