"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Role } from "@/generated/prisma/enums";
import { formatDuration, formatPrice } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { Avatar } from "./Avatar";
import { BookingRequestForm } from "./BookingRequestForm";
import { buttonClass } from "./button-styles";
import { ServiceForm } from "./ServiceForm";
import { ListSkeleton } from "./Skeleton";

/** An artist's public page: services, "Request booking" and "Message"; the artist adds services here. */
export function ArtistProfile({ artistId, viewer }: { artistId: string; viewer: { id: string; role: Role } }) {
  const trpc = useTRPC();
  const router = useRouter();
  const profile = useQuery(trpc.service.artist.queryOptions({ artistId }));
  const open = useMutation(
    trpc.conversation.getOrCreate.mutationOptions({ onSuccess: ({ id }) => router.push(`/messages/${id}`) }),
  );
  if (!profile.data) {
    if (profile.isError) return <p role="alert" className="text-red-700">{profile.error.message}</p>;
    return <ListSkeleton label="Loading the artist's page" rows={3} />;
  }
  const artist = profile.data;
  const isMe = viewer.id === artist.id;
  const isCustomer = viewer.role === Role.CUSTOMER;

  return (
    <>
      <div className="flex flex-wrap items-center gap-4">
        <Avatar name={artist.name} />
        <div className="min-w-[10rem] flex-1">
          <h1 dir="auto" className="text-2xl font-semibold">
            {artist.name}
          </h1>
          <p className="text-sm text-stone-600">Makeup and hair artist</p>
        </div>
        {isCustomer && (
          <button
            type="button"
            onClick={() => open.mutate({ participantId: artist.id })}
            disabled={open.isPending}
            className={buttonClass("secondary")}
          >
            Message
          </button>
        )}
      </div>
      {open.isError && <p role="alert" className="mt-3 text-sm text-red-700">{open.error.message}</p>}

      <section className="mt-8" aria-labelledby="services-heading">
        <h2 id="services-heading" className="text-lg font-semibold">Services</h2>
        {artist.services.length === 0 ? (
          <p className="mt-2 text-sm text-stone-600">{isMe ? "Add your first service below." : "No services listed yet."}</p>
        ) : (
          <ul className="mt-3 divide-y divide-stone-200 rounded-2xl border border-stone-200 bg-white" data-testid="service-list">
            {artist.services.map((s) => (
              <li key={s.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 px-4 py-3">
                <span dir="auto" className="min-w-0 font-medium">
                  {s.name}
                </span>
                <span className="shrink-0 text-sm text-stone-600">
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
