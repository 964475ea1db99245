import { describe, expect, it } from "vitest";
import { bookableTimes, dayValue, slotStart, upcomingDays } from "./booking-slots";

describe("booking slots in the viewer's zone", () => {
  const now = new Date(2026, 2, 14, 9, 20);

  it("lists today and the following days as local calendar days", () => {
    const days = upcomingDays(now, 3).map(dayValue);
    expect(days).toEqual(["2026-03-14", "2026-03-15", "2026-03-16"]);
    expect(upcomingDays(new Date(2026, 11, 31, 23, 0), 2).map(dayValue)).toEqual(["2026-12-31", "2027-01-01"]);
  });

  it("turns a day and a time of day into that local moment", () => {
    expect(slotStart("2026-03-21", 10 * 60 + 45)).toEqual(new Date(2026, 2, 21, 10, 45));
  });

  it("offers every quarter hour of a later day, and only what is still ahead today", () => {
    const tomorrow = bookableTimes("2026-03-15", now);
    expect(tomorrow).toHaveLength(96);
    expect(tomorrow.slice(0, 3)).toEqual([0, 15, 30]);
    expect(bookableTimes("2026-03-14", now)[0]).toBe(9 * 60 + 30);
  });
});
