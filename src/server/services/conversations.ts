import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import { channels, listen, type EventBus } from "@/server/realtime/event-bus";
import type { ServiceDeps } from "./deps";
import { ACCOUNT_DELETED, blocksBetween, canSend, requireConversationAccess } from "./access";
import { conversationNotFound, DomainError } from "./errors";
import { isUniqueViolation } from "./prisma-errors";
import { messageInclude, toMessageDTO, type MessageDTO } from "./message-dto";
import { sharingBetween } from "./sharing";

export interface ConversationSummary {
  id: string;
  participant: { id: string; name: string; role: Role };
  lastMessage: MessageDTO | null;
  unreadCount: number;
  updatedAt: Date;
  /** I blocked the other person. */
  blockedByMe: boolean;
  /** I may write here now (no block either way). */
  canSend: boolean;
  /** I muted it: no push, no share in the unread total. */
  muted: boolean;
  /** I archived it and nothing newer arrived: listed under Archived only. */
  archived: boolean;
}

/**
 * The pair's one conversation. The unique (customerId, artistId) constraint decides races: every
 * concurrent caller but one fails to insert and reads the winner's row.
 */
export async function getOrCreateConversation(
  prisma: PrismaClient,
  caller: { id: string; role: Role },
  participantId: string,
): Promise<{ id: string }> {
  if (participantId === caller.id) {
    throw new DomainError("BAD_REQUEST", "You cannot start a conversation with yourself.");
  }
  const other = await prisma.user.findUnique({ where: { id: participantId }, select: { id: true, role: true, deletedAt: true } });
  if (!other) throw new DomainError("BAD_REQUEST", "That person does not exist.");
  const pair =
    caller.role === "CUSTOMER" && other.role === "ARTIST"
      ? { customerId: caller.id, artistId: other.id }
      : caller.role === "ARTIST" && other.role === "CUSTOMER"
        ? { customerId: other.id, artistId: caller.id }
        : null;
  if (!pair) {
    throw new DomainError("BAD_REQUEST", "Conversations are between a customer and an artist.");
  }
  const existing = await prisma.conversation.findUnique({
    where: { customerId_artistId: pair },
    select: { id: true },
  });
  if (existing) return existing;
  if (other.deletedAt) throw new DomainError("FORBIDDEN", ACCOUNT_DELETED);
  try {
    return await prisma.conversation.create({
      data: {
        ...pair,
        participants: { create: [{ userId: pair.customerId }, { userId: pair.artistId }] },
      },
      select: { id: true },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return prisma.conversation.findUniqueOrThrow({ where: { customerId_artistId: pair }, select: { id: true } });
  }
}

interface InboxRow {
  id: string;
  lastSeq: number;
  updatedAt: Date;
  customerId: string;
  artistId: string;
  lastReadSeq: number;
  lastReadMessageAt: Date | null;
  muted: boolean;
}

/**
 * How far a message's time may fall behind the one it follows: createdAt is stamped by the app
 * process that writes it, so two processes' clocks (and a send that waited for the conversation's
 * lock) can put a later seq a little earlier. Reads that bound Message by time, so that Postgres
 * skips the months (partitions) that cannot hold what they look for, widen each bound by this.
 */
const CLOCK_SKEW_MARGIN_MS = 24 * 60 * 60 * 1000;

const shifted = (time: Date, ms: number) => new Date(time.getTime() + ms);

/** Cursor = "<updatedAt ISO>|<id>" of the last item, for keyset pagination on the inbox index. */
function decodeCursor(cursor: string): { updatedAt: Date; id: string } {
  const [time, id] = cursor.split("|");
  const updatedAt = new Date(time ?? "");
  if (!id || Number.isNaN(updatedAt.getTime())) throw new DomainError("BAD_REQUEST", "The cursor is not valid.");
  return { updatedAt, id };
}

export async function listConversations(
  prisma: PrismaClient,
  user: { id: string; role: Role },
  input: { cursor?: string; limit: number; archived?: boolean },
): Promise<{ items: ConversationSummary[]; nextCursor: string | null }> {
  if (user.role === "ADMIN") return { items: [], nextCursor: null };
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const archived = input.archived ?? false;
  // Keyset pagination on the inbox index ((customerId|artistId), updatedAt DESC, id DESC); my
  // participant row (by its primary key) says what I archived.
  const side = Prisma.raw(user.role === "CUSTOMER" ? `"customerId"` : `"artistId"`);
  const rows = await prisma.$queryRaw<InboxRow[]>`
    SELECT c.id, c."lastSeq", c."updatedAt", c."customerId", c."artistId",
           p."lastReadSeq", p."lastReadMessageAt", p."mutedAt" IS NOT NULL AS muted
      FROM "Conversation" c
      JOIN "Participant" p ON p."conversationId" = c.id AND p."userId" = ${user.id}
     WHERE c.${side} = ${user.id}
       AND ${archived ? Prisma.sql`p."archivedSeq" >= c."lastSeq"` : Prisma.sql`(p."archivedSeq" IS NULL OR p."archivedSeq" < c."lastSeq")`}
       ${after ? Prisma.sql`AND (c."updatedAt", c.id) < (${after.updatedAt}, ${after.id})` : Prisma.empty}
     ORDER BY c."updatedAt" DESC, c.id DESC
     LIMIT ${input.limit + 1}`;
  const page = rows.slice(0, input.limit);
  const withMessages = page.filter((c) => c.lastSeq > 0);
  const others = page.map((c) => (user.role === "CUSTOMER" ? c.artistId : c.customerId));
  const [people, lastMessages, unread, blocks] = await Promise.all([
    others.length ? prisma.user.findMany({ where: { id: { in: others } }, select: { id: true, name: true, role: true, deletedAt: true } }) : [],
    withMessages.length
      ? prisma.message.findMany({
          // The newest message was written when the conversation was last updated (both are set
          // together): the time lets Postgres read only that month of Message.
          where: {
            OR: withMessages.map((c) => ({
              conversationId: c.id,
              seq: c.lastSeq,
              createdAt: { gte: shifted(c.updatedAt, -CLOCK_SKEW_MARGIN_MS), lte: shifted(c.updatedAt, CLOCK_SKEW_MARGIN_MS) },
            })),
          },
          include: messageInclude,
        })
      : [],
    unreadCounts(prisma, user.id, page.filter((c) => c.lastSeq > c.lastReadSeq)),
    blocksBetween(prisma, user.id, others),
  ]);
  const lastByConversation = new Map(lastMessages.map((m) => [m.conversationId, toMessageDTO(m)]));
  const peopleById = new Map(people.map((p) => [p.id, p]));
  const items = page.flatMap((c) => {
    const person = peopleById.get(user.role === "CUSTOMER" ? c.artistId : c.customerId);
    if (!person) return []; // deleted between the two reads
    const { deletedAt, ...participant } = person;
    const block = blocks.get(participant.id) ?? { blockedByMe: false, blockedByThem: false };
    return {
      id: c.id,
      participant,
      lastMessage: lastByConversation.get(c.id) ?? null,
      unreadCount: unread.get(c.id) ?? 0,
      updatedAt: c.updatedAt,
      blockedByMe: block.blockedByMe,
      canSend: canSend({ ...block, otherDeleted: deletedAt !== null }),
      muted: c.muted,
      archived,
    };
  });
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? `${last.updatedAt.toISOString()}|${last.id}` : null,
  };
}

/**
 * Messages after the read position that someone else wrote or caused (the other person, or their
 * booking change), for conversations with something after it. They were written after the
 * message at the read position (lastReadMessageAt) and no later than the newest (updatedAt), so
 * only the months between are read.
 */
async function unreadCounts(
  prisma: PrismaClient,
  userId: string,
  conversations: { id: string; lastReadSeq: number; lastReadMessageAt: Date | null; updatedAt: Date }[],
): Promise<Map<string, number>> {
  if (conversations.length === 0) return new Map();
  // One count per conversation, glued by UNION ALL, its bounds as literal timestamps (UTC, as
  // stored): each count is planned over only its own months. One OR of them all would be planned
  // over every month any of them needs (9 ms of planning for 35 conversations at a million messages).
  const at = (time: Date) => Prisma.sql`${time.toISOString()}::timestamp(3)`;
  const counts = conversations.map(
    (c) => Prisma.sql`SELECT ${c.id}::text AS "conversationId", count(*)::int AS unread
      FROM "Message" m
     WHERE m."conversationId" = ${c.id} AND m.seq > ${c.lastReadSeq}
       ${c.lastReadMessageAt ? Prisma.sql`AND m."createdAt" >= ${at(shifted(c.lastReadMessageAt, -CLOCK_SKEW_MARGIN_MS))}` : Prisma.empty}
       AND m."createdAt" <= ${at(shifted(c.updatedAt, CLOCK_SKEW_MARGIN_MS))}
       AND (m."senderId" IS NULL OR m."senderId" <> ${userId})
       AND (m."actorId" IS NULL OR m."actorId" <> ${userId})`,
  );
  const rows = await prisma.$queryRaw<{ conversationId: string; unread: number }[]>`${Prisma.join(counts, " UNION ALL ")}`;
  return new Map(rows.filter((r) => r.unread > 0).map((r) => [r.conversationId, r.unread]));
}

/** Moves the read position forward (never back), up to the newest message. */
export async function markConversationRead(
  deps: ServiceDeps,
  userId: string,
  input: { conversationId: string; seq: number },
): Promise<{ lastReadSeq: number }> {
  // One statement: only a participant's own row is updated (anyone else gets NOT_FOUND, as for
  // every read of a conversation). "moved" compares with the row as it was (the FROM's copy of
  // Participant), not as updated.
  const rows = await deps.prisma.$queryRaw<{ lastReadSeq: number; lastReadAt: Date | null; moved: boolean; otherId: string }[]>`
    UPDATE "Participant" p
       SET "lastReadSeq" = GREATEST(p."lastReadSeq", LEAST(${input.seq}::int, c."lastSeq")),
           "lastReadAt" = CASE WHEN LEAST(${input.seq}::int, c."lastSeq") > p."lastReadSeq" THEN now() ELSE p."lastReadAt" END,
           -- Read to the end: the newest message's time is the conversation's updatedAt. Read part
           -- of the way: the earlier time stays, still older than every unread message.
           "lastReadMessageAt" = CASE WHEN ${input.seq}::int >= c."lastSeq" AND c."lastSeq" > p."lastReadSeq" THEN c."updatedAt"
                                      ELSE p."lastReadMessageAt" END
      FROM "Conversation" c, "Participant" before
     WHERE c.id = p."conversationId" AND p."conversationId" = ${input.conversationId} AND p."userId" = ${userId}
       AND before."conversationId" = p."conversationId" AND before."userId" = p."userId"
 RETURNING p."lastReadSeq", p."lastReadAt", p."lastReadSeq" > before."lastReadSeq" AS moved,
           CASE WHEN c."customerId" = ${userId} THEN c."artistId" ELSE c."customerId" END AS "otherId"`;
  if (rows.length === 0) throw conversationNotFound();
  const row = rows[0]!;
  deps.bus.publish(channels.user(userId), { type: "inbox", conversationId: input.conversationId });
  if (row.moved && row.lastReadAt) {
    // The other person sees it ("Seen") only where both show read receipts and no block stands.
    const sharing = await sharingBetween(deps.prisma, userId, row.otherId);
    if (sharing.readReceipts) {
      deps.bus.publish(channels.conversationEvents(input.conversationId), {
        type: "read",
        conversationId: input.conversationId,
        userId,
        seq: row.lastReadSeq,
        readAt: row.lastReadAt,
      });
    }
  }
  return { lastReadSeq: row.lastReadSeq };
}

export async function getConversation(prisma: PrismaClient, userId: string, conversationId: string) {
  const access = await requireConversationAccess(prisma, userId, conversationId, "read");
  const [participant, positions, sharing] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: access.otherId }, select: { id: true, name: true, role: true } }),
    prisma.participant.findMany({
      where: { conversationId },
      select: { userId: true, lastReadSeq: true, lastReadAt: true, mutedAt: true, archivedSeq: true },
    }),
    sharingBetween(prisma, userId, access.otherId),
  ]);
  const mine = positions.find((p) => p.userId === userId);
  const theirs = positions.find((p) => p.userId === access.otherId);
  return {
    id: conversationId,
    lastSeq: access.conversation.lastSeq,
    participant,
    lastReadSeq: access.lastReadSeq,
    /** How far the other person has read ("Seen"); null while read receipts are not shared. */
    otherLastReadSeq: sharing.readReceipts ? (theirs?.lastReadSeq ?? 0) : null,
    /** When they read that far; null while hidden, or before they read anything. */
    otherLastReadAt: sharing.readReceipts ? (theirs?.lastReadAt ?? null) : null,
    blockedByMe: access.blockedByMe,
    /** The other person deleted their account: the history stays, nothing more can be sent. */
    participantDeleted: access.otherDeleted,
    canSend: canSend(access),
    muted: mine?.mutedAt != null,
    archived: mine?.archivedSeq != null && mine.archivedSeq >= access.conversation.lastSeq,
  };
}

