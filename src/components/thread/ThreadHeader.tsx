"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Role } from "@/generated/prisma/enums";
import type { OtherPresence } from "@/lib/conversation-live";
import { formatBookingTime } from "@/lib/format";
import { useTRPC, type RouterOutputs } from "@/lib/trpc";
import { Avatar } from "../Avatar";
import { BookingStatusBadge } from "../BookingStatusBadge";
import { LocalTime } from "../LocalTime";
import { PersonMenu } from "../safety/PersonMenu";
import { PresenceLine } from "./PresenceLine";

type Participant = RouterOutputs["conversation"]["byId"]["participant"];

/**
 * Who this conversation is with (and whether they are online, or when they were last seen, where
 * they share it), their menu (report, block or unblock), and the pair's requested and confirmed
 * bookings.
 */
export function ThreadHeader({
  conversationId,
  other,
  presence,
  blockedByMe,
  state,
  backHref,
  action,
  onReport,
  onBlock,
}: {
  conversationId: string;
  other: Participant | undefined;
  presence: OtherPresence | null;
  blockedByMe: boolean;
  /** Whether I muted or archived it (the menu offers the opposite); unknown until byId answers. */
  state: { muted: boolean; archived: boolean } | undefined;
  backHref?: string;
  action?: React.ReactNode;
  onReport: () => void;
  onBlock: () => void;
}) {
  const trpc = useTRPC();
  const openBookings = useQuery(trpc.booking.openInConversation.queryOptions({ conversationId }));
  return (
    <>
      <header className="flex min-w-0 items-center gap-3 border-b border-stone-200 bg-white px-3 py-2.5">
        {backHref && (
          <Link href={backHref} className="rounded-md px-2 py-1 text-sm text-stone-600 hover:bg-stone-100 md:hidden" aria-label="Back to conversations">
            ←
          </Link>
        )}
        {other && <Avatar name={other.name} size="sm" />}
        <div className="min-w-0 flex-1">
          <h2 dir="auto" className="truncate font-semibold" data-testid="thread-title">
            {other?.name ?? " "}
          </h2>
          {other && (
            <p className="flex min-w-0 gap-1 text-xs text-stone-600">
              <span className="shrink-0">{other.role === Role.ARTIST ? "Artist" : "Customer"}</span>
              <PresenceLine presence={presence} />
            </p>
          )}
        </div>
        {other && (
          <PersonMenu
            person={other}
            blockedByMe={blockedByMe}
            canBlock={other.role !== Role.ADMIN}
            onReport={onReport}
            onBlock={onBlock}
            conversation={state && { id: conversationId, ...state }}
          />
        )}
        {action && <div className="shrink-0">{action}</div>}
      </header>
      {openBookings.data && openBookings.data.length > 0 && (
        <nav
          aria-label="Open bookings"
          className="flex gap-2 overflow-x-auto border-b border-stone-200 bg-white px-3 py-2"
          data-testid="open-bookings"
          data-scrolls="sideways"
        >
          {openBookings.data.map((b) => (
            <Link
              key={b.id}
              href={`/bookings/${b.id}`}
              className="focus-inset flex max-w-[85%] shrink-0 items-center gap-2 rounded-xl border border-stone-200 px-2.5 py-1 text-xs hover:border-brand-500"
            >
              <BookingStatusBadge status={b.status} />
              <span className="flex min-w-0 flex-col leading-tight">
                <span dir="auto" className="truncate font-medium">
                  {b.service.name}
                </span>
                <LocalTime date={b.startsAt} show={formatBookingTime} className="truncate text-stone-600" />
              </span>
            </Link>
          ))}
        </nav>
      )}
    </>
  );
}
