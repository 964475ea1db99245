/** What participants see in place of a message Glow support removed (the browser shows it too). */
export const REMOVED_MESSAGE_TEXT = "This message was removed by Glow support";

/**
 * Glow support gives a reason to read a conversation or suspend someone (a report or dispute
 * number, or a sentence): at least this many characters, in the browser and on the server.
 */
export const MIN_REASON_LENGTH = 10;

/** The longest suspension with an end; without a number of days it lasts until lifted. */
export const MAX_SUSPENSION_DAYS = 3650;
