import type { BookingStatus } from "@/generated/prisma/enums";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * "Sat 14 Mar 10:00" in the given zone: what both people read at a glance. Names come from fixed
 * lists, not the ICU locale data, so the stored text does not change with the Node version.
 */
export function formatBookingTime(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const year = Number(parts.year);
  const month = Number(parts.month) - 1;
  const day = Number(parts.day);
  const weekday = new Date(Date.UTC(year, month, day)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${day} ${MONTHS[month]} ${parts.hour}:${parts.minute}`;
}

const HEADLINE: Record<BookingStatus, string> = {
  PENDING: "Booking requested",
  CONFIRMED: "Booking confirmed",
  DECLINED: "Booking declined",
  CANCELLED: "Booking cancelled",
  COMPLETED: "Booking completed",
};

/** The SYSTEM message for a booking reaching a status: "Booking confirmed: Bridal makeup, Sat 14 Mar 10:00". */
export function bookingSystemText(
  status: BookingStatus,
  booking: { serviceName: string; startsAt: Date; cancelledByName?: string },
  timeZone: string,
): string {
  const headline = status === "CANCELLED" && booking.cancelledByName ? `${HEADLINE.CANCELLED} by ${booking.cancelledByName}` : HEADLINE[status];
  return `${headline}: ${booking.serviceName}, ${formatBookingTime(booking.startsAt, timeZone)}`;
}
