"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC, type Booking, type BookingAction } from "@/lib/trpc";

const LABEL: Record<BookingAction, string> = {
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

/** The transitions this viewer may make, as buttons; the server decides which they are. */
export function BookingActions({ booking, size = "md" }: { booking: Booking; size?: "sm" | "md" }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const transition = useMutation(
    trpc.booking.transition.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.booking.pathKey() }),
    }),
  );
  if (booking.actions.length === 0) return null;
  const pad = size === "sm" ? "px-2.5 py-1 text-xs" : "px-3.5 py-2 text-sm";
  return (
    <div className="flex flex-wrap items-center gap-2">
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
          className={`rounded-lg font-medium disabled:opacity-50 ${pad} ${
            to === "CONFIRMED" || to === "COMPLETED"
              ? "bg-brand-600 text-white hover:bg-brand-700"
              : "border border-stone-300 bg-white text-stone-800 hover:bg-stone-100"
          }`}
        >
          {LABEL[to]}
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
