import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { BookingStatus, Role } from "@/generated/prisma/enums";
import { bookingSystemText } from "./booking-text";
import { bookingPartyOf, pairHasConfirmedBooking, requireConversationAccess, requireMayBook } from "./access";
import { getOrCreateConversation } from "./conversations";
import type { ServiceDeps } from "./deps";
import { DomainError, notFound } from "./errors";
import { writeMessageLog } from "./message-log";
import { screenMessageText } from "./screen-message";

/**
 * The booking domain this app needs: requests, the artist's answers, cancellations. It stands
 * behind this one module so that the marketplace's real booking system can replace it. Every
 * change of status writes a SYSTEM message into the pair's conversation in the same transaction.
 */

export type BookingTarget = Exclude<BookingStatus, "PENDING">;

export interface BookingDTO {
  id: string;
  status: BookingStatus;
  customerId: string;
  artistId: string;
  serviceId: string;
  startsAt: Date;
  note: string | null;
  conversationId: string;
  cancelledById: string | null;
  createdAt: Date;
  service: { id: string; name: string; durationMinutes: number; priceCents: number };
  customer: { id: string; name: string };
  artist: { id: string; name: string };
  /** The transitions the viewer may make now. */
  actions: BookingTarget[];
}

type Party = "customer" | "artist";

/** Who may make each change, and from which statuses. */
const RULES: Record<BookingTarget, { verb: string; from: Partial<Record<Party, BookingStatus[]>> }> = {
  CONFIRMED: { verb: "confirm", from: { artist: ["PENDING"] } },
  DECLINED: { verb: "decline", from: { artist: ["PENDING"] } },
  COMPLETED: { verb: "complete", from: { artist: ["CONFIRMED"] } },
  // An artist answers a request by confirming or declining it; cancelling undoes a confirmed one.
  CANCELLED: { verb: "cancel", from: { customer: ["PENDING", "CONFIRMED"], artist: ["CONFIRMED"] } },
};

const STATE_PHRASE: Record<BookingStatus, string> = {
  PENDING: "is still waiting for the artist's answer",
  CONFIRMED: "is already confirmed",
  DECLINED: "was declined",
  CANCELLED: "was cancelled",
  COMPLETED: "is already completed",
};

export const NOTE_BLOCKED_BY_FILTER = "note: this note goes against Glow's community guidelines. Please reword it.";

/** How far ahead a booking may be requested. */
const MAX_DAYS_AHEAD = 730;

const include = {
  service: { select: { id: true, name: true, durationMinutes: true, priceCents: true } },
  customer: { select: { id: true, name: true } },
  artist: { select: { id: true, name: true } },
} satisfies Prisma.BookingInclude;

type BookingRow = Prisma.BookingGetPayload<{ include: typeof include }>;

/** Why `to` is not allowed now, or null when it is. */
function refusal(booking: { status: BookingStatus; startsAt: Date }, party: Party, to: BookingTarget, now: Date): string | null {
  const rule = RULES[to];
  const from = rule.from[party];
  if (!from) return `Only the artist can ${rule.verb} a booking.`;
  if (!from.includes(booking.status)) {
    if (to === "CANCELLED" && booking.status === "PENDING") return "This request isn't confirmed yet, so decline it instead.";
    return `This booking ${STATE_PHRASE[booking.status]}, so it cannot be ${to.toLowerCase()}.`;
  }
  if (to === "COMPLETED" && booking.startsAt > now) return "A booking can be completed once its time has come.";
  if (to === "CONFIRMED" && booking.startsAt <= now) return "This booking's time has passed, so it can no longer be confirmed.";
  return null;
}

function toBookingDTO(row: BookingRow, viewerId: string, now = new Date()): BookingDTO {
  const party = bookingPartyOf(row, viewerId);
  const actions = party
    ? (Object.keys(RULES) as BookingTarget[]).filter((to) => refusal(row, party, to, now) === null)
    : [];
  return {
    id: row.id,
    status: row.status,
    customerId: row.customerId,
    artistId: row.artistId,
    serviceId: row.serviceId,
    startsAt: row.startsAt,
    note: row.note,
    conversationId: row.conversationId,
    cancelledById: row.cancelledById,
    createdAt: row.createdAt,
    service: row.service,
    customer: row.customer,
    artist: row.artist,
    actions,
  };
}

