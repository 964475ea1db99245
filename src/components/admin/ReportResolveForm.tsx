"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC, type RouterInputs } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { fieldClass, labelClass } from "./admin-field-styles";
import type { QueuedReport } from "./ReportCard";
import { ServerError } from "./ServerError";
import { SuspensionDaysField, suspensionDaysOf } from "./SuspensionDaysField";

type Resolution = RouterInputs["admin"]["reports"]["resolve"]["action"];

/** What each decision is called, in the form and in the record of resolved reports. */
export const RESOLUTION_LABELS: Record<Resolution, string> = {
  DISMISS: "Dismiss",
  REMOVE_MESSAGE: "Remove the message",
  WARN_USER: "Warn the person",
  SUSPEND_USER: "Suspend the person",
};

/**
 * The decision on an open report, with a note the record keeps. Dismissing is the default: the
 * choice that changes nothing for anyone if made by mistake. On success the queue is refetched,
 * so the report leaves it (with any other report of the same removed message).
 */
export function ReportResolveForm({ report, onResolved }: { report: QueuedReport; onResolved: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [action, setAction] = useState<Resolution>("DISMISS");
  const [note, setNote] = useState("");
  const [days, setDays] = useState("");
  const actionId = useId();
  const noteId = useId();
  const resolve = useMutation(
    trpc.admin.reports.resolve.mutationOptions({
      onSuccess: async () => {
        onResolved();
        // The person's standing and counts show on other pages too.
        await Promise.all([
          queryClient.invalidateQueries(trpc.admin.reports.list.pathFilter()),
          queryClient.invalidateQueries(trpc.admin.stats.pathFilter()),
          queryClient.invalidateQueries(trpc.admin.users.pathFilter()),
        ]);
      },
    }),
  );
  const actions = (Object.keys(RESOLUTION_LABELS) as Resolution[]).filter((a) => a !== "REMOVE_MESSAGE" || report.messageId);

  return (
    <form
      aria-label="Resolve the report"
      className="mt-4 space-y-3 border-t border-stone-100 pt-4"
      onSubmit={(event) => {
        event.preventDefault();
        resolve.mutate({ id: report.id, action, note, suspendDays: action === "SUSPEND_USER" ? suspensionDaysOf(days) : undefined });
      }}
    >
      <div>
        <label htmlFor={actionId} className={labelClass}>
          Action
        </label>
        <select id={actionId} value={action} onChange={(event) => setAction(event.target.value as Resolution)} className={`${fieldClass} sm:max-w-xs`}>
          {actions.map((a) => (
            <option key={a} value={a}>
              {RESOLUTION_LABELS[a]}
            </option>
          ))}
        </select>
      </div>
      {action === "SUSPEND_USER" && <SuspensionDaysField value={days} onChange={setDays} />}
      <div>
        <label htmlFor={noteId} className={labelClass}>
          Note
        </label>
        <textarea
          id={noteId}
          required
          maxLength={1000}
          rows={2}
          dir="auto"
          value={note}
          onChange={(event) => setNote(event.target.value)}
          placeholder="What you decided and why (kept in the record)"
          className={`${fieldClass} resize-y`}
        />
      </div>
      <ServerError error={resolve.error} />
      <div className="flex justify-end">
        <button type="submit" disabled={resolve.isPending} className={`${buttonClass(action === "DISMISS" ? "primary" : "danger")} w-full sm:w-auto`}>
          {resolve.isPending ? "Resolving…" : "Resolve"}
        </button>
      </div>
    </form>
  );
}
