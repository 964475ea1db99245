/**
 * The start times a customer can pick for a booking, in their own time zone: a day (today and the
 * next year: the server takes up to two years, a select holds one comfortably) and a time of day in
 * 15-minute steps.
 */

export const SLOT_MINUTES = 15;
export const BOOKABLE_DAYS = 366;

/** "2026-03-14": a local calendar day, as a select's value. */
export function dayValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight of each day from `now`'s day on. */
export function upcomingDays(now: Date, count = BOOKABLE_DAYS): Date[] {
  return Array.from({ length: count }, (_, i) => new Date(now.getFullYear(), now.getMonth(), now.getDate() + i));
}

/** The moment a day ("2026-03-14") and a time of day (minutes after midnight) mean in the viewer's zone. */
export function slotStart(day: string, minutes: number): Date {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(year, month - 1, date, Math.floor(minutes / 60), minutes % 60);
}

/**
 * The times of day that can still be booked on `day`: every 15 minutes, except those already past
 * and those a clock change skips (01:30 on the night clocks go forward does not exist).
 */
export function bookableTimes(day: string, now: Date): number[] {
  const times: number[] = [];
  for (let minutes = 0; minutes < 24 * 60; minutes += SLOT_MINUTES) {
    const start = slotStart(day, minutes);
    const exists = start.getHours() * 60 + start.getMinutes() === minutes;
    if (exists && start > now) times.push(minutes);
  }
  return times;
}
