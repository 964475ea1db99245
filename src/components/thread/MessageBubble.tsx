import type { ReactNode } from "react";
import { formatTime } from "@/lib/format";
import { DELETED_MESSAGE_TEXT } from "@/shared/account-deletion";
import { REMOVED_MESSAGE_TEXT } from "@/shared/moderation";
import { BookingCard } from "../BookingCard";
import { LocalTime } from "../LocalTime";
import { LinkifiedText } from "./LinkifiedText";
import { MessageActions } from "./MessageActions";
import { PhotoGrid, type GridPhoto } from "./PhotoGrid";
import type { BubbleEntry } from "./thread-entry";

/**
 * One message in a group: its photos, its text (links live, any script's direction), the booking
 * it is about, and under it the time (last of the group only; screen readers hear every time) and
 * its receipt ("Seen 14:05", "Sent") where it has one, or, while it is on its way, where it stands.
 * Someone else's message has a menu to report it; mine says when contact details in it were
 * hidden. One Glow support removed is a muted line in its place, with nothing to open, follow or
 * report; so is one whose sender deleted their account (for Glow support too: nothing of it is left).
 *
 * Read-only (Glow support reading a conversation it is not part of): no menu, no booking card (it
 * fetches as a participant and links to a participant's page), text without live links (evidence
 * is read, not followed), and an annotation under the bubble saying how it differs from what the
 * participants saw.
 */
export function MessageBubble({
  entry,
  mine,
  last,
  offline,
  onOpenPhoto,
  onRetry,
  onDiscard,
  onEdit,
  senderName,
  onReport,
  readOnly = false,
  highlighted = false,
  annotation,
  receipt,
}: {
  entry: BubbleEntry;
  mine: boolean;
  /** The last of its group: it shows the time and the tail. */
  last: boolean;
  /** No network: a pending message waits for it rather than "sending". */
  offline: boolean;
  onOpenPhoto?: (index: number) => void;
  /** Required wherever the entry can be pending (the participant's own thread). */
  onRetry?: () => void;
  onDiscard?: () => void;
  /** Puts a refused message's text back in the composer (absent while sending is closed, or with photos). */
  onEdit?: () => void;
  senderName: string;
  /** Present on other people's messages: opens the report dialog. */
  onReport?: () => void;
  readOnly?: boolean;
  /** Picked out (the reported message, in the admin console). */
  highlighted?: boolean;
  /** Shown under the bubble. */
  annotation?: ReactNode;
  /** "Seen …" or "Sent", beside the time. */
  receipt?: ReactNode;
}) {
  const { message, pending } = entry;
  if (message?.deleted) return <RemovedBubble mine={mine} last={last} createdAt={message.createdAt} text={DELETED_MESSAGE_TEXT} kind="deleted" />;
  if (message?.removed && !readOnly) return <RemovedBubble mine={mine} last={last} createdAt={message.createdAt} text={REMOVED_MESSAGE_TEXT} kind="removed" />;
  const text = message?.text ?? pending!.text;
  const failed = pending?.status === "failed";
  const photos: GridPhoto[] = message
    ? message.attachments.map((a) => ({ key: a.id, thumbUrl: a.thumbUrl, width: a.width, height: a.height }))
    : pending!.photos.map((p) => ({ key: p.id, thumbUrl: p.previewUrl, width: p.width, height: p.height }));
  const tail = tailOf(mine, last);
  // A message on its way is a shade lighter (not faded: its text stays legible) and says where it stands.
  const colours = mine
    ? failed
      ? "bg-red-700 text-white"
      : `${pending ? "bg-brand-500" : "bg-brand-600"} text-white`
    : "border border-stone-200 bg-white text-stone-900";

  const content = (
    <>
      {photos.length > 0 && <PhotoGrid photos={photos} onOpen={message ? onOpenPhoto : undefined} dimmed={Boolean(pending) && !failed} />}
      {text && (
        <p
          dir="auto"
          className={`${photos.length ? "mt-0.5 " : ""}max-w-full whitespace-pre-wrap rounded-2xl px-3.5 py-2 text-[15px] leading-snug shadow-sm [overflow-wrap:anywhere] ${tail} ${colours}`}
        >
          {readOnly ? text : <LinkifiedText text={text} />}
        </p>
      )}
      {message?.bookingId && !readOnly && <BookingCard bookingId={message.bookingId} />}
    </>
  );

  return (
    <li
      className={`flex min-w-0 max-w-full flex-col ${mine ? "items-end" : "items-start"} ${highlighted ? "rounded-2xl bg-amber-50 p-1 ring-2 ring-amber-400" : ""}`}
      data-testid="message"
      data-status={pending ? pending.status : "sent"}
      data-highlighted={highlighted || undefined}
    >
      {onReport && !readOnly ? (
        <MessageActions senderName={senderName} onReport={onReport}>
          {content}
        </MessageActions>
      ) : (
        content
      )}
      {annotation}
      {mine && !readOnly && message?.contactDetailsHidden && (
        <p className="mt-0.5 max-w-full px-1 text-right text-xs text-stone-600" data-testid="contact-hidden-note">
          Contact details are hidden until a booking is confirmed, to keep you both protected.
        </p>
      )}
      {pending ? (
        <span className="mt-0.5 px-1 text-xs text-stone-600">
          {failed ? (
            <span className="text-red-700" role="alert">
              Not sent: {pending.error}{" "}
              <button type="button" onClick={onRetry} className="font-medium underline">
                Retry
              </button>{" "}
              ·{" "}
              <button type="button" onClick={onDiscard} className="font-medium underline">
                Delete
              </button>
              {onEdit && (
                <>
                  {" "}
                  ·{" "}
                  <button type="button" onClick={onEdit} className="font-medium underline">
                    Edit
                  </button>
                </>
              )}
            </span>
          ) : offline ? (
            "Waiting for network"
          ) : (
            "Sending…"
          )}
        </span>
      ) : receipt ? (
        <span className="mt-0.5 flex gap-1 px-1 text-[11px] text-stone-600">
          <BubbleTime date={message!.createdAt} last={last} bare />
          {last && <span aria-hidden>·</span>}
          {receipt}
        </span>
      ) : (
        <BubbleTime date={message!.createdAt} last={last} />
      )}
    </li>
  );
}

