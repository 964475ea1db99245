"use client";

import { MIN_REASON_LENGTH } from "@/shared/moderation";
import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { Dialog } from "../ui/Dialog";
import { fieldClass, hintClass, labelClass } from "./admin-field-styles";
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
  const reasonId = useId();
  const hintId = useId();
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
        <div>
          <label htmlFor={reasonId} className={labelClass}>
            Reason
          </label>
          <textarea
            id={reasonId}
            required
            minLength={MIN_REASON_LENGTH}
            maxLength={500}
            rows={3}
            dir="auto"
            data-autofocus
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            aria-describedby={hintId}
            className={`${fieldClass} resize-y`}
          />
          <p id={hintId} className={hintClass}>
            At least {MIN_REASON_LENGTH} characters: a report number, or why. The audit trail keeps it.
          </p>
        </div>
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
