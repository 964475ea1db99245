import Link from "next/link";
import { timeOfDay } from "@/lib/format-time";
import type { PendingMessage } from "@/lib/thread-state";
import type { Message } from "@/lib/trpc";
import { BookingCard } from "./BookingCard";
import { PhotoGrid, type GridPhoto } from "./PhotoGrid";

type BubbleProps =
  | { message: Message; mine: boolean; onOpenPhoto?: (index: number) => void; pending?: undefined; onRetry?: undefined; onDiscard?: undefined }
  | { pending: PendingMessage; mine: true; message?: undefined; onOpenPhoto?: undefined; onRetry: () => void; onDiscard: () => void };

/** One message. SYSTEM messages are a centred note, not a bubble. */
export function MessageBubble(props: BubbleProps) {
  if (props.message?.kind === "SYSTEM") {
    return (
      <li className="my-3 flex justify-center" data-testid="system-message">
        <p className="max-w-[85%] rounded-2xl bg-stone-100 px-3 py-1.5 text-center text-xs text-stone-600">
          {props.message.bookingId ? (
            <Link href={`/bookings/${props.message.bookingId}`} className="font-medium text-stone-700 underline-offset-2 hover:underline">
              {props.message.text}
            </Link>
          ) : (
            props.message.text
          )}{" "}
          · <time dateTime={props.message.createdAt.toISOString()}>{timeOfDay(props.message.createdAt)}</time>
        </p>
      </li>
    );
  }
  const text = props.message?.text ?? props.pending!.text;
  const createdAt = props.message?.createdAt ?? props.pending!.createdAt;
  const failed = props.pending?.status === "failed";
  const photos: GridPhoto[] = props.message
    ? props.message.attachments.map((a) => ({ key: a.id, thumbUrl: a.thumbUrl, width: a.width, height: a.height }))
    : props.pending!.photos.map((p) => ({ key: p.id, thumbUrl: p.previewUrl, width: p.width, height: p.height }));
  return (
    <li
      className={`my-1 flex ${props.mine ? "justify-end" : "justify-start"}`}
      data-testid="message"
      data-status={props.pending ? props.pending.status : "sent"}
    >
      <div className={`flex max-w-[80%] flex-col ${props.mine ? "items-end" : "items-start"}`}>
        {photos.length > 0 && <PhotoGrid photos={photos} onOpen={props.onOpenPhoto} dimmed={Boolean(props.pending) && !failed} />}
        {text && (
        <p
          className={`${photos.length ? "mt-1 " : ""}whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-[15px] leading-snug shadow-sm ${
            props.mine
              ? `rounded-br-md bg-brand-600 text-white ${props.pending && !failed ? "opacity-70" : ""} ${failed ? "bg-red-700" : ""}`
              : "rounded-bl-md border border-stone-200 bg-white text-stone-900"
          }`}
        >
          {text}
        </p>
        )}
        {props.message?.bookingId && <BookingCard bookingId={props.message.bookingId} />}
        <span className="mt-0.5 px-1 text-[11px] text-stone-500">
          {props.pending ? (
            failed ? (
              <span className="text-red-700" role="alert">
                Not sent: {props.pending.error}{" "}
                <button type="button" onClick={props.onRetry} className="font-medium underline">
                  Retry
                </button>{" "}
                ·{" "}
                <button type="button" onClick={props.onDiscard} className="font-medium underline">
                  Delete
                </button>
              </span>
            ) : (
              "Sending…"
            )
          ) : (
            <time dateTime={createdAt.toISOString()}>{timeOfDay(createdAt)}</time>
          )}
        </span>
      </div>
    </li>
  );
}
