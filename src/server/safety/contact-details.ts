// PLACEHOLDER until the contact-details branch merges (same interface).
import { CONTACT_DETAILS_PLACEHOLDER } from "@/shared/contact-details";
export { CONTACT_DETAILS_PLACEHOLDER };
export function hideContactDetails(text: string): { text: string; hidden: boolean } {
  const out = text.replace(/\+?\d[\d\s-]{8,}\d|[\w.]+@[\w.]+\.\w+/g, CONTACT_DETAILS_PLACEHOLDER);
  return { text: out, hidden: out !== text };
}
