/** The marketplace's currency. Prices are stored in cents (minor units). */
const CURRENCY = "GBP";

const formatter = new Intl.NumberFormat("en-GB", { style: "currency", currency: CURRENCY });

export const formatPrice = (cents: number) => formatter.format(cents / 100);

export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} h` : "", m ? `${m} min` : ""].filter(Boolean).join(" ");
}
