"use client";

import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/lib/trpc";
import { Avatar } from "./Avatar";
import { buttonClass } from "./button-styles";
import { ListSkeleton } from "./Skeleton";

export function ArtistDirectory({ canMessage }: { canMessage: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const artists = useInfiniteQuery(
    trpc.user.artists.infiniteQueryOptions({ limit: 50 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const open = useMutation(
    trpc.conversation.getOrCreate.mutationOptions({ onSuccess: ({ id }) => router.push(`/messages/${id}`) }),
  );

  if (!artists.data) {
    if (artists.isError) return <p role="alert" className="mt-6 text-red-700">Could not load artists: {artists.error.message}</p>;
    return (
      <div className="mt-6 rounded-2xl border border-stone-200 bg-white">
        <ListSkeleton label="Loading artists" />
      </div>
    );
  }
  const items = artists.data.pages.flatMap((p) => p.items);
  if (items.length === 0) return <p className="mt-6 text-stone-600">No artists have joined yet.</p>;

  return (
    <>
      {open.isError && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {open.error.message}
        </p>
      )}
      <ul className="mt-6 divide-y divide-stone-200 rounded-2xl border border-stone-200 bg-white">
        {items.map((artist) => (
          <li key={artist.id} className="flex items-center gap-3 px-4 py-3">
            <Avatar name={artist.name} />
            <Link href={`/artists/${artist.id}`} dir="auto" className="min-w-0 flex-1 font-medium hover:underline">
              {artist.name}
            </Link>
            {canMessage && (
              <button
                type="button"
                onClick={() => open.mutate({ participantId: artist.id })}
                disabled={open.isPending}
                aria-label={`Message ${artist.name}`}
                className={`${buttonClass("primary")} shrink-0`}
              >
                Message
              </button>
            )}
          </li>
        ))}
      </ul>
      {artists.hasNextPage && (
        <button
          type="button"
          onClick={() => void artists.fetchNextPage()}
          className={`${buttonClass("secondary")} mt-4 w-full`}
        >
          {artists.isFetchingNextPage ? "Loading…" : "Show more artists"}
        </button>
      )}
    </>
  );
}
