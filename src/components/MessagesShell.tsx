"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { ConversationList } from "./ConversationList";
import { OfflineNote } from "./OfflineNote";

/** Inbox beside the open thread on wide screens; one or the other on a phone. */
export function MessagesShell({ meId, canBrowseArtists, children }: { meId: string; canBrowseArtists: boolean; children: ReactNode }) {
  const pathname = usePathname();
  const activeId = pathname.startsWith("/messages/") ? decodeURIComponent(pathname.split("/")[2] ?? "") : undefined;
  return (
    <div className="mx-auto flex min-h-0 w-full min-w-0 max-w-6xl flex-1 md:border-x md:border-stone-200">
      <aside
        className={`${activeId ? "hidden md:flex" : "flex"} w-full min-h-0 flex-col border-stone-200 bg-white md:w-80 md:border-r`}
      >
        <h1 className="border-b border-stone-200 px-4 py-3 text-lg font-semibold">Messages</h1>
        <OfflineNote />
        <div className="min-h-0 flex-1 overflow-y-auto">
          <ConversationList
            meId={meId}
            activeId={activeId}
            emptyHint={
              canBrowseArtists ? (
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
