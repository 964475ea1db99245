"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { formatDuration, formatPrice } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { BookingTimePicker, startsAtFrom } from "./BookingTimePicker";
import { buttonClass } from "./button-styles";

const input = "mt-1 block w-full min-w-0 rounded-lg border border-stone-300 bg-white px-3 py-2";

/** "Request booking": a service, a day and time in the customer's own zone, an optional note. */
export function BookingRequestForm({ services }: { services: { id: string; name: string; durationMinutes: number; priceCents: number }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(trpc.booking.create.mutationOptions({ onSuccess: (b) => router.push(`/bookings/${b.id}`) }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const startsAt = startsAtFrom(form);
    if (!startsAt) return setError("Choose a day and a time.");
    setError(null);
    create.mutate({ serviceId: String(form.get("serviceId")), startsAt, note: String(form.get("note") ?? "") || undefined });
  }

  return (
    <section className="mt-8 rounded-2xl border border-stone-200 bg-white p-4" aria-labelledby="request-booking">
      <h2 id="request-booking" className="text-lg font-semibold">Request booking</h2>
      <form onSubmit={onSubmit} className="mt-3 space-y-3">
        <label className="block text-sm font-medium text-stone-700">
          Service
          <select name="serviceId" className={input} required>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} — {formatDuration(s.durationMinutes)}, {formatPrice(s.priceCents)}
              </option>
            ))}
          </select>
        </label>
        <BookingTimePicker />
        <label className="block text-sm font-medium text-stone-700">
          Note for the artist <span className="font-normal text-stone-600">(address, details; optional)</span>
          <textarea name="note" dir="auto" maxLength={1000} rows={3} className={input} />
        </label>
        {(error || create.isError) && (
          <p role="alert" className="text-sm text-red-700">
            {error ?? create.error?.message}
          </p>
        )}
        <button type="submit" disabled={create.isPending} className={buttonClass("primary", "lg")}>
          {create.isPending ? "Sending request…" : "Request booking"}
        </button>
      </form>
    </section>
  );
}
