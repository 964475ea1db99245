"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { formatDuration, formatPrice } from "@/lib/format-money";
import { useTRPC } from "@/lib/trpc";
import { Avatar } from "./Avatar";
import { BookingRequestForm } from "./BookingRequestForm";
import { ServiceForm } from "./ServiceForm";

/** An artist's public page: services, "Request booking" and "Message"; the artist adds services here. */
export function ArtistProfile({ artistId, viewer }: { artistId: string; viewer: { id: string; role: string } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const profile = useQuery(trpc.service.artist.queryOptions({ artistId }));
  const open = useMutation(
    trpc.conversation.getOrCreate.mutationOptions({ onSuccess: ({ id }) => router.push(`/messages/${id}`) }),
  );
  if (profile.isPending) return <p className="text-stone-500">Loading…</p>;
  if (profile.isError) return <p role="alert" className="text-red-700">{profile.error.message}</p>;
  const artist = profile.data;
  const isMe = viewer.id === artist.id;
  const isCustomer = viewer.role === "CUSTOMER";

  return (
    <>
      <div className="flex items-center gap-4">
        <Avatar name={artist.name} />
        <div className="flex-1">
          <h1 className="text-2xl font-semibold">{artist.name}</h1>
          <p className="text-sm text-stone-600">Makeup and hair artist</p>
        </div>
        {isCustomer && (
          <button
            type="button"
            onClick={() => open.mutate({ participantId: artist.id })}
            disabled={open.isPending}
            className="rounded-lg border border-stone-300 bg-white px-4 py-2 text-sm font-medium hover:bg-stone-100"
          >
            Message
          </button>
        )}
      </div>
      {open.isError && <p role="alert" className="mt-3 text-sm text-red-700">{open.error.message}</p>}

      <section className="mt-8" aria-labelledby="services-heading">
        <h2 id="services-heading" className="text-lg font-semibold">Services</h2>
        {artist.services.length === 0 ? (
          <p className="mt-2 text-sm text-stone-500">{isMe ? "Add your first service below." : "No services listed yet."}</p>
        ) : (
          <ul className="mt-3 divide-y divide-stone-200 rounded-2xl border border-stone-200 bg-white" data-testid="service-list">
            {artist.services.map((s) => (
              <li key={s.id} className="flex items-center justify-between gap-3 px-4 py-3">
                <span className="font-medium">{s.name}</span>
                <span className="text-sm text-stone-600">
                  {formatDuration(s.durationMinutes)} · {formatPrice(s.priceCents)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {isCustomer && artist.services.length > 0 && <BookingRequestForm services={artist.services} />}
      {isMe && <ServiceForm />}
    </>
  );
}
