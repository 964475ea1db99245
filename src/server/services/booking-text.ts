import type { BookingStatus } from "@/generated/prisma/enums";

/** "Sat 14 Mar 10:00" in the given zone: what both people read at a glance. */
export function formatBookingTime(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.hour}:${parts.minute}`;
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
