"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatDuration, formatPrice } from "@/lib/format-money";
import { bookingTime } from "@/lib/format-time";
import { useTRPC } from "@/lib/trpc";
import { BookingActions } from "./BookingActions";
import { BookingStatusBadge } from "./BookingStatusBadge";
import { ChatDrawer } from "./ChatDrawer";

/** A booking: details, the actions allowed to me, and the pair's conversation in a drawer. */
export function BookingDetails({ bookingId, meId }: { bookingId: string; meId: string }) {
  const trpc = useTRPC();
  const booking = useQuery(trpc.booking.byId.queryOptions({ id: bookingId }));
  const [chatId, setChatId] = useState<string | null>(null);
  // Always the pair's one conversation, resolved from the booking.
  const openChat = useMutation(trpc.conversation.getOrCreate.mutationOptions({ onSuccess: ({ id }) => setChatId(id) }));

  if (booking.isPending) return <p className="p-6 text-stone-500">Loading booking…</p>;
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
        <div className="flex items-start justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold">{b.service.name}</h1>
            <p className="mt-1 text-stone-600">
              with <span className="font-medium text-stone-800">{other.name}</span>
            </p>
          </div>
          <BookingStatusBadge status={b.status} />
        </div>
        <dl className="mt-5 grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
          <dt className="text-stone-500">When</dt>
          <dd>{bookingTime(b.startsAt)}</dd>
          <dt className="text-stone-500">Duration</dt>
          <dd>{formatDuration(b.service.durationMinutes)}</dd>
          <dt className="text-stone-500">Price</dt>
          <dd>{formatPrice(b.service.priceCents)}</dd>
          {b.note && (
            <>
              <dt className="text-stone-500">Note</dt>
              <dd className="whitespace-pre-wrap">{b.note}</dd>
            </>
          )}
          {cancelledBy && (
            <>
              <dt className="text-stone-500">Cancelled by</dt>
              <dd>{cancelledBy}</dd>
            </>
          )}
        </dl>
        <div className="mt-5 flex flex-wrap items-center gap-2">
          <BookingActions booking={b} />
          <button
            type="button"
            onClick={() => openChat.mutate({ bookingId: b.id })}
            className="rounded-lg border border-stone-300 bg-white px-3.5 py-2 text-sm font-medium hover:bg-stone-100"
          >
            Message {other.name}
          </button>
        </div>
        {openChat.isError && <p role="alert" className="mt-2 text-sm text-red-700">{openChat.error.message}</p>}
      </div>
      {chatId && <ChatDrawer conversationId={chatId} meId={meId} onClose={() => setChatId(null)} />}
    </div>
    </div>
  );
}
