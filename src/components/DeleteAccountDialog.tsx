"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { expectSessionToEnd, useTRPC } from "@/lib/trpc";
import { useSignOut } from "@/lib/use-sign-out";
import { buttonClass } from "./button-styles";
import { Dialog } from "./ui/Dialog";

/**
 * Deleting the account asks for the password (someone at an unlocked computer can't do it), then
 * signs this browser out: every session has ended on the server already.
 */
export function DeleteAccountDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const signOut = useSignOut();
  const [password, setPassword] = useState("");
  const passwordId = useId();
  const remove = useMutation(
    trpc.user.deleteAccount.mutationOptions({
      onMutate: () => expectSessionToEnd(),
      onSuccess: () => signOut(),
      onError: () => expectSessionToEnd(false),
    }),
  );

  return (
    <Dialog
      title="Delete your account?"
      description="Your profile, photos and the text of your messages are erased, and upcoming bookings are cancelled. This can't be undone."
      onClose={onClose}
      testId="delete-account-dialog"
    >
      <form
        className="mt-4 space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          remove.mutate({ password });
        }}
      >
        <div>
          <label htmlFor={passwordId} className="block text-sm font-medium text-stone-700">
            Your password
          </label>
          <input
            id={passwordId}
            type="password"
            required
            maxLength={200}
            autoComplete="current-password"
            data-autofocus
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            className="mt-1 block w-full rounded-lg border border-stone-300 bg-white px-3 py-2 text-base text-stone-900 shadow-sm focus:border-brand-500"
          />
        </div>
        {remove.error && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
            {remove.error.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={onClose} className={buttonClass("secondary")}>
            Cancel
          </button>
          <button type="submit" disabled={remove.isPending || remove.isSuccess} className={buttonClass("danger")}>
            {remove.isPending || remove.isSuccess ? "Deleting…" : "Delete my account"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
