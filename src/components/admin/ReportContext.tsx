"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPCClient } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { ReadOnlyThread } from "./ReadOnlyThread";
import { ServerError } from "./ServerError";

/**
 * The reported message among its neighbours, read only when asked for. Each reading goes into the
 * audit trail, so it is fetched as a one-off request (a mutation to the query cache: never
 * refetched on focus, never kept on the device) rather than as a query.
 */
export function ReportContext({ reportId, conversationId }: { reportId: string; conversationId: string }) {
  const client = useTRPCClient();
  const context = useMutation({ mutationFn: () => client.admin.reports.context.query({ id: reportId }) });
  const [shown, setShown] = useState(false);

  return (
    <section aria-label="Conversation" className="mt-3">
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          aria-expanded={shown}
          disabled={context.isPending}
          onClick={() => {
            if (!shown && !context.data) context.mutate();
            setShown(!shown);
          }}
          className={buttonClass("secondary", "sm")}
        >
          {context.isPending ? "Loading…" : shown ? "Hide context" : "Show in context"}
        </button>
        <Link href={`/admin/conversations/${conversationId}`} className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline">
          Open conversation
        </Link>
      </div>
      {shown && (
        <div className="mt-2">
          <ServerError error={context.error} />
          {context.data &&
            (context.data.conversation ? (
              <div className="max-h-96 overflow-y-auto rounded-xl border border-stone-200 p-2">
                <ReadOnlyThread conversation={context.data.conversation} items={context.data.items} highlightSeq={context.data.reportedSeq} />
              </div>
            ) : (
              <p className="text-sm text-stone-600">The conversation no longer exists.</p>
            ))}
        </div>
      )}
    </section>
  );
}
