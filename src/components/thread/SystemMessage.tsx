import Link from "next/link";
import type { ReactNode } from "react";
import { formatTime } from "@/lib/format";
import type { Message } from "@/lib/trpc";
import { LocalTime } from "../LocalTime";

/**
 * A note from the app in the stream ("Booking confirmed: …"): a centred line, linking to its
 * booking. Read-only (Glow support) it links nowhere (the booking page is a participant's) and may
 * carry an annotation under it.
 */
export function SystemMessage({
  message,
  readOnly = false,
  highlighted = false,
  annotation,
}: {
  message: Message;
  readOnly?: boolean;
  highlighted?: boolean;
  annotation?: ReactNode;
}) {
  return (
    <li
      className={`my-3 flex flex-col items-center ${highlighted ? "rounded-2xl bg-amber-50 p-1 ring-2 ring-amber-400" : ""}`}
      data-testid="system-message"
      data-highlighted={highlighted || undefined}
    >
      <p dir="auto" className="max-w-[90%] rounded-2xl bg-stone-100 px-3 py-1.5 text-center text-xs text-stone-700">
        {message.bookingId && !readOnly ? (
          <Link href={`/bookings/${message.bookingId}`} className="font-medium text-stone-800 underline underline-offset-2">
            {message.text}
          </Link>
        ) : (
          message.text
        )}{" "}
        · <LocalTime date={message.createdAt} show={formatTime} />
      </p>
      {annotation}
    </li>
  );
}
