"use client";

import { useEffect } from "react";
import { titleWithUnread } from "./unread-count";

/**
 * Keeps "(3) " in front of the tab's title while the count is known, whatever the page: Next
 * sets document.title on every client-side navigation, so the title element is watched and the
 * count put back after each change. titleWithUnread is idempotent, so the change this makes is
 * seen once more and left alone. On unmount (signing out) the title goes back to the page's own.
 */
export function useUnreadTitle(count: number | null): void {
  useEffect(() => {
    if (count === null) return;
    const apply = () => {
      const wanted = titleWithUnread(document.title, count);
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const watcher = new MutationObserver(apply);
    watcher.observe(document.head, { childList: true, subtree: true, characterData: true });
    return () => {
      watcher.disconnect();
      document.title = titleWithUnread(document.title, 0);
    };
  }, [count]);
}
