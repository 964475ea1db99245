import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { BookingStatus, Role } from "@/generated/prisma/enums";
import { conversationNotFound, DomainError } from "./errors";
import { lockConversation } from "./message-log";

/**
 * Who may do what in a conversation and between two people: the one place where the rules live.
 * Every service and route asks here; blocks (and, later, suspensions) change only this module.
 *
 * - read: participants only (anyone else gets NOT_FOUND, as for a conversation that does not exist).
 * - send, upload: participants, unless either of the two has blocked the other (FORBIDDEN).
 * - book: a customer with an artist, unless either has blocked the other (FORBIDDEN).
 * - A deleted account (services/account-deletion.ts) can no longer be written to or booked; the
 *   history with it stays readable.
 * - Contact details flow freely once the pair has a CONFIRMED or COMPLETED booking.
 * - A suspended account cannot sign in or start a session until its suspension ends or is lifted
 *   (sign-in.ts, sessions.ts); suspending it ends the sessions it has (admin/suspensions.ts).
 */

export type ConversationAction = "read" | "send" | "upload";

export const CANNOT_SEND = "You can't send messages in this conversation.";
export const CANNOT_BOOK = "You can't book with this person.";
export const ACCOUNT_DELETED = "This person deleted their account: they can no longer receive messages or bookings.";

export type Db = PrismaClient | Prisma.TransactionClient;

/** A booking in one of these lets the pair share contact details. */
const CONFIRMED_STATUSES = ["CONFIRMED", "COMPLETED"] as const satisfies readonly BookingStatus[];
// Literals (the enum's own names), so Postgres compares them as BookingStatus and uses the index.
const CONFIRMED_STATUSES_SQL = Prisma.raw(CONFIRMED_STATUSES.map((status) => `'${status}'`).join(", "));

/** What the rules need to know about one participant's place in a conversation. */
export interface ConversationAccess {
  conversation: { id: string; lastSeq: number; customerId: string; artistId: string };
  userId: string;
  otherId: string;
  lastReadSeq: number;
  /** I blocked the other person. */
  blockedByMe: boolean;
  /** The other person blocked me. */
  blockedByThem: boolean;
  /** The other person deleted their account. */
  otherDeleted: boolean;
  /** The pair has a CONFIRMED or COMPLETED booking. */
  bookingConfirmed: boolean;
}

interface AccessRow {
  id: string;
  lastSeq: number;
  customerId: string;
  artistId: string;
  lastReadSeq: number;
  blockedByMe: boolean;
  blockedByThem: boolean;
  otherDeleted: boolean;
  bookingConfirmed: boolean;
  messageIdForClientId: string | null;
}

/**
 * Reads a participant's access in one round trip. Null when the user is not a participant or the
 * conversation does not exist.
 *
 * With `lock` (the send path: seq is taken under this lock), the conversation row is locked first,
 * until the transaction ends, and the facts are read after: a statement that waits for a lock reads
 * the other tables as they were when it started, so a block committed while this send waited would
 * be missed if the two were one statement. Blocks and booking changes lock the conversation too,
 * so each happens wholly before or wholly after a send. With `clientId`, the same statement also
 * finds the message a first attempt of this send stored (the send path saves a round trip).
 */
export async function readConversationAccess(
  db: Db,
  userId: string,
  conversationId: string,
  options: { lock?: boolean; clientId?: string } = {},
): Promise<(ConversationAccess & { messageIdForClientId: string | null }) | null> {
  if (options.lock && !(await lockConversation(db, conversationId))) return null;
  const [row] = await db.$queryRaw<AccessRow[]>`
    SELECT c.id, c."lastSeq", c."customerId", c."artistId", p."lastReadSeq",
           EXISTS (SELECT 1 FROM "Block" b
                    WHERE b."blockerId" = ${userId}
                      AND b."blockedId" = CASE WHEN c."customerId" = ${userId} THEN c."artistId" ELSE c."customerId" END) AS "blockedByMe",
           EXISTS (SELECT 1 FROM "Block" b
                    WHERE b."blockedId" = ${userId}
                      AND b."blockerId" = CASE WHEN c."customerId" = ${userId} THEN c."artistId" ELSE c."customerId" END) AS "blockedByThem",
           EXISTS (SELECT 1 FROM "User" u
                    WHERE u.id = CASE WHEN c."customerId" = ${userId} THEN c."artistId" ELSE c."customerId" END
                      AND u."deletedAt" IS NOT NULL) AS "otherDeleted",
           EXISTS (SELECT 1 FROM "Booking" k
                    WHERE k."conversationId" = c.id AND k.status IN (${CONFIRMED_STATUSES_SQL})) AS "bookingConfirmed",
           (SELECT m.id FROM "Message" m
             WHERE m."conversationId" = c.id AND m."clientId" = ${options.clientId ?? null}) AS "messageIdForClientId"
      FROM "Conversation" c
      JOIN "Participant" p ON p."conversationId" = c.id AND p."userId" = ${userId}
     WHERE c.id = ${conversationId}`;
  if (!row) return null;
  return {
    conversation: { id: row.id, lastSeq: row.lastSeq, customerId: row.customerId, artistId: row.artistId },
    userId,
    otherId: row.customerId === userId ? row.artistId : row.customerId,
    lastReadSeq: row.lastReadSeq,
    blockedByMe: row.blockedByMe,
    blockedByThem: row.blockedByThem,
    otherDeleted: row.otherDeleted,
    bookingConfirmed: row.bookingConfirmed,
    messageIdForClientId: row.messageIdForClientId,
  };
}

