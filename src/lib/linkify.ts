import { LinkifyIt } from "linkify-it";

/** A run of message text: plain, or a link with the address it opens. */
export interface TextPart {
  text: string;
  href?: string;
}

/**
 * Web addresses (with or without http(s)://, "www.glow.com") and emails. ftp: and
 * protocol-relative "//" links are switched off: a chat links only what a person can safely open.
 */
const webAndMail = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false }).add("ftp:", null).add("//", null);

/** The only addresses a message may link to. */
const SAFE_HREF = /^(https?:\/\/|mailto:)/i;

/**
 * Phone numbers: "+44 20 7946 0958", "07946 095812", "(555) 123-4567". Digits with single spaces
 * or hyphens between them, not touching letters or other digits.
 */
const PHONE = /(?<![\p{L}\p{N}+])(?:\+\d|\(\d+\)|\d)(?:[ -]?(?:\(\d+\)|\d))+(?![\p{L}\p{N}])/gu;

/**
 * 9 to 15 digits (the international maximum), and one sign that it is a phone number rather than
 * an order number or a date: a leading + or 0, brackets, or spaces and hyphens between groups.
 */
function phoneHref(candidate: string): string | null {
  const digits = candidate.replace(/\D/g, "");
  if (digits.length < 9 || digits.length > 15) return null;
  const looksLikePhone = /^[+0(]/.test(candidate) || /[ ()-]/.test(candidate);
  return looksLikePhone ? `tel:${candidate.startsWith("+") ? "+" : ""}${digits}` : null;
}

function phoneParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const match of text.matchAll(PHONE)) {
    const href = phoneHref(match[0]);
    if (!href) continue;
    if (match.index > from) parts.push({ text: text.slice(from, match.index) });
    parts.push({ text: match[0], href });
    from = match.index + match[0].length;
  }
  if (from < text.length) parts.push({ text: text.slice(from) });
  return parts;
}

/**
 * Splits message text into plain runs and links (http(s), mailto, tel), in order. The text is
 * kept exactly: joining every part's text gives the message back.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const match of webAndMail.match(text) ?? []) {
    if (!SAFE_HREF.test(match.url)) continue;
    if (match.index > from) parts.push(...phoneParts(text.slice(from, match.index)));
    parts.push({ text: text.slice(match.index, match.lastIndex), href: match.url });
    from = match.lastIndex;
  }
  if (from < text.length) parts.push(...phoneParts(text.slice(from)));
  return parts;
}
