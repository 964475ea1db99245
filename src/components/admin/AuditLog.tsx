"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useId, type FormEvent } from "react";
import { useTRPC } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { ListSkeleton } from "../Skeleton";
import { fieldClass, labelClass } from "./admin-field-styles";
import { auditQueryString, type AuditFilter } from "./audit-filter";
import { AuditTable } from "./AuditTable";
import { LoadMoreButton } from "./LoadMoreButton";
import { ServerError } from "./ServerError";

/**
 * Every admin access and action, newest first. The filter lives in the URL (?adminId=, ?targetId=)
 * so a filtered view can be linked to, and the download exports exactly what is shown.
 */
export function AuditLog() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const adminFieldId = useId();
  const targetFieldId = useId();
  const filter: AuditFilter = { adminId: params.get("adminId")?.trim() || undefined, targetId: params.get("targetId")?.trim() || undefined };
  const entries = useInfiniteQuery(trpc.admin.audit.list.infiniteQueryOptions(filter, { getNextPageParam: (page) => page.nextCursor ?? undefined }));

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = { adminId: String(form.get("adminId") ?? "").trim(), targetId: String(form.get("targetId") ?? "").trim() };
    router.replace(`${pathname}${auditQueryString(next)}`);
  };

  const items = entries.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      {/* Keyed by the applied filter: a link to another filter shows its values in the fields. */}
      <form key={auditQueryString(filter)} role="search" aria-label="Audit log" onSubmit={apply} className="mt-4 flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">
          <label htmlFor={adminFieldId} className={labelClass}>
            Admin id
          </label>
          <input id={adminFieldId} name="adminId" defaultValue={filter.adminId ?? ""} maxLength={64} autoComplete="off" spellCheck={false} className={`${fieldClass} font-mono text-sm`} />
        </div>
        <div className="min-w-0 flex-1">
          <label htmlFor={targetFieldId} className={labelClass}>
            Target id
          </label>
          <input id={targetFieldId} name="targetId" defaultValue={filter.targetId ?? ""} maxLength={64} autoComplete="off" spellCheck={false} className={`${fieldClass} font-mono text-sm`} />
        </div>
        <div className="flex gap-2">
          <button type="submit" className={`${buttonClass("primary", "lg")} flex-1`}>
            Filter
          </button>
          {/* A plain link: the server streams the file as an attachment, with the same filter. */}
          <a href={`/api/admin/audit.csv${auditQueryString(filter)}`} className={`${buttonClass("secondary", "lg")} flex-1 whitespace-nowrap`}>
            Download CSV
          </a>
        </div>
      </form>

      {!entries.data ? (
        entries.isError ? (
          <ServerError error={entries.error} className="mt-4" />
        ) : (
          <div className="mt-4 rounded-2xl border border-stone-200 bg-white">
            <ListSkeleton label="Loading the audit log" />
          </div>
        )
      ) : items.length === 0 ? (
        <p className="mt-6 text-sm text-stone-600">No entries{filter.adminId || filter.targetId ? " match this filter" : " yet"}.</p>
      ) : (
        <AuditTable entries={items} />
      )}
      <ServerError error={entries.isFetchNextPageError ? entries.error : null} className="mt-4" />
      <LoadMoreButton list={entries} />
    </>
  );
}
