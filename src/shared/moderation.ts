/** What participants see in place of a message Glow support removed (the browser shows it too). */
export const REMOVED_MESSAGE_TEXT = "This message was removed by Glow support";
