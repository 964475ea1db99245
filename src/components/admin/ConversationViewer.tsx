"use client";

import { skipToken, useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { formatBookingTime } from "@/lib/format";
import { useTRPC, useTRPCClient } from "@/lib/trpc";
import { BookingStatusBadge } from "../BookingStatusBadge";
import { buttonClass } from "../button-styles";
import { LocalTime } from "../LocalTime";
import { PersonBadge } from "./PersonBadge";
import { ReasonForm } from "./ReasonForm";
import { earlyHistoryExpired } from "@/lib/history-expiry";
import { ExpiredHistoryNote } from "../thread/ExpiredHistoryNote";
import { ReadOnlyThread, type AdminConversation, type AdminMessage } from "./ReadOnlyThread";

/**
 * /admin/conversations/[id]: Glow support reads a conversation, read-only. Nothing is fetched
 * before a reason is given; every page (the latest, then each earlier one) is fetched with it and
 * recorded in the audit trail. No composer, no read position, no subscription: the participants
 * cannot tell.
 */
export function ConversationViewer({ conversationId }: { conversationId: string }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState<string | null>(null);
  const latest = useQuery({
    ...trpc.admin.conversations.view.queryOptions(reason ? { conversationId, reason } : skipToken),
    // Each fetch is an audited read: only when the reason is given, never again by itself, and
    // forgotten when the page closes.
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

  const refused = latest.error?.data?.code === "BAD_REQUEST" ? latest.error.message : null;
  if (!reason || refused) return <ReasonForm defaultReason={reason ?? undefined} refusal={refused} onSubmit={setReason} />;
  if (latest.error) {
    return (
      <div className="mt-4">
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          The conversation could not be opened: {latest.error.message}
        </p>
        <Link href="/admin/conversations" className="mt-3 inline-block font-medium text-brand-700 underline underline-offset-2">
          Back to conversations
        </Link>
      </div>
    );
  }
  if (!latest.data) {
    return (
      <p role="status" className="mt-4 text-sm text-stone-600">
        Opening the conversation…
      </p>
    );
  }
  return (
    <>
      <ReadOnlyBanner reason={reason} />
      <ConversationHeader conversation={latest.data.conversation} />
      {/* Earlier pages belong to this reason: a new reason starts again from the latest page. */}
      <ConversationPages key={reason} conversationId={conversationId} reason={reason} latest={latest.data} />
    </>
  );
}

function ReadOnlyBanner({ reason }: { reason: string }) {
  return (
    <div role="note" className="mt-4 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950" data-testid="read-only-banner">
      <p className="font-medium">Read-only: every page you open is recorded in the audit log with your reason.</p>
      <p dir="auto" className="mt-0.5 [overflow-wrap:anywhere]">
        Your reason: {reason}
      </p>
    </div>
  );
}

/** The latest page, and the earlier ones the admin asked for, oldest first. */
function ConversationPages({
  conversationId,
  reason,
  latest,
}: {
  conversationId: string;
  reason: string;
  latest: { conversation: AdminConversation; items: AdminMessage[]; nextBeforeSeq: number | null };
}) {
  const client = useTRPCClient();
  const [earlier, setEarlier] = useState<{ items: AdminMessage[]; nextBeforeSeq: number | null } | null>(null);
  const nextBeforeSeq = earlier ? earlier.nextBeforeSeq : latest.nextBeforeSeq;
  const items = earlier ? [...earlier.items, ...latest.items] : latest.items;
  // Straight from the client, not the query cache: an earlier page is read once, when asked for.
  const loadEarlier = useMutation({
    mutationFn: (beforeSeq: number) => client.admin.conversations.view.query({ conversationId, reason, beforeSeq }),
    onSuccess: (page) => setEarlier((shown) => ({ items: [...page.items, ...(shown?.items ?? [])], nextBeforeSeq: page.nextBeforeSeq })),
  });
  return (
    <section aria-label="Messages" className="mt-4 rounded-2xl border border-stone-200 bg-stone-50 px-2 py-3 sm:px-4">
      {nextBeforeSeq !== null && (
        <div className="flex flex-col items-center gap-1 pb-2">
          <button
            type="button"
            onClick={() => loadEarlier.mutate(nextBeforeSeq)}
            disabled={loadEarlier.isPending}
            className={buttonClass("secondary", "sm", "pill")}
          >
            {loadEarlier.isPending ? "Loading…" : "Load earlier messages"}
          </button>
          {loadEarlier.error && (
            <p role="alert" className="text-sm text-red-800">
              Earlier messages could not be loaded: {loadEarlier.error.message}
            </p>
          )}
        </div>
      )}
      {earlyHistoryExpired(items[0]?.seq, nextBeforeSeq) && <ExpiredHistoryNote />}
      <ReadOnlyThread conversation={latest.conversation} items={items} />
    </section>
  );
}

/** Who the conversation is between, and their bookings: what a dispute is usually about. */
function ConversationHeader({ conversation }: { conversation: AdminConversation }) {
  return (
    <header className="mt-4 rounded-2xl border border-stone-200 bg-white p-3 shadow-sm sm:p-4">
      <h2 className="sr-only">Participants</h2>
      <div className="grid gap-3 sm:grid-cols-2">
        {[conversation.customer, conversation.artist].map((person) => (
          <div key={person.id} className="min-w-0">
            <PersonBadge person={person} />
            <Link
              href={`/admin/conversations?${new URLSearchParams({ userId: person.id }).toString()}`}
              className="mt-1 inline-block text-sm font-medium text-brand-700 underline underline-offset-2"
            >
              {person.name}&apos;s conversations
            </Link>
          </div>
        ))}
      </div>
      <h2 className="mt-4 text-sm font-semibold text-stone-900">Bookings</h2>
      {conversation.bookings.length === 0 ? (
        <p className="mt-1 text-sm text-stone-600">None in this conversation.</p>
      ) : (
        <ul className="mt-1 divide-y divide-stone-100" data-testid="admin-bookings">
          {conversation.bookings.map((booking) => (
            <li key={booking.id} className="py-2 text-sm">
              <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <BookingStatusBadge status={booking.status} />
                <span dir="auto" className="font-medium text-stone-900">
                  {booking.serviceName}
                </span>
                <LocalTime date={booking.startsAt} show={formatBookingTime} className="text-stone-600" />
              </span>
              {booking.note && (
                <p dir="auto" className="mt-1 whitespace-pre-wrap text-stone-700 [overflow-wrap:anywhere]">
                  Note: {booking.note}
                </p>
              )}
              {booking.originalNote !== null && booking.originalNote !== booking.note && (
                <p
                  dir="auto"
                  className="mt-1 whitespace-pre-wrap rounded-lg border border-dashed border-amber-400 bg-amber-50 px-2.5 py-1.5 text-xs text-stone-800 [overflow-wrap:anywhere]"
                >
                  <span className="font-semibold">Original note: </span>
                  {booking.originalNote}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </header>
  );
}
