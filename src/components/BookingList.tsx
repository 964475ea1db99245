"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { formatPrice } from "@/lib/format-money";
import { bookingTime } from "@/lib/format-time";
import { useTRPC, type Booking, type BookingStatus } from "@/lib/trpc";
import { BookingActions } from "./BookingActions";
import { STATUS_LABEL } from "./BookingStatusBadge";

const GROUPS: BookingStatus[] = ["PENDING", "CONFIRMED", "COMPLETED", "DECLINED", "CANCELLED"];

/** My bookings, grouped by status, each with the actions I may take. */
export function BookingList({ viewerRole }: { viewerRole: string }) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.booking.list.infiniteQueryOptions({ limit: 100 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  if (list.isPending) return <p className="mt-6 text-stone-500">Loading bookings…</p>;
  if (list.isError) return <p role="alert" className="mt-6 text-red-700">Could not load bookings: {list.error.message}</p>;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <p className="mt-6 text-stone-500">
        No bookings yet.{" "}
        {viewerRole === "CUSTOMER" && (
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
            <h2 id={`group-${status}`} className="text-sm font-semibold uppercase tracking-wide text-stone-500">
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
        <button type="button" onClick={() => void list.fetchNextPage()} className="mt-4 w-full rounded-lg border border-stone-300 py-2 text-sm">
          More bookings
        </button>
      )}
    </>
  );
}

function BookingRow({ booking, viewerRole }: { booking: Booking; viewerRole: string }) {
  const other = viewerRole === "ARTIST" ? booking.customer : booking.artist;
  return (
    <li className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center" data-testid="booking-row">
      <Link href={`/bookings/${booking.id}`} className="min-w-0 flex-1 hover:underline">
        <span className="block font-medium">
          {booking.service.name} · {other.name}
        </span>
        <span className="block text-sm text-stone-600">
          {bookingTime(booking.startsAt)} · {formatPrice(booking.service.priceCents)}
        </span>
      </Link>
      <BookingActions booking={booking} size="sm" />
    </li>
  );
}
