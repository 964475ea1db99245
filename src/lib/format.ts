/**
 * Every date, time, duration and price the app shows, in the viewer's own locale and time zone
 * (Intl with an `undefined` locale and no `timeZone`: the browser's). One module, so a booking
 * time reads the same in the inbox, the thread, the booking pages and the picker.
 *
 * The server's locale and zone are not the viewer's: render these in the browser only (see
 * `LocalTime`), never during server rendering, or hydration disagrees.
 */

/** The marketplace's currency. Prices are stored in pence (minor units). */
const CURRENCY = "GBP";

const DAY_MS = 24 * 60 * 60_000;

// Building an Intl formatter costs far more than using one, and a thread formats hundreds of times.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(undefined, options)));
  return format;
}

let relativeDays: Intl.RelativeTimeFormat | undefined;
let price: Intl.NumberFormat | undefined;
let hours: Intl.NumberFormat | undefined;
let minutes: Intl.NumberFormat | undefined;

const TIME: Intl.DateTimeFormatOptions = { hour: "numeric", minute: "2-digit" };

/** Midnight of the date's day, in the viewer's zone. */
function startOfDay(date: Date): Date {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate());
}

/** Calendar days from `now`'s day to `date`'s day: 0 today, -1 yesterday, 1 tomorrow. */
export function calendarDaysFrom(now: Date, date: Date): number {
  return Math.round((startOfDay(date).getTime() - startOfDay(now).getTime()) / DAY_MS);
}

export const isSameDay = (a: Date, b: Date) => calendarDaysFrom(a, b) === 0;

/** The year only when it is not this one. */
const yearUnlessThisOne = (date: Date, now: Date): Intl.DateTimeFormatOptions =>
  date.getFullYear() === now.getFullYear() ? {} : { year: "numeric" };

/** "Today", "Yesterday" and "Tomorrow" in the viewer's language, capitalised as a label. */
function nearDayName(days: number): string {
  relativeDays ??= new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  const name = relativeDays.format(days, "day");
  return name.charAt(0).toLocaleUpperCase() + name.slice(1);
}

/** "10:00" or "10:00 AM". */
export const formatTime = (date: Date) => dateFormat(TIME).format(date);

/** Day separators and the booking picker: "Today", "Yesterday", "Tomorrow", else "Sat 14 March". */
export function formatDay(date: Date, now = new Date()): string {
  const days = calendarDaysFrom(now, date);
  if (Math.abs(days) <= 1) return nearDayName(days);
  return dateFormat({ weekday: "short", day: "numeric", month: "long", ...yearUnlessThisOne(date, now) }).format(date);
}

/** Month headings in the booking picker: "March 2026". */
export const formatMonth = (date: Date) => dateFormat({ month: "long", year: "numeric" }).format(date);

/** Inbox times: the time today, "Yesterday", the weekday this week, else "14 Mar" (with the year if not this one). */
export function formatInboxTime(date: Date, now = new Date()): string {
  const days = calendarDaysFrom(now, date);
  if (days === 0) return formatTime(date);
  if (days === -1) return nearDayName(-1);
  if (days > -7 && days < 0) return dateFormat({ weekday: "short" }).format(date);
  return dateFormat({ day: "numeric", month: "short", ...yearUnlessThisOne(date, now) }).format(date);
}

/** Booking times: "Sat 14 Mar, 10:00" (with the year if not this one). */
export function formatBookingTime(date: Date, now = new Date()): string {
  return dateFormat({ weekday: "short", day: "numeric", month: "short", ...yearUnlessThisOne(date, now), ...TIME }).format(date);
}

/** "£120.00", "120,00 £"… */
export function formatPrice(pence: number): string {
  price ??= new Intl.NumberFormat(undefined, { style: "currency", currency: CURRENCY });
  return price.format(pence / 100);
}

/** "1 hr 30 min", "45 min". */
export function formatDuration(totalMinutes: number): string {
  hours ??= new Intl.NumberFormat(undefined, { style: "unit", unit: "hour", unitDisplay: "short" });
  minutes ??= new Intl.NumberFormat(undefined, { style: "unit", unit: "minute", unitDisplay: "short" });
  const h = Math.floor(totalMinutes / 60);
  const m = totalMinutes % 60;
  return [h ? hours.format(h) : "", m || !h ? minutes.format(m) : ""].filter(Boolean).join(" ");
}
