"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { Dialog } from "../ui/Dialog";
import { AuditReasonField } from "./AuditReasonField";
import { ServerError } from "./ServerError";
import { SuspensionDaysField, suspensionDaysOf } from "./SuspensionDaysField";

/**
 * Suspending someone signs them out everywhere at once, so it asks for a reason the audit trail
 * keeps and, optionally, how many days.
 */
export function UserSuspendDialog({ user, onDone, onClose }: { user: { id: string; name: string }; onDone: () => Promise<unknown>; onClose: () => void }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const [days, setDays] = useState("");
  const suspend = useMutation(
    trpc.admin.users.suspend.mutationOptions({
      onSuccess: async () => {
        onClose();
        await onDone();
      },
    }),
  );

  return (
    <Dialog title={`Suspend ${user.name}`} description="They are signed out on every device and can't sign in until the suspension ends." onClose={onClose} testId="suspend-dialog">
      <form
        className="mt-4 space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          suspend.mutate({ userId: user.id, reason, days: suspensionDaysOf(days) });
        }}
      >
        <AuditReasonField value={reason} onChange={setReason} example="a report number, or why" />
        <SuspensionDaysField value={days} onChange={setDays} />
        <ServerError error={suspend.error} />
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className={buttonClass("secondary")}>
            Cancel
          </button>
          <button type="submit" disabled={suspend.isPending} className={buttonClass("danger")}>
            {suspend.isPending ? "Suspending…" : "Suspend"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
