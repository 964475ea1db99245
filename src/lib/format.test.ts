import { describe, expect, it } from "vitest";
import { calendarDaysFrom, formatBookingTime, formatDay, formatDuration, formatInboxTime, formatPrice, formatTime } from "./format";

// Dates are built in the test process's own zone, as the browser builds them in the viewer's.
const now = new Date(2026, 2, 14, 9, 30);
const viewer = (options: Intl.DateTimeFormatOptions, date: Date) => new Intl.DateTimeFormat(undefined, options).format(date);

describe("dates in the viewer's locale and zone", () => {
  it("counts calendar days, not 24-hour spans", () => {
    expect(calendarDaysFrom(now, new Date(2026, 2, 14, 0, 1))).toBe(0);
    expect(calendarDaysFrom(now, new Date(2026, 2, 13, 23, 59))).toBe(-1);
    expect(calendarDaysFrom(now, new Date(2026, 2, 15, 23, 59))).toBe(1);
    // Across a daylight-saving change (Europe and North America both change in March or April).
    expect(calendarDaysFrom(new Date(2026, 2, 1, 12), new Date(2026, 3, 30, 12))).toBe(60);
  });

  it("names the days around today and writes the others out", () => {
    const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
    const label = (days: number) => {
      const name = relative.format(days, "day");
      return name.charAt(0).toLocaleUpperCase() + name.slice(1);
    };
    expect(formatDay(new Date(2026, 2, 14, 22), now)).toBe(label(0));
    expect(formatDay(new Date(2026, 2, 13, 8), now)).toBe(label(-1));
    expect(formatDay(new Date(2026, 2, 15, 8), now)).toBe(label(1));
    const older = new Date(2026, 2, 7, 8);
    expect(formatDay(older, now)).toBe(viewer({ weekday: "short", day: "numeric", month: "long" }, older));
    expect(formatDay(new Date(2025, 11, 24), now)).toContain("2025");
  });

  it("gives the inbox the time today, then the day, then the date", () => {
    const earlier = new Date(2026, 2, 14, 7, 5);
    expect(formatInboxTime(earlier, now)).toBe(formatTime(earlier));
    expect(formatInboxTime(earlier, now)).toBe(viewer({ hour: "numeric", minute: "2-digit" }, earlier));
    const thisWeek = new Date(2026, 2, 10, 7, 5);
    expect(formatInboxTime(thisWeek, now)).toBe(viewer({ weekday: "short" }, thisWeek));
    const lastMonth = new Date(2026, 1, 2);
    expect(formatInboxTime(lastMonth, now)).toBe(viewer({ day: "numeric", month: "short" }, lastMonth));
    expect(formatInboxTime(new Date(2025, 1, 2), now)).toContain("2025");
  });

  it("writes a booking's day and time together, and the year only when it is not this one", () => {
    const booking = new Date(2026, 2, 21, 10, 0);
    expect(formatBookingTime(booking, now)).toBe(
      viewer({ weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }, booking),
    );
    expect(formatBookingTime(booking, now)).not.toContain("2026");
    expect(formatBookingTime(new Date(2027, 0, 9, 10), now)).toContain("2027");
  });
});

describe("prices and durations", () => {
  it("formats pence as pounds in the viewer's number style", () => {
    expect(formatPrice(12_050)).toBe(new Intl.NumberFormat(undefined, { style: "currency", currency: "GBP" }).format(120.5));
  });

  it("writes hours and minutes, leaving out a zero part", () => {
    const h = (n: number) => new Intl.NumberFormat(undefined, { style: "unit", unit: "hour", unitDisplay: "short" }).format(n);
    const m = (n: number) => new Intl.NumberFormat(undefined, { style: "unit", unit: "minute", unitDisplay: "short" }).format(n);
    expect(formatDuration(90)).toBe(`${h(1)} ${m(30)}`);
    expect(formatDuration(120)).toBe(h(2));
    expect(formatDuration(45)).toBe(m(45));
  });
});
