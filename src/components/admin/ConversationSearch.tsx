"use client";

import { skipToken, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { formatInboxTime } from "@/lib/format";
import { useTRPC, type RouterInputs, type RouterOutputs } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { LocalTime } from "../LocalTime";
import { ListSkeleton } from "../Skeleton";
import { fieldClass } from "./admin-field-styles";
import { LoadMoreButton } from "./LoadMoreButton";
import { PersonBadge } from "./PersonBadge";

type SearchResult = RouterOutputs["admin"]["conversations"]["search"]["items"][number];
type SearchInput = RouterInputs["admin"]["conversations"]["search"];

const MATCHED_BY: Record<SearchResult["matchedBy"][number], string> = {
  id: "its id",
  booking: "a booking id",
  participant: "a participant",
  words: "words in its messages",
};

/**
 * /admin/conversations: one box (a name, an email, an id, or words from the messages). The search
 * lives in the address (?q=, and ?userId= / ?bookingId= narrowing it), so other admin pages link
 * straight to a person's or a booking's conversations and Back returns to the results. Nothing is
 * searched until asked: every search is recorded in the audit trail.
 */
export function ConversationSearch() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get("q");
  const userId = params.get("userId") || undefined;
  const bookingId = params.get("bookingId") || undefined;
  const asked = q !== null || userId !== undefined || bookingId !== undefined;

  const results = useConversationSearch(asked ? { query: q?.trim() || undefined, userId, bookingId } : null);

  const search = (query: string) => {
    const next = new URLSearchParams(params);
    next.set("q", query.trim());
    router.push(`${pathname}?${next.toString()}`);
  };
  const clearFilters = () => router.push(q !== null ? `${pathname}?${new URLSearchParams({ q }).toString()}` : pathname);

  return (
    <>
      <form
        role="search"
        className="mt-4 flex flex-col gap-2 sm:flex-row"
        onSubmit={(event) => {
          event.preventDefault();
          search(String(new FormData(event.currentTarget).get("q") ?? ""));
        }}
      >
        <label htmlFor="conversation-search" className="sr-only">
          Search conversations
        </label>
        <input
          id="conversation-search"
          key={q ?? ""}
          name="q"
          type="search"
          defaultValue={q ?? ""}
          maxLength={200}
          placeholder="Name, email, conversation, booking or user id, or words"
          className={`${fieldClass} min-w-0 flex-1`}
        />
        <button type="submit" className={`${buttonClass("primary")} shrink-0`}>
          Search
        </button>
      </form>
      <p className="mt-1 text-sm text-stone-600">An empty search lists every conversation, most recently active first.</p>
      {(userId || bookingId) && (
        <p className="mt-3 flex flex-wrap items-center gap-2 rounded-lg bg-stone-100 px-3 py-2 text-sm text-stone-800" data-testid="search-filters">
          <span className="[overflow-wrap:anywhere]">
            Only conversations {userId && <>of user {userId}</>}
            {userId && bookingId && " and "}
            {bookingId && <>with booking {bookingId}</>}
          </span>
          <button type="button" onClick={clearFilters} className="font-medium text-brand-700 underline underline-offset-2">
            Clear filter
          </button>
        </p>
      )}
      <SearchResults asked={asked} results={results} />
    </>
  );
}

/** Pages of conversations found; null: not asked yet. */
function useConversationSearch(input: Omit<SearchInput, "cursor"> | null) {
  const trpc = useTRPC();
  return useInfiniteQuery({
    ...trpc.admin.conversations.search.infiniteQueryOptions(input ?? skipToken, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
    // A search is an audited access: run it when asked, not whenever the window regains focus.
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

function SearchResults({ asked, results }: { asked: boolean; results: ReturnType<typeof useConversationSearch> }) {
  if (!asked) return null;
  if (results.isError && !results.data) {
    return (
      <p role="alert" className="mt-4 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
        The search failed: {results.error.message}
      </p>
    );
  }
  if (!results.data) {
    return (
      <div className="mt-4 rounded-2xl border border-stone-200 bg-white">
        <ListSkeleton label="Searching conversations" />
      </div>
    );
  }
  const items = results.data.pages.flatMap((page) => page.items);
  if (items.length === 0) {
    return (
      <p role="status" className="mt-4 text-stone-700">
        No conversation matches. Try part of a name or an email, a whole id, or other words.
      </p>
    );
  }
  return (
    <>
      <ul aria-label="Conversations found" className="mt-4 divide-y divide-stone-200 rounded-2xl border border-stone-200 bg-white">
        {items.map((result) => (
          <li key={result.id}>
            <SearchResultLink result={result} />
          </li>
        ))}
      </ul>
      {results.isError && (
        <p role="alert" className="mt-3 text-sm text-red-800">
          More results could not be loaded: {results.error.message}
        </p>
      )}
      <LoadMoreButton list={results} />
    </>
  );
}

/** One conversation found: both people, when it was last active, its bookings, and why it matched. */
function SearchResultLink({ result }: { result: SearchResult }) {
  return (
    <Link
      href={`/admin/conversations/${result.id}`}
      className="focus-inset block px-3 py-3 hover:bg-stone-50 sm:px-4"
      data-testid="conversation-result"
    >
      <span className="grid gap-2 sm:grid-cols-2">
        <PersonBadge person={result.customer} />
        <PersonBadge person={result.artist} />
      </span>
      <span className="mt-2 flex flex-wrap gap-x-3 gap-y-1 text-xs text-stone-600">
        <span>
          Last active <LocalTime date={result.updatedAt} show={formatInboxTime} />
        </span>
        <span>
          {result.bookings} {result.bookings === 1 ? "booking" : "bookings"}
        </span>
        {result.matchedBy.length > 0 && <span>Matched by {result.matchedBy.map((m) => MATCHED_BY[m]).join(", ")}</span>}
      </span>
    </Link>
  );
}
