"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useState } from "react";
import { formatBookingTime, formatDuration, formatPrice } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { BookingActions } from "./BookingActions";
import { BookingStatusBadge } from "./BookingStatusBadge";
import { buttonClass } from "./button-styles";
import { ChatDrawer } from "./ChatDrawer";
import { LocalTime } from "./LocalTime";
import { ListSkeleton } from "./Skeleton";
import { useLiveBookings } from "./use-live-bookings";

/** A booking: details, the actions allowed to me, and the pair's conversation in a drawer; live. */
export function BookingDetails({ bookingId, meId }: { bookingId: string; meId: string }) {
  const trpc = useTRPC();
  const booking = useQuery(trpc.booking.byId.queryOptions({ id: bookingId }));
  useLiveBookings(booking.data?.conversationId);
  const [chatId, setChatId] = useState<string | null>(null);
  const closeChat = useCallback(() => setChatId(null), []);
  // Always the pair's one conversation, resolved from the booking.
  const openChat = useMutation(trpc.conversation.getOrCreate.mutationOptions({ onSuccess: ({ id }) => setChatId(id) }));

  if (booking.isPending) {
    return (
      <div className="mx-auto w-full max-w-3xl px-4 py-6">
        <ListSkeleton label="Loading booking" rows={2} />
      </div>
    );
  }
  if (booking.isError) {
    return (
      <div className="p-6">
        <p role="alert" className="text-stone-700">{booking.error.message}</p>
        <Link href="/bookings" className="mt-2 inline-block font-medium text-brand-700 underline">
          All bookings
        </Link>
      </div>
    );
  }
  const b = booking.data;
  const other = b.customerId === meId ? b.artist : b.customer;
  const cancelledBy = b.cancelledById ? (b.cancelledById === b.customerId ? b.customer.name : b.artist.name) : null;

  return (
    <div className={chatId ? "lg:pr-[28rem]" : undefined}>
      <div className="mx-auto w-full max-w-3xl px-4 py-6">
        <Link href="/bookings" className="text-sm text-stone-600 hover:underline">
          ← All bookings
        </Link>
        <div className="mt-3 rounded-2xl border border-stone-200 bg-white p-5" data-testid="booking-details">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="min-w-[12rem] flex-1">
              <h1 dir="auto" className="text-2xl font-semibold">
                {b.service.name}
              </h1>
              <p className="mt-1 text-stone-600">
                with{" "}
                <span dir="auto" className="font-medium text-stone-800">
                  {other.name}
                </span>
              </p>
            </div>
            <BookingStatusBadge status={b.status} />
          </div>
          <dl className="mt-5 grid grid-cols-[minmax(0,7rem)_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm">
            <dt className="text-stone-600">When</dt>
            <dd>
              <LocalTime date={b.startsAt} show={formatBookingTime} />
            </dd>
            <dt className="text-stone-600">Duration</dt>
            <dd>{formatDuration(b.service.durationMinutes)}</dd>
            <dt className="text-stone-600">Price</dt>
            <dd>{formatPrice(b.service.priceCents)}</dd>
            {b.note && (
              <>
                <dt className="text-stone-600">Note</dt>
                <dd dir="auto" className="whitespace-pre-wrap">
                  {b.note}
                </dd>
              </>
            )}
            {cancelledBy && (
              <>
                <dt className="text-stone-600">Cancelled by</dt>
                <dd dir="auto">{cancelledBy}</dd>
              </>
            )}
          </dl>
          <div className="mt-5 flex flex-wrap items-center gap-2">
            <BookingActions booking={b} />
            <button type="button" onClick={() => openChat.mutate({ bookingId: b.id })} className={`${buttonClass("secondary")} max-w-full`}>
              <span className="truncate">Message {other.name}</span>
            </button>
          </div>
          {openChat.isError && <p role="alert" className="mt-2 text-sm text-red-700">{openChat.error.message}</p>}
        </div>
        {chatId && <ChatDrawer conversationId={chatId} meId={meId} onClose={closeChat} />}
      </div>
    </div>
  );
}
