"use client";

import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import { formatBookingTime } from "@/lib/format";
import type { RouterOutputs } from "@/lib/trpc";
import { LocalTime } from "../LocalTime";
import { auditQueryString } from "./audit-filter";

type AuditEntry = RouterOutputs["admin"]["audit"]["list"]["items"][number];

const COLUMNS = ["Time", "Admin", "Action", "Target", "Reason", "IP", "User agent"] as const;

/**
 * One table at every width: a grid of rows on a desktop, a card per entry on a phone, where each
 * cell brings its own heading (the table's header row is left out there). Admins and targets link
 * to the log filtered by them.
 */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <table className="mt-4 block w-full text-sm md:table md:rounded-2xl md:border md:border-stone-200 md:bg-white">
      <thead className="hidden md:table-header-group">
        <tr className="border-b border-stone-200 text-left text-xs uppercase tracking-wide text-stone-600">
          {COLUMNS.map((column) => (
            <th key={column} scope="col" className="px-3 py-2 font-medium">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="block space-y-3 md:table-row-group md:space-y-0">
        {entries.map((entry) => (
          <tr
            key={entry.id}
            data-testid="audit-entry"
            className="block rounded-2xl border border-stone-200 bg-white p-3 md:table-row md:rounded-none md:border-0 md:border-b md:p-0 md:last:border-b-0"
          >
            <Cell heading="Time">
              <LocalTime date={entry.createdAt} show={formatBookingTime} className="whitespace-nowrap" />
            </Cell>
            <Cell heading="Admin">
              <Link href={`/admin/audit${auditQueryString({ adminId: entry.adminId })}`} className="text-brand-700 [overflow-wrap:anywhere] hover:underline">
                {entry.adminEmail}
              </Link>
            </Cell>
            <Cell heading="Action">
              <code className="break-words">{breakableAtDots(entry.action)}</code>
            </Cell>
            <Cell heading="Target">
              {entry.targetType}{" "}
              {entry.targetId && (
                <Link href={`/admin/audit${auditQueryString({ targetId: entry.targetId })}`} className="font-mono text-xs text-brand-700 [overflow-wrap:anywhere] hover:underline">
                  {entry.targetId}
                </Link>
              )}
            </Cell>
            <Cell heading="Reason">
              <span dir="auto" className="break-words">
                {entry.reason ?? "—"}
              </span>
            </Cell>
            <Cell heading="IP">
              <span className="break-words font-mono text-xs">{entry.ip ?? "—"}</span>
            </Cell>
            <Cell heading="User agent">
              <span className="break-all text-xs text-stone-600 md:line-clamp-2 md:w-44" title={entry.userAgent ?? undefined}>
                {entry.userAgent ?? "—"}
              </span>
            </Cell>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "report.resolve.suspend_user" may wrap after a dot in a narrow column, never inside a word. */
function breakableAtDots(action: string): ReactNode {
  return action.split(".").map((part, i) => (
    <Fragment key={i}>
      {i > 0 && (
        <>
          .<wbr />
        </>
      )}
      {part}
    </Fragment>
  ));
}

function Cell({ heading, children }: { heading: string; children: ReactNode }) {
  return (
    <td className="flex gap-3 py-0.5 align-top md:table-cell md:px-3 md:py-2">
      <span className="w-24 shrink-0 text-xs text-stone-600 md:hidden">
        {heading}
      </span>
      <span className="min-w-0">{children}</span>
    </td>
  );
}
