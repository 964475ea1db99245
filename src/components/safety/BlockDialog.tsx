"use client";

import { useBlocking } from "@/lib/use-blocking";
import { buttonClass } from "../button-styles";
import { Dialog } from "../ui/Dialog";

/**
 * Confirms a block and says what it does and does not do: a confirmed booking goes on (it has to be
 * cancelled from the booking), so nobody believes a block got them out of an appointment.
 */
export function BlockDialog({ person, onClose }: { person: { id: string; name: string }; onClose: () => void }) {
  const { block } = useBlocking();
  return (
    <Dialog
      title={`Block ${person.name}?`}
      testId="block-dialog"
      onClose={onClose}
      description={
        <>
          <p>You won&apos;t be able to message each other or book with each other. Your conversation so far stays visible to both of you.</p>
          <p>
            <strong className="font-semibold text-stone-900">A confirmed booking is not cancelled by blocking.</strong> If you don&apos;t want it
            to go ahead, cancel it from the booking.
          </p>
          <p>You can unblock them later from this conversation or your account page.</p>
        </>
      }
    >
      {block.error && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          {block.error.message}
        </p>
      )}
      <div className="mt-5 flex justify-end gap-2">
        <button type="button" data-autofocus onClick={onClose} className={buttonClass("secondary")}>
          Cancel
        </button>
        <button
          type="button"
          disabled={block.isPending}
          onClick={() => block.mutate({ userId: person.id }, { onSuccess: onClose })}
          className={buttonClass("danger")}
        >
          {block.isPending ? "Blocking…" : "Block"}
        </button>
      </div>
    </Dialog>
  );
}
