import { Prisma, type PrismaClient } from "@/generated/prisma/client";
import { ID_PATTERN } from "@/shared/ids";
import { recordAudit, type AdminActor } from "./audit";
import { personSelect, toPersonRef, type PersonRef } from "./admin-dto";

/**
 * /admin/conversations: find the conversation a dispute is about. One box takes a participant's
 * name or email, a conversation, booking or user id, or words from its messages (Postgres
 * full-text search on the GIN index of the admin_console migration); userId and bookingId narrow
 * the result. Most recently active first.
 */

export interface ConversationSearchResult {
  id: string;
  customer: PersonRef;
  artist: PersonRef;
  lastSeq: number;
  updatedAt: Date;
  bookings: number;
  /** Why it matched the query: its id, one of its bookings, a participant, or words in its messages. */
  matchedBy: ("id" | "booking" | "participant" | "words")[];
}

export interface ConversationSearchInput {
  query?: string;
  userId?: string;
  bookingId?: string;
  cursor?: string;
  limit?: number;
}

export const CONVERSATION_SEARCH_PAGE_SIZE = 20;

/** A LIKE pattern that finds `text` anywhere, its own % and _ taken literally. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

interface Row {
  id: string;
  updatedAt: Date;
  lastSeq: number;
  customerId: string;
  artistId: string;
  bookings: number;
  byId: boolean;
  byBooking: boolean;
  byParticipant: boolean;
  byWords: boolean;
}

export async function searchConversations(
  prisma: PrismaClient,
  actor: AdminActor,
  input: ConversationSearchInput,
): Promise<{ items: ConversationSearchResult[]; nextCursor: string | null }> {
  const limit = input.limit ?? CONVERSATION_SEARCH_PAGE_SIZE;
  const query = input.query?.trim() || null;
  // Searching message words is reading: recorded like every other access (without a reason: no
  // message is shown, only which conversations hold the words).
  await recordAudit(prisma, actor, {
    action: "conversation.search",
    targetType: "conversation",
    targetId: input.bookingId ?? input.userId ?? null,
    details: { query, userId: input.userId ?? null, bookingId: input.bookingId ?? null },
  });

  const conditions: Prisma.Sql[] = [];
  if (input.userId) conditions.push(Prisma.sql`(c."customerId" = ${input.userId} OR c."artistId" = ${input.userId})`);
  if (input.bookingId) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "Booking" b WHERE b."conversationId" = c.id AND b.id = ${input.bookingId})`);
  if (input.cursor) {
    conditions.push(Prisma.sql`(c."updatedAt", c.id) < (SELECT k."updatedAt", k.id FROM "Conversation" k WHERE k.id = ${input.cursor})`);
  }
  const where = conditions.length ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;

  const looksLikeId = query !== null && ID_PATTERN.test(query);
  const byId = looksLikeId ? Prisma.sql`c.id = ${query}` : Prisma.sql`false`;
  const byBooking = looksLikeId
    ? Prisma.sql`EXISTS (SELECT 1 FROM "Booking" b WHERE b."conversationId" = c.id AND b.id = ${query})`
    : Prisma.sql`false`;
  const byParticipant = query === null ? Prisma.sql`false` : participantsMatching(query, looksLikeId);
  const words = query === null ? null : await conversationsHoldingWords(prisma, query);
  const byWords =
    words === null
      ? Prisma.sql`false`
      : words.kind === "few"
        ? words.ids.length
          ? Prisma.sql`c.id IN (${Prisma.join(words.ids)})`
          : Prisma.sql`false`
        : Prisma.sql`EXISTS (SELECT 1 FROM "Message" m WHERE m."conversationId" = c.id AND ${wordsMatch(query!)})`;

  // Innermost: the conversations the other filters leave, most recently active first. Middle: each
  // one's reasons, worked out once per conversation and in that order. Outer: those with a reason,
  // up to the page's end. The OFFSET 0 fences keep the levels apart (Postgres would otherwise
  // merge them, test all the conversations before sorting, and work out each reason twice), so
  // the reasons are worked out only until the page is full: a query that many conversations
  // match tests about a page of them.
  const rows = await prisma.$transaction(async (tx) => {
    // A common word is found by reading each candidate conversation's newest messages (by its
    // seq index) until one holds it, which comes soon; the planner, unaware that the walk stops
    // at a page, would otherwise probe the GIN index for every conversation.
    if (words?.kind === "many") {
      await tx.$executeRawUnsafe("SET LOCAL enable_bitmapscan = off");
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      // Those settings price the plan far above JIT's thresholds: compiling it would cost ~0.4 s.
      await tx.$executeRawUnsafe("SET LOCAL jit = off");
    }
    return tx.$queryRaw<Row[]>`
    SELECT c.id, c."updatedAt", c."lastSeq", c."customerId", c."artistId",
           (SELECT count(*)::int FROM "Booking" b WHERE b."conversationId" = c.id) AS bookings,
           c."byId", c."byBooking", c."byParticipant", c."byWords"
      FROM (SELECT c.*, ${byId} AS "byId", ${byBooking} AS "byBooking",
                   ${byParticipant} AS "byParticipant", ${byWords} AS "byWords"
              FROM (SELECT c.id, c."updatedAt", c."lastSeq", c."customerId", c."artistId"
                      FROM "Conversation" c
                      ${where}
                     ORDER BY c."updatedAt" DESC, c.id DESC
                    OFFSET 0) c
             ORDER BY c."updatedAt" DESC, c.id DESC
            OFFSET 0) c
     ${query === null ? Prisma.empty : Prisma.sql`WHERE c."byId" OR c."byBooking" OR c."byParticipant" OR c."byWords"`}
     ORDER BY c."updatedAt" DESC, c.id DESC
     LIMIT ${limit + 1}`;
  });
  const page = rows.slice(0, limit);
  const people = await prisma.user.findMany({
    where: { id: { in: [...new Set(page.flatMap((r) => [r.customerId, r.artistId]))] } },
    select: personSelect,
  });
  const personById = new Map(people.map((p) => [p.id, toPersonRef(p)]));
  return {
    items: page.map((row) => ({
      id: row.id,
      customer: personById.get(row.customerId)!,
      artist: personById.get(row.artistId)!,
      lastSeq: row.lastSeq,
      updatedAt: row.updatedAt,
      bookings: row.bookings,
      matchedBy: [
        ...(row.byId ? (["id"] as const) : []),
        ...(row.byBooking ? (["booking"] as const) : []),
        ...(row.byParticipant ? (["participant"] as const) : []),
        ...(row.byWords ? (["words"] as const) : []),
      ],
    })),
    nextCursor: rows.length > limit ? page.at(-1)!.id : null,
  };
}

/**
 * Beyond this many messages holding the words, a word counts as common: reading them all (one heap
 * fetch each) would cost more than walking conversations, most of which then hold it early.
 */