/** Whether a block stands between the two, either way. */
const blocked = (access: Pick<ConversationAccess, "blockedByMe" | "blockedByThem">) => access.blockedByMe || access.blockedByThem;

/** Whether the participant may write (messages, photos) in the conversation now. */
export const canSend = (access: Pick<ConversationAccess, "blockedByMe" | "blockedByThem" | "otherDeleted">) => !blocked(access) && !access.otherDeleted;

/** Throws unless the participant may take `action`; read is always allowed to a participant. */
export function assertAllowed(access: ConversationAccess, action: ConversationAction): void {
  if (action === "read") return;
  if (access.otherDeleted) throw new DomainError("FORBIDDEN", ACCOUNT_DELETED);
  if (!canSend(access)) throw new DomainError("FORBIDDEN", CANNOT_SEND);
}

/**
 * The user's access to the conversation, after checking they may take `action`: NOT_FOUND for
 * anyone but its participants (its existence never leaks), FORBIDDEN when the rules refuse.
 */
export async function requireConversationAccess(
  prisma: Db,
  userId: string,
  conversationId: string,
  action: ConversationAction,
): Promise<ConversationAccess> {
  const access = await readConversationAccess(prisma, userId, conversationId);
  if (!access) throw conversationNotFound();
  assertAllowed(access, action);
  return access;
}

/** Throws FORBIDDEN when either of a customer and an artist has blocked the other, or deleted their account. */
export async function requireMayBook(prisma: Db, customerId: string, artistId: string): Promise<void> {
  const deleted = await prisma.user.count({ where: { id: { in: [customerId, artistId] }, deletedAt: { not: null } } });
  if (deleted > 0) throw new DomainError("FORBIDDEN", ACCOUNT_DELETED);
  const found = await prisma.block.count({
    where: {
      OR: [
        { blockerId: customerId, blockedId: artistId },
        { blockerId: artistId, blockedId: customerId },
      ],
    },
  });
  if (found > 0) throw new DomainError("FORBIDDEN", CANNOT_BOOK);
}

/** Whether contact details may flow between the pair: they have a CONFIRMED or COMPLETED booking. */
export async function pairHasConfirmedBooking(prisma: Db, conversationId: string): Promise<boolean> {
  return (await prisma.booking.count({ where: { conversationId, status: { in: [...CONFIRMED_STATUSES] } } })) > 0;
}

/** For a list of people the user deals with: who the user blocked, and who blocked the user. */
export async function blocksBetween(
  prisma: Db,
  userId: string,
  otherIds: readonly string[],
): Promise<Map<string, { blockedByMe: boolean; blockedByThem: boolean }>> {
  const result = new Map(otherIds.map((id) => [id, { blockedByMe: false, blockedByThem: false }]));
  if (otherIds.length === 0) return result;
  const rows = await prisma.block.findMany({
    where: {
      OR: [
        { blockerId: userId, blockedId: { in: [...otherIds] } },
        { blockedId: userId, blockerId: { in: [...otherIds] } },
      ],
    },
    select: { blockerId: true, blockedId: true },
  });
  for (const row of rows) {
    if (row.blockerId === userId) result.get(row.blockedId)!.blockedByMe = true;
    else result.get(row.blockerId)!.blockedByThem = true;
  }
  return result;
}

/** A booking's customer or artist: the only people who may see or change it. */
export function bookingPartyOf(booking: { customerId: string; artistId: string }, userId: string): "customer" | "artist" | null {
  if (booking.customerId === userId) return "customer";
  if (booking.artistId === userId) return "artist";
  return null;
}

/**
 * Whether the viewer may see a stored photo: its uploader always; once sent, the conversation's
 * participants and admins. Once Glow support has removed its message, only admins (the evidence
 * stays with them; no one else is served it, the uploader included).
 */
export async function mayViewUpload(
  prisma: Db,
  viewer: { id: string; role: Role },
  upload: { uploaderId: string; messageId: string | null; conversationId: string; message?: { removedAt: Date | null } | null },
): Promise<boolean> {
  if (upload.message?.removedAt) return viewer.role === "ADMIN";
  if (upload.uploaderId === viewer.id) return true;
  if (!upload.messageId) return false;
  if (viewer.role === "ADMIN") return true;
  return (await prisma.participant.count({ where: { conversationId: upload.conversationId, userId: viewer.id } })) > 0;
}

/** Whether a suspension stands at `now`: set, and without an end or with an end still to come. */
export const isSuspendedAt = (user: { suspendedAt: Date | null; suspendedUntil: Date | null }, now = new Date()) =>
  user.suspendedAt !== null && (user.suspendedUntil === null || user.suspendedUntil > now);

export interface Suspension {
  since: Date;
  /** Null: until Glow support lifts it. */
  until: Date | null;
  reason: string | null;
}

/** The suspension standing now, or null. */
export function suspensionOf(user: { suspendedAt: Date | null; suspendedUntil: Date | null; suspensionReason: string | null }, now = new Date()): Suspension | null {
  if (!isSuspendedAt(user, now)) return null;
  return { since: user.suspendedAt!, until: user.suspendedUntil, reason: user.suspensionReason };
}