export async function createBooking(
  deps: ServiceDeps,
  user: { id: string; role: Role },
  input: { serviceId: string; startsAt: Date; note?: string },
): Promise<BookingDTO> {
  if (user.role !== "CUSTOMER") throw new DomainError("FORBIDDEN", "Only customers can request bookings.");
  const now = new Date();
  if (input.startsAt.getTime() <= now.getTime()) {
    throw new DomainError("BAD_REQUEST", "That time has already passed. Choose a time in the future.");
  }
  if (input.startsAt.getTime() > now.getTime() + MAX_DAYS_AHEAD * 86_400_000) {
    throw new DomainError("BAD_REQUEST", "Bookings can be requested up to two years ahead.");
  }
  const service = await deps.prisma.service.findUnique({ where: { id: input.serviceId } });
  if (!service) throw notFound("This service");
  const note = input.note?.trim() || null;
  // The note reaches the artist like a message does: the same keyword filter and contact masking.
  const screening = note ? screenMessageText(await deps.keywordFilter.current(), note) : null;
  if (screening?.blocked) throw new DomainError("BAD_REQUEST", NOTE_BLOCKED_BY_FILTER);
  const { id: conversationId } = await getOrCreateConversation(deps.prisma, user, service.artistId);

  const booking = await writeMessageLog(deps, async (tx, log) => {
    const conversation = await log.lock(conversationId);
    if (!conversation) throw notFound("This conversation");
    // Under the conversation's lock, which a block takes too.
    await requireMayBook(tx, user.id, service.artistId);
    const screened = screening?.screened({ contactDetailsAllowed: await pairHasConfirmedBooking(tx, conversationId) }) ?? null;
    const booking = await tx.booking.create({
      data: {
        serviceId: service.id,
        customerId: user.id,
        artistId: service.artistId,
        conversationId,
        startsAt: input.startsAt,
        note: screened?.text ?? null,
        originalNote: screened?.originalText ?? null,
      },
      include,
    });
    await log.append(conversation, {
      senderId: null,
      kind: "SYSTEM",
      text: bookingSystemText("PENDING", { serviceName: service.name, startsAt: booking.startsAt }, deps.timeZone),
      bookingId: booking.id,
      actorId: user.id,
    });
    return booking;
  });
  return toBookingDTO(booking, user.id);
}

/**
 * Moves a booking to `to` if the rules allow it for this user. The booking row is locked first,
 * so of two racing confirmations one wins and the other is refused; the status change and its
 * SYSTEM message commit together or not at all.
 */
export async function transitionBooking(
  deps: ServiceDeps,
  user: { id: string },
  input: { id: string; to: BookingTarget },
): Promise<BookingDTO> {
  const booking = await writeMessageLog(deps, async (tx, log) => {
    // NO KEY UPDATE: a message being inserted that refers to this booking (its foreign key takes
    // KEY SHARE) must not wait on us while we wait on its conversation — that was a deadlock.
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Booking" WHERE id = ${input.id} FOR NO KEY UPDATE`;
    const current = locked ? await tx.booking.findUnique({ where: { id: input.id }, include }) : null;
    const party = current ? bookingPartyOf(current, user.id) : null;
    if (!current || !party) throw notFound("This booking");
    const now = new Date();
    const reason = refusal(current, party, input.to, now);
    if (reason) throw new DomainError("BAD_REQUEST", reason);
    const booking = await tx.booking.update({
      where: { id: input.id },
      data: { status: input.to, updatedAt: now, ...(input.to === "CANCELLED" ? { cancelledById: user.id } : {}) },
      include,
    });
    const conversation = await log.lock(booking.conversationId);
    if (!conversation) throw notFound("This conversation");
    const canceller = party === "customer" ? booking.customer.name : booking.artist.name;
    await log.append(conversation, {
      senderId: null,
      kind: "SYSTEM",
      text: bookingSystemText(
        input.to,
        { serviceName: booking.service.name, startsAt: booking.startsAt, cancelledByName: canceller },
        deps.timeZone,
      ),
      bookingId: booking.id,
      actorId: user.id,
    });
    return booking;
  });
  return toBookingDTO(booking, user.id);
}

export async function getBooking(prisma: PrismaClient, userId: string, id: string): Promise<BookingDTO> {
  const booking = await prisma.booking.findUnique({ where: { id }, include });
  if (!booking || !bookingPartyOf(booking, userId)) throw notFound("This booking");
  return toBookingDTO(booking, userId);
}

/** My bookings as customer or artist, soonest first. */
export async function listBookings(
  prisma: PrismaClient,
  user: { id: string; role: Role },
  input: { status?: BookingStatus; cursor?: string; limit: number },
): Promise<{ items: BookingDTO[]; nextCursor: string | null }> {
  if (user.role === "ADMIN") return { items: [], nextCursor: null };
  const rows = await prisma.booking.findMany({
    where: { ...(user.role === "CUSTOMER" ? { customerId: user.id } : { artistId: user.id }), ...(input.status ? { status: input.status } : {}) },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    include,
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((row) => toBookingDTO(row, user.id)),
    nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** The pair's pending and confirmed bookings, for the thread header. */
export async function listOpenBookingsInConversation(
  prisma: PrismaClient,
  userId: string,
  conversationId: string,
): Promise<BookingDTO[]> {
  await requireConversationAccess(prisma, userId, conversationId, "read");
  const rows = await prisma.booking.findMany({
    where: { conversationId, status: { in: ["PENDING", "CONFIRMED"] } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 20,
    include,
  });
  return rows.map((row) => toBookingDTO(row, userId));
}

/** The pair's one conversation, reached from one of their bookings. */
export async function conversationOfBooking(prisma: PrismaClient, userId: string, bookingId: string): Promise<{ id: string }> {
  const booking = await prisma.booking.findUnique({ where: { id: bookingId }, select: { conversationId: true, customerId: true, artistId: true } });
  if (!booking || !bookingPartyOf(booking, userId)) throw notFound("This booking");
  return { id: booking.conversationId };
}
