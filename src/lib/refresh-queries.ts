import type { InvalidateQueryFilters, QueryClient } from "@tanstack/react-query";

/**
 * Fetches the matching queries again, from now: what an event says changed is in what they show
 * next. `invalidateQueries` alone does not promise that for a query whose first fetch is still
 * in flight: with no data yet, TanStack Query hands back that fetch (which may have read the
 * server before the change) instead of starting another, and the page keeps what it returns until
 * the next event. Such first fetches are cancelled (back to "not fetched") and started again;
 * a query that has data is refetched as invalidateQueries does, its old fetch cancelled.
 */
export async function refreshQueries(queryClient: QueryClient, filters: InvalidateQueryFilters): Promise<void> {
  const firstFetches = queryClient
    .getQueryCache()
    .findAll(filters)
    .filter((query) => query.state.fetchStatus === "fetching" && query.state.data === undefined);
  await Promise.all(firstFetches.map((query) => query.cancel({ revert: true })));
  await queryClient.invalidateQueries(filters);
}