/**
 * My total of unread messages, for the header, the tab title and the app badge: every
 * conversation of mine that I have neither muted nor archived. Conversations read to the end are
 * skipped by their lastSeq before any message is counted.
 */
export async function unreadTotal(prisma: PrismaClient, userId: string): Promise<{ total: number }> {
  // Not bounded by time as the inbox's counts are: with the bounds as columns of the outer row,
  // Postgres combined the createdAt index with (conversationId, seq) and read whole months (35 ms
  // at a million messages); with them as values, planning or a parallel plan cost more than the
  // (conversationId, seq) probe of each month this does (4 ms for the bench's busiest user).
  const [row] = await prisma.$queryRaw<{ total: number }[]>`
    SELECT COALESCE(SUM((
             SELECT count(*) FROM "Message" m
              WHERE m."conversationId" = p."conversationId" AND m.seq > p."lastReadSeq"
                AND (m."senderId" IS NULL OR m."senderId" <> ${userId})
                AND (m."actorId" IS NULL OR m."actorId" <> ${userId}))), 0)::int AS total
      FROM "Participant" p
      JOIN "Conversation" c ON c.id = p."conversationId"
     WHERE p."userId" = ${userId} AND p."mutedAt" IS NULL AND c."lastSeq" > p."lastReadSeq"
       AND (p."archivedSeq" IS NULL OR p."archivedSeq" < c."lastSeq")`;
  return { total: row?.total ?? 0 };
}

