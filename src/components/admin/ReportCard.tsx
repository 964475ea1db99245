"use client";

import { formatBookingTime } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";
import { LocalTime } from "../LocalTime";
import { ReportContext } from "./ReportContext";
import { RESOLUTION_LABELS, ReportResolveForm } from "./ReportResolveForm";

export type QueuedReport = RouterOutputs["admin"]["reports"]["list"]["items"][number];

/** The reasons as the reporter chose them (ReportDialog's words); AUTOMATIC is the keyword filter's. */
const REASON_LABELS: Record<QueuedReport["reason"], string> = {
  HARASSMENT: "Harassment",
  SPAM: "Spam",
  OFF_PLATFORM_PAYMENT: "Asking to pay outside Glow",
  INAPPROPRIATE_PHOTO: "Inappropriate photo",
  OTHER: "Something else",
  AUTOMATIC: "Keyword filter match",
};

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** One report: what was said and by whom, the decision for an open one, the record of a resolved one. */
export function ReportCard({ report, onResolved }: { report: QueuedReport; onResolved: () => void }) {
  const reporter = report.reason === "AUTOMATIC" ? "Keyword filter" : (report.reporter?.name ?? "A deleted account");
  return (
    <article data-testid="report" aria-labelledby={`report-${report.id}`} className="rounded-2xl border border-stone-200 bg-white p-4 shadow-sm">
      <header className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
        <h2 id={`report-${report.id}`} className="font-semibold">
          {REASON_LABELS[report.reason]}
        </h2>
        <LocalTime date={report.createdAt} show={formatBookingTime} className="text-xs text-stone-600" />
      </header>

      <dl className="mt-3 grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[9rem_1fr]">
        <dt className="text-stone-600">Reported by</dt>
        <dd dir="auto" className="min-w-0 break-words">
          {reporter}
          {report.reporter && report.reason !== "AUTOMATIC" && <span className="text-stone-600"> · {report.reporter.email}</span>}
        </dd>
        <dt className="text-stone-600">Reported person</dt>
        <dd className="min-w-0 break-words">
          {report.reportedUser ? (
            <>
              <span dir="auto" className="font-medium">
                {report.reportedUser.name}
              </span>{" "}
              <span className="text-stone-600">{report.reportedUser.email}</span>{" "}
              {report.reportedUser.suspended && (
                <span className="ml-1 rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">Suspended</span>
              )}
              <span className="block text-xs text-stone-600">{plural(report.openReportsAgainstUser, "open report")} against them</span>
            </>
          ) : (
            <span className="text-stone-600">A deleted account</span>
          )}
        </dd>
        {report.note && (
          <>
            <dt className="text-stone-600">Note</dt>
            <dd dir="auto" className="min-w-0 whitespace-pre-wrap break-words">
              {report.note}
            </dd>
          </>
        )}
      </dl>

      {report.messageSnapshot && <ReportedMessage snapshot={report.messageSnapshot} removed={report.messageRemoved} />}

      {report.conversationId && <ReportContext reportId={report.id} conversationId={report.conversationId} />}

      {report.status === "OPEN" ? (
        <ReportResolveForm report={report} onResolved={onResolved} />
      ) : (
        <section aria-label="Resolution" className="mt-4 rounded-xl bg-stone-50 p-3 text-sm">
          <p className="font-medium">{report.resolution ? RESOLUTION_LABELS[report.resolution] : "Resolved"}</p>
          {report.resolutionNote && (
            <p dir="auto" className="mt-1 whitespace-pre-wrap break-words">
              {report.resolutionNote}
            </p>
          )}
          <p className="mt-1 text-xs text-stone-600">
            By {report.resolvedBy?.name ?? "a former admin"}
            {report.resolvedAt && (
              <>
                {" · "}
                <LocalTime date={report.resolvedAt} show={formatBookingTime} />
              </>
            )}
          </p>
        </section>
      )}
    </article>
  );
}

/** The message as it was when reported: what the other person read, and what was written when that differs. */
function ReportedMessage({ snapshot, removed }: { snapshot: NonNullable<QueuedReport["messageSnapshot"]>; removed: boolean }) {
  return (
    <figure className="mt-3 rounded-xl border border-stone-200 bg-stone-50 p-3 text-sm">
      <figcaption className="flex flex-wrap items-center gap-x-2 text-xs text-stone-600">
        <span dir="auto">{snapshot.senderName ?? "Glow"}</span>
        <span>·</span>
        <LocalTime date={new Date(snapshot.createdAt)} show={formatBookingTime} />
        {removed && <span className="rounded-full bg-stone-800 px-2 py-0.5 font-medium text-white">Removed</span>}
      </figcaption>
      {snapshot.text && (
        <blockquote dir="auto" className="mt-1 whitespace-pre-wrap break-words">
          {snapshot.text}
        </blockquote>
      )}
      {snapshot.originalText !== null && snapshot.originalText !== snapshot.text && (
        <div className="mt-2 border-t border-stone-200 pt-2">
          <p className="text-xs font-medium text-stone-600">As written</p>
          <blockquote dir="auto" className="whitespace-pre-wrap break-words">
            {snapshot.originalText}
          </blockquote>
        </div>
      )}
      {snapshot.photos.length > 0 && <p className="mt-1 text-xs text-stone-600">{plural(snapshot.photos.length, "photo")}</p>}
    </figure>
  );
}
