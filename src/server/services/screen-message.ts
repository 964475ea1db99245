import { hideContactDetails } from "@/server/safety/contact-details";
import type { KeywordMatcher } from "@/server/safety/keyword-matcher";
import { DomainError } from "./errors";

/** What the safety layer makes of a message's text before it is stored. */
export interface ScreenedText {
  /** What both participants see. */
  text: string;
  /** What the sender wrote, when `text` differs from it (admins only). */
  originalText: string | null;
  contactDetailsHidden: boolean;
  /** FLAG terms found: the message goes out unchanged and an AUTOMATIC report is filed. */
  flagged: { id: string; term: string }[];
}

/** Never repeats the term, so that the refusal does not teach anyone the list. */
export const BLOCKED_BY_FILTER = "This message can't be sent because it goes against Glow's community guidelines. Please reword it.";

/**
 * The keyword filter (BLOCK refuses the send, MASK stars the term, FLAG reports it), then, until
 * the pair has a confirmed booking, contact details are hidden.
 */
export function screenMessageText(matcher: KeywordMatcher, text: string, options: { contactDetailsAllowed: boolean }): ScreenedText {
  if (text.length === 0) return { text, originalText: null, contactDetailsHidden: false, flagged: [] };
  const verdict = matcher.check(text);
  if (verdict.blocked) throw new DomainError("BAD_REQUEST", BLOCKED_BY_FILTER);
  const contacts = options.contactDetailsAllowed ? { text: verdict.text, hidden: false } : hideContactDetails(verdict.text);
  return {
    text: contacts.text,
    originalText: contacts.text === text ? null : text,
    contactDetailsHidden: contacts.hidden,
    flagged: verdict.flagged,
  };
}
