"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatBookingTime, formatPrice } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { BookingStatusBadge } from "./BookingStatusBadge";
import { LocalTime } from "./LocalTime";

/** A compact booking, under a message that is about it. */
export function BookingCard({ bookingId }: { bookingId: string }) {
  const trpc = useTRPC();
  const booking = useQuery(trpc.booking.byId.queryOptions({ id: bookingId }));
  if (!booking.data) return null;
  const b = booking.data;
  return (
    <Link
      href={`/bookings/${b.id}`}
      className="mt-1 block w-64 max-w-full rounded-xl border border-stone-200 bg-white p-3 text-left text-stone-900 shadow-sm hover:border-brand-500"
      data-testid="booking-card"
    >
      <span className="flex items-center justify-between gap-2">
        <span dir="auto" className="min-w-0 truncate text-sm font-semibold">
          {b.service.name}
        </span>
        <BookingStatusBadge status={b.status} />
      </span>
      <span className="mt-1 block text-xs text-stone-600">
        <LocalTime date={b.startsAt} show={formatBookingTime} /> · {formatPrice(b.service.priceCents)}
      </span>
    </Link>
  );
}
