import type { BookingStatus } from "@/generated/prisma/enums";

const STYLE: Record<BookingStatus, string> = {
  PENDING: "bg-amber-100 text-amber-900",
  CONFIRMED: "bg-emerald-100 text-emerald-900",
  DECLINED: "bg-stone-200 text-stone-700",
  CANCELLED: "bg-stone-200 text-stone-700",
  COMPLETED: "bg-sky-100 text-sky-900",
};

export const STATUS_LABEL: Record<BookingStatus, string> = {
  PENDING: "Requested",
  CONFIRMED: "Confirmed",
  DECLINED: "Declined",
  CANCELLED: "Cancelled",
  COMPLETED: "Completed",
};

export function BookingStatusBadge({ status }: { status: BookingStatus }) {
  return (
    <span className={`inline-block shrink-0 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ${STYLE[status]}`} data-testid="booking-status">
      {STATUS_LABEL[status]}
    </span>
  );
}
