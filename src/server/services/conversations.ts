import type { PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import { channels, listen, type EventBus } from "@/server/realtime/event-bus";
import type { ServiceDeps } from "./deps";
import { blocksBetween, canSend, requireConversationAccess } from "./access";
import { DomainError } from "./errors";
import { isUniqueViolation } from "./prisma-errors";
import { messageInclude, toMessageDTO, type MessageDTO } from "./message-dto";

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
  const other = await prisma.user.findUnique({ where: { id: participantId }, select: { id: true, role: true } });
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
  input: { cursor?: string; limit: number },
): Promise<{ items: ConversationSummary[]; nextCursor: string | null }> {
  if (user.role === "ADMIN") return { items: [], nextCursor: null };
  const mine = user.role === "CUSTOMER" ? { customerId: user.id } : { artistId: user.id };
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await prisma.conversation.findMany({
    where: {
      ...mine,
      ...(after
        ? {
            OR: [
              { updatedAt: { lt: after.updatedAt } },
              { updatedAt: after.updatedAt, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    select: {
      id: true,
      lastSeq: true,
      updatedAt: true,
      customer: { select: { id: true, name: true, role: true } },
      artist: { select: { id: true, name: true, role: true } },
      participants: { where: { userId: user.id }, select: { lastReadSeq: true } },
    },
  });
  const page = rows.slice(0, input.limit);
  const withMessages = page.filter((c) => c.lastSeq > 0);
  const others = page.map((c) => (user.role === "CUSTOMER" ? c.artist.id : c.customer.id));
  const [lastMessages, unread, blocks] = await Promise.all([
    withMessages.length
      ? prisma.message.findMany({
          where: { OR: withMessages.map((c) => ({ conversationId: c.id, seq: c.lastSeq })) },
          include: messageInclude,
        })
      : [],
    unreadCounts(prisma, user.id, page.map((c) => ({ id: c.id, lastReadSeq: c.participants[0]?.lastReadSeq ?? 0 }))),
    blocksBetween(prisma, user.id, others),
  ]);
  const lastByConversation = new Map(lastMessages.map((m) => [m.conversationId, toMessageDTO(m)]));
  const items = page.map((c) => {
    const participant = user.role === "CUSTOMER" ? c.artist : c.customer;
    const block = blocks.get(participant.id) ?? { blockedByMe: false, blockedByThem: false };
    return {
      id: c.id,
      participant,
      lastMessage: lastByConversation.get(c.id) ?? null,
      unreadCount: unread.get(c.id) ?? 0,
      updatedAt: c.updatedAt,
      blockedByMe: block.blockedByMe,
      canSend: canSend(block),
    };
  });
  const last = page.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? `${last.updatedAt.toISOString()}|${last.id}` : null,
  };
}

/** Messages after the read position that someone else wrote (the other person or the system). */
async function unreadCounts(
  prisma: PrismaClient,
  userId: string,
  conversations: { id: string; lastReadSeq: number }[],
): Promise<Map<string, number>> {
  if (conversations.length === 0) return new Map();
  const groups = await prisma.message.groupBy({
    by: ["conversationId"],
    where: {
      AND: [
        { OR: conversations.map((c) => ({ conversationId: c.id, seq: { gt: c.lastReadSeq } })) },
        { OR: [{ senderId: null }, { senderId: { not: userId } }] },
      ],
    },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.conversationId, g._count._all]));
}

/** Moves the read position forward (never back), up to the newest message. */
export async function markConversationRead(
  deps: ServiceDeps,
  userId: string,
  input: { conversationId: string; seq: number },
): Promise<{ lastReadSeq: number }> {
  await requireConversationAccess(deps.prisma, userId, input.conversationId, "read");
  const rows = await deps.prisma.$queryRaw<{ lastReadSeq: number }[]>`
    UPDATE "Participant" p
       SET "lastReadSeq" = GREATEST(p."lastReadSeq", LEAST(${input.seq}::int, c."lastSeq"))
      FROM "Conversation" c
     WHERE c.id = p."conversationId" AND p."conversationId" = ${input.conversationId} AND p."userId" = ${userId}
 RETURNING p."lastReadSeq"`;
  deps.bus.publish(channels.user(userId), { type: "inbox", conversationId: input.conversationId });
  return { lastReadSeq: rows[0]?.lastReadSeq ?? 0 };
}

export async function getConversation(prisma: PrismaClient, userId: string, conversationId: string) {
  const access = await requireConversationAccess(prisma, userId, conversationId, "read");
  const participant = await prisma.user.findUniqueOrThrow({
    where: { id: access.otherId },
    select: { id: true, name: true, role: true },
  });
  return {
    id: conversationId,
    lastSeq: access.conversation.lastSeq,
    participant,
    lastReadSeq: access.lastReadSeq,
    blockedByMe: access.blockedByMe,
    canSend: canSend(access),
  };
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
