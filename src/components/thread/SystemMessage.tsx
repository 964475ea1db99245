import Link from "next/link";
import { formatTime } from "@/lib/format";
import type { Message } from "@/lib/trpc";
import { LocalTime } from "../LocalTime";

/** A note from the app in the stream ("Booking confirmed: …"): a centred line, linking to its booking. */
export function SystemMessage({ message }: { message: Message }) {
  return (
    <li className="my-3 flex justify-center" data-testid="system-message">
      <p dir="auto" className="max-w-[90%] rounded-2xl bg-stone-100 px-3 py-1.5 text-center text-xs text-stone-700">
        {message.bookingId ? (
          <Link href={`/bookings/${message.bookingId}`} className="font-medium text-stone-800 underline underline-offset-2">
            {message.text}
          </Link>
        ) : (
          message.text
        )}{" "}
        · <LocalTime date={message.createdAt} show={formatTime} />
      </p>
    </li>
  );
}
