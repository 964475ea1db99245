"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { BookingStatus, Role } from "@/generated/prisma/enums";
import { formatBookingTime, formatPrice } from "@/lib/format";
import { useTRPC, type Booking } from "@/lib/trpc";
import { BookingActions } from "./BookingActions";
import { STATUS_LABEL } from "./BookingStatusBadge";
import { buttonClass } from "./button-styles";
import { LocalTime } from "./LocalTime";
import { ListSkeleton } from "./Skeleton";
import { useLiveBookings } from "./use-live-bookings";

/** What needs an answer first, then what is coming, then the past. */
const GROUPS: BookingStatus[] = [BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.COMPLETED, BookingStatus.DECLINED, BookingStatus.CANCELLED];

/** My bookings, grouped by status, each with the actions I may take; live. */
export function BookingList({ viewerRole }: { viewerRole: Role }) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.booking.list.infiniteQueryOptions({ limit: 100 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  useLiveBookings();
  if (!list.data) {
    if (list.isError) return <p role="alert" className="mt-6 text-red-700">Could not load bookings: {list.error.message}</p>;
    return (
      <div className="mt-6 rounded-2xl border border-stone-200 bg-white">
        <ListSkeleton label="Loading bookings" rows={3} />
      </div>
    );
  }
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <p className="mt-6 text-stone-600">
        No bookings yet.{" "}
        {viewerRole === Role.CUSTOMER && (
          <Link href="/artists" className="font-medium text-brand-700 underline">
            Find an artist
          </Link>
        )}
      </p>
    );
  }
  return (
    <>
      {GROUPS.map((status) => {
        const group = items.filter((b) => b.status === status);
        if (group.length === 0) return null;
        return (
          <section key={status} className="mt-6" aria-labelledby={`group-${status}`}>
            <h2 id={`group-${status}`} className="text-sm font-semibold uppercase tracking-wide text-stone-600">
              {STATUS_LABEL[status]} <span className="font-normal">({group.length})</span>
            </h2>
            <ul className="mt-2 divide-y divide-stone-200 rounded-2xl border border-stone-200 bg-white">
              {group.map((b) => (
                <BookingRow key={b.id} booking={b} viewerRole={viewerRole} />
              ))}
            </ul>
          </section>
        );
      })}
      {list.hasNextPage && (
        <button type="button" onClick={() => void list.fetchNextPage()} className={`${buttonClass("secondary")} mt-4 w-full`}>
          More bookings
        </button>
      )}
    </>
  );
}

function BookingRow({ booking, viewerRole }: { booking: Booking; viewerRole: Role }) {
  const other = viewerRole === Role.ARTIST ? booking.customer : booking.artist;
  return (
    <li className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center" data-testid="booking-row">
      <Link href={`/bookings/${booking.id}`} className="min-w-0 flex-1 hover:underline">
        <span dir="auto" className="block font-medium">
          {booking.service.name} · {other.name}
        </span>
        <span className="block text-sm text-stone-600">
          <LocalTime date={booking.startsAt} show={formatBookingTime} /> · {formatPrice(booking.service.priceCents)}
        </span>
      </Link>
      <BookingActions booking={booking} size="sm" />
    </li>
  );
}
