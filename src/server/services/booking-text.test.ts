import { describe, expect, it } from "vitest";
import { bookingSystemText, formatBookingTime } from "./booking-text";

const SAT_14_MAR_10_UTC = new Date("2026-03-14T10:00:00.000Z");

describe("formatBookingTime", () => {
  it('writes 2026-03-14T10:00Z as "Sat 14 Mar 10:00" in UTC', () => {
    expect(formatBookingTime(SAT_14_MAR_10_UTC, "UTC")).toBe("Sat 14 Mar 10:00");
  });

  it("writes the wall-clock time of the given zone, summer time included", () => {
    // New York is on summer time (UTC-4) from 8 March 2026, on standard time (UTC-5) in January.
    expect(formatBookingTime(SAT_14_MAR_10_UTC, "America/New_York")).toBe("Sat 14 Mar 06:00");
    expect(formatBookingTime(new Date("2026-01-10T10:00:00.000Z"), "America/New_York")).toBe("Sat 10 Jan 05:00");
    expect(formatBookingTime(SAT_14_MAR_10_UTC, "Europe/London")).toBe("Sat 14 Mar 10:00");
  });

  it("moves the day with the zone when the time crosses midnight", () => {
    expect(formatBookingTime(new Date("2026-03-14T02:00:00.000Z"), "America/New_York")).toBe("Fri 13 Mar 22:00");
    expect(formatBookingTime(new Date("2026-03-14T20:30:00.000Z"), "Asia/Tokyo")).toBe("Sun 15 Mar 05:30");
  });

  it("writes single-digit days without a leading zero and the first hour as 00, on a 24-hour clock", () => {
    expect(formatBookingTime(new Date("2026-03-04T00:05:00.000Z"), "UTC")).toBe("Wed 4 Mar 00:05");
    expect(formatBookingTime(new Date("2026-03-04T23:45:00.000Z"), "UTC")).toBe("Wed 4 Mar 23:45");
  });
});

describe("bookingSystemText", () => {
  const booking = { serviceName: "Bridal makeup", startsAt: SAT_14_MAR_10_UTC };

  it("has one sentence per status: headline, service, time", () => {
    expect(bookingSystemText("PENDING", booking, "UTC")).toBe("Booking requested: Bridal makeup, Sat 14 Mar 10:00");
    expect(bookingSystemText("CONFIRMED", booking, "UTC")).toBe("Booking confirmed: Bridal makeup, Sat 14 Mar 10:00");
    expect(bookingSystemText("DECLINED", booking, "UTC")).toBe("Booking declined: Bridal makeup, Sat 14 Mar 10:00");
    expect(bookingSystemText("COMPLETED", booking, "UTC")).toBe("Booking completed: Bridal makeup, Sat 14 Mar 10:00");
  });

  it("names who cancelled", () => {
    expect(bookingSystemText("CANCELLED", { ...booking, cancelledByName: "Ana Ruiz" }, "UTC")).toBe(
      "Booking cancelled by Ana Ruiz: Bridal makeup, Sat 14 Mar 10:00",
    );
    expect(bookingSystemText("CANCELLED", booking, "UTC")).toBe("Booking cancelled: Bridal makeup, Sat 14 Mar 10:00");
  });

  it("writes the time in the app's zone", () => {
    expect(bookingSystemText("CONFIRMED", booking, "America/New_York")).toBe("Booking confirmed: Bridal makeup, Sat 14 Mar 06:00");
  });

  it("only a cancellation carries a name", () => {
    expect(bookingSystemText("CONFIRMED", { ...booking, cancelledByName: "Ana Ruiz" }, "UTC")).toBe(
      "Booking confirmed: Bridal makeup, Sat 14 Mar 10:00",
    );
  });
});
