"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Fragment, useEffect, useLayoutEffect, useRef, useState } from "react";
import { bookingTime, dayLabel, sameDay } from "@/lib/format-time";
import { useTRPC } from "@/lib/trpc";
import { useThread } from "@/lib/use-thread";
import { Avatar } from "./Avatar";
import { BookingStatusBadge } from "./BookingStatusBadge";
import { Composer, type ComposerHandle } from "./Composer";
import { Lightbox, type LightboxPhoto } from "./Lightbox";
import { MessageBubble } from "./MessageBubble";

const NEAR_BOTTOM_PX = 120;

/** A conversation: header, history (older pages load on scroll up, without a jump), live messages, composer. */
export function Thread({
  conversationId,
  meId,
  backHref,
  headerAction,
}: {
  conversationId: string;
  meId: string;
  backHref?: string;
  /** Rendered at the end of the header (the drawer's close button). */
  headerAction?: React.ReactNode;
}) {
  const trpc = useTRPC();
  const conversation = useQuery(trpc.conversation.byId.queryOptions({ id: conversationId }));
  const openBookings = useQuery(trpc.booking.openInConversation.queryOptions({ conversationId }));
  const thread = useThread(conversationId);
  const scroller = useRef<HTMLDivElement>(null);
  const topSentinel = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const previous = useRef<{ oldestSeq: number; height: number } | null>(null);
  const composer = useRef<ComposerHandle>(null);
  const [lightbox, setLightbox] = useState<{ photos: LightboxPhoto[]; index: number } | null>(null);
  const [dropping, setDropping] = useState(false);

  const oldestSeq = thread.messages[0]?.seq ?? 0;
  const newestSeq = thread.messages.at(-1)?.seq ?? 0;
  const lastIsMine = thread.pending.length > 0 || thread.messages.at(-1)?.senderId === meId;

  // Keep the view still when older messages are added above; follow new ones when at the bottom.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const before = previous.current;
    if (before && oldestSeq < before.oldestSeq && before.oldestSeq !== 0) {
      el.scrollTop += el.scrollHeight - before.height;
    } else if (atBottom.current || lastIsMine) {
      el.scrollTop = el.scrollHeight;
    }
    previous.current = { oldestSeq, height: el.scrollHeight };
  }, [oldestSeq, newestSeq, thread.pending.length, lastIsMine]);

  const { loadOlder, markSeen, olderBeforeSeq } = thread;
  useEffect(() => {
    const sentinel = topSentinel.current;
    if (!sentinel || olderBeforeSeq === null) return;
    const observer = new IntersectionObserver((entries) => entries[0]?.isIntersecting && void loadOlder(), {
      root: scroller.current,
      rootMargin: "200px 0px 0px 0px",
    });
    observer.observe(sentinel);
    return () => observer.disconnect();
  }, [loadOlder, olderBeforeSeq]);

  useEffect(() => {
    if (atBottom.current) markSeen();
    const onVisible = () => atBottom.current && markSeen();
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [markSeen]);

  const other = conversation.data?.participant;
  const notFound = thread.loadError ?? (conversation.error?.data?.code === "NOT_FOUND" ? conversation.error.message : null);
  if (notFound) {
    return (
      <div className="flex flex-1 flex-col items-center justify-center gap-3 p-6 text-center">
        <p role="alert" className="text-stone-700">{notFound}</p>
        <Link href="/messages" className="font-medium text-brand-700 underline">
          Back to messages
        </Link>
      </div>
    );
  }

  return (
    <section
      aria-label={other ? `Conversation with ${other.name}` : "Conversation"}
      className={`relative flex min-h-0 flex-1 flex-col bg-stone-50 ${dropping ? "ring-2 ring-inset ring-brand-500" : ""}`}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes("Files")) return;
        event.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={(event) => {
        if (!event.dataTransfer.files.length) return;
        event.preventDefault();
        setDropping(false);
        composer.current?.addFiles([...event.dataTransfer.files]);
      }}
    >
      <header className="flex items-center gap-3 border-b border-stone-200 bg-white px-3 py-2.5">
        {backHref && (
          <Link href={backHref} className="rounded-md px-2 py-1 text-sm text-stone-600 hover:bg-stone-100 md:hidden" aria-label="Back to conversations">
            ←
          </Link>
        )}
        {other && <Avatar name={other.name} size="sm" />}
        <div className="min-w-0">
          <h2 className="truncate font-semibold" data-testid="thread-title">{other?.name ?? " "}</h2>
          {other && <p className="text-xs text-stone-500">{other.role === "ARTIST" ? "Artist" : "Customer"}</p>}
        </div>
        {headerAction && <div className="ml-auto">{headerAction}</div>}
      </header>
      {openBookings.data && openBookings.data.length > 0 && (
        <nav aria-label="Open bookings" className="flex gap-2 overflow-x-auto border-b border-stone-200 bg-white px-3 py-2" data-testid="open-bookings">
          {openBookings.data.map((b) => (
            <Link
              key={b.id}
              href={`/bookings/${b.id}`}
              className="flex shrink-0 items-center gap-2 rounded-full border border-stone-200 px-3 py-1 text-xs hover:border-brand-500"
            >
              <BookingStatusBadge status={b.status} />
              <span className="font-medium">{b.service.name}</span>
              <span className="text-stone-500">{bookingTime(b.startsAt)}</span>
            </Link>
          ))}
        </nav>
      )}
      <div
        ref={scroller}
        className="min-h-0 flex-1 overflow-y-auto px-3 py-3 sm:px-5"
        onScroll={(event) => {
          const el = event.currentTarget;
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
          if (atBottom.current) markSeen();
        }}
      >
        <div ref={topSentinel} aria-hidden className="h-px" />
        {thread.olderBeforeSeq !== null && <p className="py-2 text-center text-xs text-stone-500">Loading earlier messages…</p>}
        {!thread.loaded && (
          <p className="py-8 text-center text-sm text-stone-500">
            {thread.offlineLoad ? "You are offline. Earlier messages appear when you are back; what you write is sent then." : "Loading messages…"}
          </p>
        )}
        {thread.loaded && thread.messages.length === 0 && thread.pending.length === 0 && (
          <p className="py-8 text-center text-sm text-stone-500">No messages yet. Say hello{other ? ` to ${other.name}` : ""}!</p>
        )}
        <ol role="log" aria-live="polite" aria-label="Messages" className="flex flex-col">
          {thread.messages.map((message, i) => {
            const prev = thread.messages[i - 1];
            const newDay = !prev || !sameDay(prev.createdAt, message.createdAt);
            return (
              <Fragment key={message.id}>
                {newDay && <DaySeparator date={message.createdAt} />}
                <MessageBubble
                  message={message}
                  mine={message.senderId === meId}
                  onOpenPhoto={message.attachments.length ? (index) => setLightbox({ photos: message.attachments, index }) : undefined}
                />
              </Fragment>
            );
          })}
          {thread.pending.map((pending) => (
            <MessageBubble
              key={pending.clientId}
              pending={pending}
              mine
              onRetry={() => thread.retry(pending.clientId)}
              onDiscard={() => thread.discard(pending.clientId)}
            />
          ))}
        </ol>
      </div>
      <Composer ref={composer} conversationId={conversationId} onSend={thread.send} />
      {lightbox && <Lightbox photos={lightbox.photos} start={lightbox.index} onClose={() => setLightbox(null)} />}
    </section>
  );
}

function DaySeparator({ date }: { date: Date }) {
  return (
    <li className="my-3 flex items-center gap-3 text-xs font-medium text-stone-500" role="separator">
      <span className="h-px flex-1 bg-stone-200" />
      {dayLabel(date)}
      <span className="h-px flex-1 bg-stone-200" />
    </li>
  );
}
