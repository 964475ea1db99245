export const CONTACT_DETAILS_PLACEHOLDER = "[contact details hidden until a booking is confirmed]";
