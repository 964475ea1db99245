import { hideContactDetails } from "@/server/safety/contact-details";
import type { KeywordMatcher } from "@/server/safety/keyword-matcher";
import { CONTACT_DETAILS_PLACEHOLDER } from "@/shared/contact-details";
import { MAX_MESSAGE_LENGTH } from "@/shared/limits";
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

/** A message's text, checked: what it would become with and without its contact details hidden. */
export interface Screening {
  /** A BLOCK term was found: the send is refused with BLOCKED_BY_FILTER. */
  blocked: boolean;
  /** The text to store; hiding contact details unless the pair has a confirmed booking. */
  screened(options: { contactDetailsAllowed: boolean }): ScreenedText;
}

/** Never repeats the term, so that the refusal does not teach anyone the list. */
export const BLOCKED_BY_FILTER = "This message can't be sent because it goes against Glow's community guidelines. Please reword it.";
export const TOO_MANY_CONTACT_DETAILS =
  "This message holds too many contact details to hide. Shorten it, and share contact details once a booking is confirmed.";

/** Placeholders with only spaces or punctuation between them read as one. */
const RUN_OF_PLACEHOLDERS = new RegExp(`${escapeRegExp(CONTACT_DETAILS_PLACEHOLDER)}(?:[\\s\\p{P}\\p{S}]{0,3}${escapeRegExp(CONTACT_DETAILS_PLACEHOLDER)})+`, "gu");

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The keyword filter (BLOCK refuses the send, MASK stars the term, FLAG reports it), then, until
 * the pair has a confirmed booking, contact details are hidden. Pure CPU: the send path runs it
 * before it takes the conversation's lock, and picks a variant under the lock.
 */
export function screenMessageText(matcher: KeywordMatcher, text: string): Screening {
  if (text.length === 0) {
    return { blocked: false, screened: () => ({ text, originalText: null, contactDetailsHidden: false, flagged: [] }) };
  }
  const verdict = matcher.check(text);
  if (verdict.blocked) {
    return {
      blocked: true,
      screened: () => {
        throw new DomainError("BAD_REQUEST", BLOCKED_BY_FILTER);
      },
    };
  }
  const contacts = hideContactDetails(verdict.text);
  const hidden = contacts.hidden ? contacts.text.replace(RUN_OF_PLACEHOLDERS, CONTACT_DETAILS_PLACEHOLDER) : contacts.text;
  const variant = (stored: string, contactDetailsHidden: boolean): ScreenedText => {
    if (stored.length > MAX_MESSAGE_LENGTH) throw new DomainError("BAD_REQUEST", TOO_MANY_CONTACT_DETAILS);
    return { text: stored, originalText: stored === text ? null : text, contactDetailsHidden, flagged: verdict.flagged };
  };
  return {
    blocked: false,
    screened: ({ contactDetailsAllowed }) => (contactDetailsAllowed ? variant(verdict.text, false) : variant(hidden, contacts.hidden)),
  };
}
