"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import type { ReactNode } from "react";
import { ConversationList } from "./ConversationList";
import { ARCHIVED_VIEW_HREF, isArchivedView } from "./inbox-view";
import { OfflineNote } from "./OfflineNote";

/** Inbox (or Archived) beside the open thread on wide screens; one or the other on a phone. */
export function MessagesShell({ meId, canBrowseArtists, children }: { meId: string; canBrowseArtists: boolean; children: ReactNode }) {
  const pathname = usePathname();
  const archived = isArchivedView(useSearchParams().get("view"));
  const activeId = pathname.startsWith("/messages/") ? decodeURIComponent(pathname.split("/")[2] ?? "") : undefined;
  const switchClass = "shrink-0 rounded-md px-2 py-1 text-sm font-medium text-brand-700 hover:bg-stone-100";
  return (
    <div className="mx-auto flex min-h-0 w-full min-w-0 max-w-6xl flex-1 md:border-x md:border-stone-200">
      <aside
        className={`${activeId ? "hidden md:flex" : "flex"} w-full min-h-0 flex-col border-stone-200 bg-white md:w-80 md:border-r`}
      >
        <div className="flex items-center gap-2 border-b border-stone-200 px-4 py-2">
          <h1 className="min-w-0 flex-1 py-1 text-lg font-semibold">{archived ? "Archived" : "Messages"}</h1>
          {archived ? (
            <Link href="/messages" className={switchClass}>
              <span aria-hidden>← </span>Inbox
            </Link>
          ) : (
            <Link href={ARCHIVED_VIEW_HREF} className={switchClass}>
              Archived
            </Link>
          )}
        </div>
        <OfflineNote />
        <div className="min-h-0 flex-1 overflow-y-auto">
          <ConversationList
            // One list per view: each keeps its own pages and scroll.
            key={archived ? "archived" : "inbox"}
            meId={meId}
            activeId={activeId}
            archived={archived}
            emptyHint={
              archived ? (
                "No archived conversations. Archive one from its ⋯ menu; a new message brings it back to your inbox."
              ) : canBrowseArtists ? (
                <>
                  No conversations yet.{" "}
                  <Link href="/artists" className="font-medium text-brand-700 underline">
                    Find an artist
                  </Link>
                </>
              ) : (
                "No conversations yet. Customers who message you appear here."
              )
            }
          />
        </div>
      </aside>
      <div className={`${activeId ? "flex" : "hidden md:flex"} min-h-0 min-w-0 flex-1 flex-col`}>{children}</div>
    </div>
  );
}
