"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { buttonClass } from "../button-styles";
import { Dialog } from "../ui/Dialog";
import { AuditReasonField } from "./AuditReasonField";
import { ServerError } from "./ServerError";

/**
 * Deleting someone's account is what they could do themselves from their account page, and can't
 * be undone: it asks for a reason the audit trail keeps.
 */
export function UserDeleteDialog({ user, onDone, onClose }: { user: { id: string; name: string }; onDone: () => Promise<unknown>; onClose: () => void }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const remove = useMutation(
    trpc.admin.users.delete.mutationOptions({
      onSuccess: async () => {
        onClose();
        await onDone();
      },
    }),
  );

  return (
    <Dialog
      title={`Delete ${user.name}'s account`}
      description="They are signed out everywhere; their profile, photos and the text of their messages are erased and upcoming bookings cancelled. Reports and the audit trail are kept. This can't be undone."
      onClose={onClose}
      testId="delete-user-dialog"
    >
      <form
        className="mt-4 space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          remove.mutate({ userId: user.id, reason });
        }}
      >
        <AuditReasonField value={reason} onChange={setReason} example="the request's reference, or why" />
        <ServerError error={remove.error} />
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className={buttonClass("secondary")}>
            Cancel
          </button>
          <button type="submit" disabled={remove.isPending} className={buttonClass("danger")}>
            {remove.isPending ? "Deleting…" : "Delete account"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