/** Mutes or unmutes a conversation for me; my devices' inboxes and badges refresh. */
export async function setMuted(
  deps: ServiceDeps,
  userId: string,
  input: { conversationId: string; muted: boolean },
): Promise<{ muted: boolean }> {
  await requireConversationAccess(deps.prisma, userId, input.conversationId, "read");
  // Muting again keeps the first time; only the fact is used.
  await deps.prisma.participant.updateMany({
    where: { conversationId: input.conversationId, userId, ...(input.muted ? { mutedAt: null } : {}) },
    data: { mutedAt: input.muted ? new Date() : null },
  });
  // accessChanged: my open threads of it (on every device) read byId again, for the menu's labels.
  deps.bus.publish(channels.user(userId), { type: "inbox", conversationId: input.conversationId, accessChanged: true });
  return { muted: input.muted };
}

/**
 * Archives a conversation for me at its newest message (it comes back with the next one), or
 * brings it back; my devices' inboxes refresh.
 */
export async function setArchived(
  deps: ServiceDeps,
  userId: string,
  input: { conversationId: string; archived: boolean },
): Promise<{ archived: boolean }> {
  await requireConversationAccess(deps.prisma, userId, input.conversationId, "read");
  await deps.prisma.$executeRaw`
    UPDATE "Participant" p
       SET "archivedSeq" = ${input.archived ? Prisma.sql`c."lastSeq"` : Prisma.sql`NULL`}
      FROM "Conversation" c
     WHERE c.id = p."conversationId" AND p."conversationId" = ${input.conversationId} AND p."userId" = ${userId}`;
  deps.bus.publish(channels.user(userId), { type: "inbox", conversationId: input.conversationId, accessChanged: true });
  return { archived: input.archived };
}

/**
 * Which of the user's conversations changed (a message, a read position, a block: then
 * `accessChanged`), as it happens, so an inbox can refresh; `null` after a bus outage, when any of
 * them may have. Ends when the signal aborts.
 */
export async function* streamInboxActivity(
  bus: EventBus,
  userId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<{ conversationId: string | null; accessChanged: boolean }> {
  for await (const event of listen(bus, channels.user(userId), signal)) {
    if (event.type === "inbox") yield { conversationId: event.conversationId, accessChanged: event.accessChanged ?? false };
    if (event.type === "resync") yield { conversationId: null, accessChanged: true };
  }
}
