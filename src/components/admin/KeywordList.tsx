"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { formatDay } from "@/lib/format";
import { useTRPC } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { LocalTime } from "../LocalTime";
import { ListSkeleton } from "../Skeleton";
import { keywordActionLabel } from "./KeywordActionSelect";
import { ServerError } from "./ServerError";

/** After a term is added, changed or removed: the list, and the audit trail that records it. */
export function useKeywordsChanged() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([queryClient.invalidateQueries(trpc.admin.keywords.list.queryFilter()), queryClient.invalidateQueries(trpc.admin.audit.pathFilter())]);
}

const ACTION_BADGE = { BLOCK: "bg-red-100 text-red-800", FLAG: "bg-amber-100 text-amber-900", MASK: "bg-stone-200 text-stone-800" } as const;

/** The keyword filter's terms, alphabetical, each with its action and a Remove. */
export function KeywordList() {
  const trpc = useTRPC();
  const keywords = useQuery(trpc.admin.keywords.list.queryOptions());
  const keywordsChanged = useKeywordsChanged();
  const remove = useMutation(trpc.admin.keywords.remove.mutationOptions({ onSuccess: keywordsChanged }));

  if (!keywords.data) {
    if (keywords.isError) return <ServerError error={keywords.error} className="mt-3" />;
    return <ListSkeleton label="Loading terms" rows={3} />;
  }
  return (
    <>
      <ServerError error={remove.error} className="mt-3" />
      {keywords.data.length === 0 ? (
        <p className="mt-3 text-sm text-stone-600">No terms yet: every message goes through unfiltered.</p>
      ) : (
        <ul className="mt-3 divide-y divide-stone-100" aria-label="Terms">
          {keywords.data.map((keyword) => (
            <li key={keyword.id} data-testid="keyword" className="flex min-w-0 items-center gap-3 py-2">
              <span dir="auto" className="min-w-0 flex-1 break-words font-medium">
                {keyword.term}
              </span>
              <span className={`shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ${ACTION_BADGE[keyword.action]}`}>{keywordActionLabel(keyword.action)}</span>
              <LocalTime date={keyword.createdAt} show={formatDay} className="hidden shrink-0 text-xs text-stone-600 sm:inline" />
              <button
                type="button"
                disabled={remove.isPending && remove.variables?.id === keyword.id}
                onClick={() => remove.mutate({ id: keyword.id })}
                aria-label={`Remove ${keyword.term}`}
                className={`${buttonClass("secondary", "sm")} shrink-0`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