/** The last bubble of a group points at its sender's side. */
const tailOf = (mine: boolean, last: boolean) => (last ? (mine ? "rounded-br-md" : "rounded-bl-md") : "");

/** The time under the last bubble of a group; screen readers hear every one. Bare: in a line that is styled already. */
function BubbleTime({ date, last, bare = false }: { date: Date; last: boolean; bare?: boolean }) {
  return <LocalTime date={date} show={formatTime} className={!last ? "sr-only" : bare ? undefined : "mt-0.5 px-1 text-[11px] text-stone-600"} />;
}

/**
 * Where Glow support removed a message, or its sender deleted their account: the same place and
 * time, none of its content.
 */
function RemovedBubble({ mine, last, createdAt, text, kind }: { mine: boolean; last: boolean; createdAt: Date; text: string; kind: "removed" | "deleted" }) {
  return (
    <li
      className={`flex min-w-0 max-w-full flex-col ${mine ? "items-end" : "items-start"}`}
      data-testid="message"
      data-status="sent"
      data-removed={kind === "removed" || undefined}
      data-deleted={kind === "deleted" || undefined}
    >
      <p
        dir="auto"
        className={`max-w-full rounded-2xl border border-stone-200 bg-stone-100 px-3.5 py-2 text-[15px] italic leading-snug text-stone-600 ${tailOf(mine, last)}`}
      >
        {text}
      </p>
      <BubbleTime date={createdAt} last={last} />
    </li>
  );
}
