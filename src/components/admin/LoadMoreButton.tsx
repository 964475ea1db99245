"use client";

import { buttonClass } from "../button-styles";

/** The next page of an admin list (every list there pages by the server's nextCursor). */
export function LoadMoreButton({
  list,
}: {
  list: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => Promise<unknown> };
}) {
  if (!list.hasNextPage) return null;
  return (
    <button
      type="button"
      onClick={() => void list.fetchNextPage()}
      disabled={list.isFetchingNextPage}
      className={`${buttonClass("secondary")} mt-4 w-full`}
    >
      {list.isFetchingNextPage ? "Loading…" : "Load more"}
    </button>
  );
}
