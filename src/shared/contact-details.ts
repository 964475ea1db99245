/**
 * What a message shows in place of a phone number, email address or off-platform contact handle
 * while the customer and the artist have no confirmed booking. The server writes it into the
 * message text; the browser knows it too, to explain it beside the bubble.
 */
export const CONTACT_DETAILS_PLACEHOLDER = "[contact details hidden until a booking is confirmed]";
