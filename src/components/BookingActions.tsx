"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { BookingStatus } from "@/generated/prisma/enums";
import { useTRPC, type Booking, type BookingAction } from "@/lib/trpc";
import { buttonClass } from "./button-styles";

/** One button per action the server allows, always with the same words. */
const ACTION_LABEL: Record<BookingAction, string> = {
  CONFIRMED: "Confirm",
  DECLINED: "Decline",
  COMPLETED: "Mark completed",
  CANCELLED: "Cancel booking",
};

/** Asked before acting, because these cannot be undone. */
const CONFIRM_QUESTION: Partial<Record<BookingAction, string>> = {
  DECLINED: "Decline this booking request?",
  CANCELLED: "Cancel this booking? The other person is told in your conversation.",
};

const PRIMARY: ReadonlySet<BookingAction> = new Set([BookingStatus.CONFIRMED, BookingStatus.COMPLETED]);

/**
 * Exactly the transitions this viewer may make now (`booking.actions`, decided by the server), as
 * buttons: nothing added, nothing hidden.
 */
export function BookingActions({ booking, size = "md" }: { booking: Booking; size?: "sm" | "md" }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const transition = useMutation(
    trpc.booking.transition.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.booking.pathKey() }),
    }),
  );
  if (booking.actions.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="booking-actions">
      {booking.actions.map((to) => (
        <button
          key={to}
          type="button"
          disabled={transition.isPending}
          onClick={() => {
            const question = CONFIRM_QUESTION[to];
            if (question && !window.confirm(question)) return;
            transition.mutate({ id: booking.id, to });
          }}
          className={buttonClass(PRIMARY.has(to) ? "primary" : "secondary", size)}
        >
          {ACTION_LABEL[to]}
        </button>
      ))}
      {transition.isError && (
        <p role="alert" className="w-full text-sm text-red-700">
          {transition.error.message}
        </p>
      )}
    </div>
  );
}
