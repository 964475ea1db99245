"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useRef, useState, type KeyboardEvent } from "react";
import { useTRPC, type RouterInputs } from "@/lib/trpc";
import { ListSkeleton } from "../Skeleton";
import { LoadMoreButton } from "./LoadMoreButton";
import { ReportCard } from "./ReportCard";
import { ServerError } from "./ServerError";

type ReportStatus = NonNullable<RouterInputs["admin"]["reports"]["list"]["status"]>;

const TABS: { status: ReportStatus; label: string; empty: string }[] = [
  { status: "OPEN", label: "Open", empty: "No open reports. The queue is clear." },
  { status: "RESOLVED", label: "Resolved", empty: "No report has been resolved yet." },
];

/**
 * The moderation queue: open reports oldest first (so none waits longest), or the record of
 * resolved ones newest first, a page at a time.
 */
export function ReportQueue() {
  const [status, setStatus] = useState<ReportStatus>("OPEN");
  // Said once a resolved report leaves the list, since the card that had focus is gone.
  const [announcement, setAnnouncement] = useState("");
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const choose = (index: number) => {
    const tab = TABS[(index + TABS.length) % TABS.length]!;
    setStatus(tab.status);
    setAnnouncement("");
    tabs.current[TABS.indexOf(tab)]?.focus();
  };
  const onTabKey = (event: KeyboardEvent, index: number) => {
    if (event.key === "ArrowRight") choose(index + 1);
    else if (event.key === "ArrowLeft") choose(index - 1);
    else return;
    event.preventDefault();
  };

  return (
    <div className="mt-4">
      <div role="tablist" aria-label="Reports" className="flex gap-1 border-b border-stone-200">
        {TABS.map((tab, index) => (
          <button
            key={tab.status}
            ref={(el) => {
              tabs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`report-tab-${tab.status}`}
            aria-selected={status === tab.status}
            aria-controls="report-panel"
            tabIndex={status === tab.status ? 0 : -1}
            onClick={() => choose(index)}
            onKeyDown={(event) => onTabKey(event, index)}
            className={`-mb-px border-b-2 px-4 py-2 text-sm font-medium ${status === tab.status ? "border-brand-600 text-brand-700" : "border-transparent text-stone-700 hover:text-stone-900"}`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <p role="status" className="sr-only">
        {announcement}
      </p>
      <div role="tabpanel" id="report-panel" aria-labelledby={`report-tab-${status}`}>
        <ReportList key={status} tab={TABS.find((t) => t.status === status)!} onResolved={() => setAnnouncement("Report resolved.")} />
      </div>
    </div>
  );
}

function ReportList({ tab, onResolved }: { tab: (typeof TABS)[number]; onResolved: () => void }) {
  const trpc = useTRPC();
  const reports = useInfiniteQuery(
    trpc.admin.reports.list.infiniteQueryOptions({ status: tab.status }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );

  if (!reports.data) {
    if (reports.isError) return <ServerError error={reports.error} className="mt-4" />;
    return (
      <div className="mt-4 rounded-2xl border border-stone-200 bg-white">
        <ListSkeleton label="Loading reports" />
      </div>
    );
  }
  const items = reports.data.pages.flatMap((page) => page.items);
  return (
    <>
      {items.length === 0 ? (
        <p className="mt-6 text-sm text-stone-600">{tab.empty}</p>
      ) : (
        <ul className="mt-4 space-y-4">
          {items.map((report) => (
            <li key={report.id}>
              <ReportCard report={report} onResolved={onResolved} />
            </li>
          ))}
        </ul>
      )}
      <ServerError error={reports.isFetchNextPageError ? reports.error : null} className="mt-4" />
      <LoadMoreButton list={reports} />
    </>
  );
}