const FEW_MESSAGES = 2_000;

const wordsMatch = (query: string) =>
  Prisma.sql`to_tsvector('simple', COALESCE(m."originalText", m."text")) @@ plainto_tsquery('simple', ${query})`;

/**
 * Which conversations hold the words, when few messages do, or "many" when there are too many to
 * read for one page. The planner's estimate (the index's word statistics, no rows read) answers
 * for common words; otherwise one forced GIN look-up reads at most FEW_MESSAGES + 1 of them (an
 * estimate can be low: "gel infill" is two common words rarely apart).
 */
async function conversationsHoldingWords(prisma: PrismaClient, query: string): Promise<{ kind: "few"; ids: string[] } | { kind: "many" }> {
  const [plan] = await prisma.$queryRaw<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }[]>`
    EXPLAIN (FORMAT JSON) SELECT 1 FROM "Message" m WHERE ${wordsMatch(query)}`;
  const estimate = plan?.["QUERY PLAN"][0]?.Plan["Plan Rows"] ?? 0;
  if (estimate > FEW_MESSAGES) return { kind: "many" };
  const [found] = await prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
    await tx.$executeRawUnsafe("SET LOCAL jit = off");
    return tx.$queryRaw<{ messages: number; ids: string[] | null }[]>`
      SELECT count(*)::int AS messages, array_agg(DISTINCT s."conversationId") AS ids
        FROM (SELECT m."conversationId" FROM "Message" m WHERE ${wordsMatch(query)} LIMIT ${FEW_MESSAGES + 1}) s`;
  });
  if (!found || found.messages > FEW_MESSAGES) return { kind: "many" };
  return { kind: "few", ids: found.ids ?? [] };
}

/** A participant whose name or email holds the query, or whose id it is. */
function participantsMatching(query: string, looksLikeId: boolean): Prisma.Sql {
  const pattern = containing(query);
  const people = Prisma.sql`SELECT u.id FROM "User" u WHERE u.name ILIKE ${pattern} OR u.email ILIKE ${pattern}${looksLikeId ? Prisma.sql` OR u.id = ${query}` : Prisma.empty}`;
  return Prisma.sql`(c."customerId" IN (${people}) OR c."artistId" IN (${people}))`;
}
