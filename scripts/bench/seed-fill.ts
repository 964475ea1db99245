/**
 * Writes a planned world (seed-world.ts) into a migrated Postgres quickly: users, services,
 * conversations, participants and bookings with one INSERT … SELECT FROM unnest(…) each, then the
 * messages in batches of whole conversations (about BATCH_MESSAGES rows per statement, one batch
 * generated while the other is written). seq is gap-free per conversation, lastSeq and updatedAt
 * match the newest message, and read positions are behind lastSeq where the plan says so.
 *
 * The full-text index (Message_text_search_idx, admin_console migration) is dropped before the
 * messages go in and built again from its own definition afterwards (pg_get_indexdef): building a
 * GIN index once is much faster than updating it a million times, and gives the same index.
 */
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { hashPassword } from "@/server/services/passwords";
import type { SqlQuery } from "@/server/db/query";
import { monthStart } from "@/server/maintenance/months";
import { createMonthPartitions } from "@/server/maintenance/partitions";
import { seededRandom } from "./random";
import { seconds } from "./report";
import { chatLine, HIDDEN, phoneNumber } from "./seed-text";
import { BENCH_PASSWORD, SERVICE_NAMES, SERVICES_PER_ARTIST, type ConversationPlan, type World } from "./seed-world";

/** Messages per INSERT … SELECT FROM unnest(…) batch (whole conversations, so a little more). */
const BATCH_MESSAGES = 25_000;
/** Batches in flight at once: one is generated while the other is written. */
const BATCH_CONCURRENCY = 2;

const toTimestamp = (column: string) => `(to_timestamp(${column} / 1000.0) AT TIME ZONE 'UTC')`;

async function insertWorld(pool: pg.Pool, world: World, passwordHash: string): Promise<void> {
  const { users, conversations, artists } = world;
  await pool.query(
    `INSERT INTO "User" (id, email, name, role, "passwordHash", "createdAt")
     SELECT u.id, u.email, u.name, u.role::"Role", $5, ${toTimestamp("$6::float8")}
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(id, email, name, role)`,
    [users.map((u) => u.id), users.map((u) => u.email), users.map((u) => u.name), users.map((u) => u.role), passwordHash, world.oldestAt - 30 * 86_400_000],
  );
  await pool.query(
    `INSERT INTO "Service" (id, "artistId", name, "durationMinutes", "priceCents")
     SELECT 'c' || substr(md5(a.id || ':' || s), 1, 24), a.id, ($2::text[])[1 + (a.n + s) % array_length($2::text[], 1)],
            60 + 30 * (s % 3), 2500 + 1000 * ((a.n * 7 + s) % 12)
       FROM unnest($1::text[]) WITH ORDINALITY AS a(id, n), generate_series(0, ${SERVICES_PER_ARTIST - 1}) AS s`,
    [artists.map((a) => a.id), SERVICE_NAMES],
  );
  await pool.query(
    `INSERT INTO "Conversation" (id, "customerId", "artistId", "lastSeq", "createdAt", "updatedAt")
     SELECT c.id, c.customer, c.artist, c.messages, ${toTimestamp("c.first")} - interval '1 hour', ${toTimestamp("c.last")}
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::float8[], $6::float8[])
         AS c(id, customer, artist, messages, first, last)`,
    [
      conversations.map((c) => c.id),
      conversations.map((c) => c.customer.id),
      conversations.map((c) => c.artist.id),
      conversations.map((c) => c.messages),
      conversations.map((c) => c.firstAt),
      conversations.map((c) => c.lastAt),
    ],
  );
  const unreadOf = (c: ConversationPlan, side: "customer" | "artist") => (c.unread?.side === side ? c.unread.count : 0);
  await pool.query(
    `INSERT INTO "Participant" ("conversationId", "userId", "lastReadSeq", "lastReadAt", "joinedAt")
     SELECT c.id, p."userId", c."lastSeq" - p.unread, c."updatedAt" - make_interval(secs => p.unread * 60), c."createdAt"
       FROM unnest($1::text[], $2::int[], $3::int[]) AS u(id, customer, artist)
       JOIN "Conversation" c ON c.id = u.id
      CROSS JOIN LATERAL (VALUES (c."customerId", u.customer), (c."artistId", u.artist)) AS p("userId", unread)`,
    [conversations.map((c) => c.id), conversations.map((c) => unreadOf(c, "customer")), conversations.map((c) => unreadOf(c, "artist"))],
  );
  const bookings = conversations.flatMap((c) => c.bookings.map((b) => ({ ...b, conversation: c })));
  if (bookings.length) {
    await pool.query(
      `INSERT INTO "Booking" (id, "serviceId", "customerId", "artistId", "conversationId", status, "startsAt", note, "createdAt", "updatedAt")
       SELECT b.id, 'c' || substr(md5(b.artist || ':' || b.service), 1, 24), b.customer, b.artist, b.conversation,
              b.status::"BookingStatus", ${toTimestamp("b.starts")}, 'Looking forward to it', ${toTimestamp("b.starts")} - interval '20 days',
              ${toTimestamp("b.starts")} - interval '10 days'
         FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[])
           AS b(id, service, customer, artist, conversation, status, starts)`,
      [
        bookings.map((b) => b.id),
        bookings.map((b) => b.serviceIndex),
        bookings.map((b) => b.conversation.customer.id),
        bookings.map((b) => b.conversation.artist.id),
        bookings.map((b) => b.conversation.id),
        bookings.map((b) => b.status),
        bookings.map((b) => b.startsAt),
      ],
    );
  }
}

interface MessageBatch {
  conversationId: string[];
  seq: number[];
  senderId: (string | null)[];
  kind: string[];
  text: string[];
  originalText: (string | null)[];
  bookingId: (string | null)[];
  contactDetailsHidden: boolean[];
  createdAt: number[];
}

/**
 * Every message of these conversations, seq 1…n each, the newest at the conversation's lastAt.
 * After a participant's read position only the other side writes (writing marks everything read).
 */
function generateMessages(plans: ConversationPlan[], vocabulary: readonly string[]): MessageBatch {
  const batch: MessageBatch = { conversationId: [], seq: [], senderId: [], kind: [], text: [], originalText: [], bookingId: [], contactDetailsHidden: [], createdAt: [] };
  for (const plan of plans) {
    const random = seededRandom(1_000_003 * (plan.index + 1));
    const bookingAt = new Map(plan.bookings.map((b) => [b.seq, b]));
    const span = plan.lastAt - plan.firstAt;
    const unreadFrom = plan.unread ? plan.messages - plan.unread.count + 1 : Number.POSITIVE_INFINITY;
    const unreadWriter = plan.unread?.side === "customer" ? plan.artist.id : plan.customer.id;
    for (let seq = 1; seq <= plan.messages; seq++) {
      const booking = bookingAt.get(seq);
      let text: string;
      let originalText: string | null = null;
      if (booking) {
        const when = new Date(booking.startsAt).toUTCString().slice(0, 22);
        text = `Booking ${booking.status === "PENDING" ? "requested" : booking.status.toLowerCase()}: ${SERVICE_NAMES[booking.serviceIndex % SERVICE_NAMES.length]} on ${when}`;
      } else {
        text = chatLine(random, vocabulary);
        // Before a confirmed booking, a number someone sends is hidden from the other side.
        if (random() < 0.01) {
          originalText = `${text} my number is ${phoneNumber(random)}`;
          text = `${text} my number is ${HIDDEN}`;
        }
      }
      const sender = random() < 0.5 ? plan.customer.id : plan.artist.id;
      batch.conversationId.push(plan.id);
      batch.seq.push(seq);
      batch.senderId.push(booking ? null : seq >= unreadFrom ? unreadWriter : sender);
      batch.kind.push(booking ? "SYSTEM" : "TEXT");
      batch.text.push(text);
      batch.originalText.push(originalText);
      batch.bookingId.push(booking?.id ?? null);
      batch.contactDetailsHidden.push(originalText !== null);
      batch.createdAt.push(plan.messages === 1 ? plan.lastAt : plan.firstAt + Math.floor((span * (seq - 1)) / (plan.messages - 1)));
    }
  }
  return batch;
}

async function insertMessages(pool: pg.Pool, batch: MessageBatch): Promise<void> {
  await pool.query(
    `INSERT INTO "Message" (id, "conversationId", seq, "senderId", kind, text, "clientId", "bookingId", "originalText", "contactDetailsHidden", "createdAt")
     SELECT 'c' || substr(md5(m.conversation || ':' || m.seq), 1, 24), m.conversation, m.seq, m.sender, m.kind::"MessageKind", m.text,
            CASE WHEN m.sender IS NULL THEN NULL ELSE substr(md5('client:' || m.conversation || ':' || m.seq), 1, 21) END,
            m.booking, m.original, m.hidden, ${toTimestamp("m.created")}
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::float8[])
         AS m(conversation, seq, sender, kind, text, original, booking, hidden, created)`,
    [batch.conversationId, batch.seq, batch.senderId, batch.kind, batch.text, batch.originalText, batch.bookingId, batch.contactDetailsHidden, batch.createdAt],
  );
}

/** Groups of whole conversations of about BATCH_MESSAGES messages. */
function batchesOf(plans: ConversationPlan[]): ConversationPlan[][] {
  const batches: ConversationPlan[][] = [];
  let current: ConversationPlan[] = [];
  let size = 0;
  for (const plan of plans) {
    current.push(plan);
    size += plan.messages;
    if (size >= BATCH_MESSAGES) {
      batches.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length) batches.push(current);
  return batches;
}

/**
 * `Message` is range-partitioned by month of createdAt: the months from `oldest` to `newest` get
 * their partitions before the messages go in (the app's own maintenance code makes them), so no
 * row lands in the DEFAULT partition.
 */
async function ensurePartitionsFor(pool: pg.Pool, oldest: Date, newest: Date): Promise<void> {
  const months: Date[] = [];
  for (let month = monthStart(oldest); month <= newest; month = monthStart(month, 1)) months.push(month);
  const sql: SqlQuery = async <Row>(text: string, params: unknown[]) => (await pool.query(text, params)).rows as Row[];
  await createMonthPartitions(sql, "Message", months);
}

export interface FillResult {
  messages: number;
  totalMs: number;
  /** The messages' inserts alone, and the rate they went in at. */
  messagesMs: number;
  messagesPerSecond: number;
}

/** Inserts the world (the database must be migrated), rebuilds the full-text index, VACUUM ANALYZE. */
export async function fillWorld(pool: pg.Pool, world: World, vocabulary: readonly string[], log: (line: string) => void): Promise<FillResult> {
  const started = performance.now();
  await ensurePartitionsFor(pool, new Date(world.oldestAt), new Date(world.newestAt));
  // One hash for every bench account: scrypt costs ~50 ms, and the salt needs not differ for a bench.
  await insertWorld(pool, world, await hashPassword(BENCH_PASSWORD));
  const worldMs = performance.now() - started;

  // The full-text index is built once after the load (same definition), not updated per row.
  const [searchIndex] = (
    await pool.query<{ indexdef: string }>(
      `SELECT pg_get_indexdef(i.indexrelid) AS indexdef FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relname = 'Message_text_search_idx'`,
    )
  ).rows;
  if (!searchIndex) throw new Error('The migrations did not create "Message_text_search_idx"');
  await pool.query(`DROP INDEX "Message_text_search_idx"`);

  const loadStarted = performance.now();
  const batches = batchesOf(world.conversations);
  const total = world.conversations.reduce((a, c) => a + c.messages, 0);
  let next = 0;
  let inserted = 0;
  let lastReport = loadStarted;
  const worker = async () => {
    while (next < batches.length) {
      const batch = generateMessages(batches[next++]!, vocabulary);
      await insertMessages(pool, batch);
      inserted += batch.seq.length;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        log(`  … ${inserted.toLocaleString("en-GB")} messages (${seconds(lastReport - loadStarted)})`);
      }
    }
  };
  await Promise.all(Array.from({ length: BATCH_CONCURRENCY }, worker));
  // Each read position with the time of its message, as sends and markRead keep it.
  await pool.query(
    `UPDATE "Participant" p SET "lastReadMessageAt" = m."createdAt"
       FROM "Message" m WHERE m."conversationId" = p."conversationId" AND m.seq = p."lastReadSeq" AND p."lastReadSeq" > 0`,
  );
  const messagesMs = performance.now() - loadStarted;

  const indexStarted = performance.now();
  const client = await pool.connect();
  try {
    await client.query(`SET maintenance_work_mem = '512MB'`);
    // The definition of a partitioned table's index reads "ON ONLY": that would build the parent's
    // alone (invalid, no partition indexed); without ONLY it is built on every partition.
    await client.query(searchIndex.indexdef.replace(" ON ONLY ", " ON "));
  } finally {
    client.release();
  }
  const indexMs = performance.now() - indexStarted;

  const analyzeStarted = performance.now();
  await pool.query("VACUUM ANALYZE");
  const analyzeMs = performance.now() - analyzeStarted;
  const totalMs = performance.now() - started;
  const messagesPerSecond = Math.round(total / (messagesMs / 1000));

  const [sizes] = (
    await pool.query<{ messages: string; conversations: string; users: string; bookings: string; table: string; gin: string }>(
      `SELECT (SELECT count(*) FROM "Message") AS messages, (SELECT count(*) FROM "Conversation") AS conversations,
              (SELECT count(*) FROM "User") AS users, (SELECT count(*) FROM "Booking") AS bookings,
              -- (pg_partition_tree lists a partitioned table's partitions, and nothing for a plain table)
              pg_size_pretty(COALESCE((SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('"Message"')),
                                      pg_total_relation_size('"Message"'))) AS table,
              pg_size_pretty(COALESCE((SELECT sum(pg_relation_size(relid)) FROM pg_partition_tree('"Message_text_search_idx"')),
                                      pg_relation_size('"Message_text_search_idx"'))) AS gin`,
    )
  ).rows;
  log(
    `Filled in ${seconds(totalMs)}: users, conversations, bookings ${seconds(worldMs)}, ` +
      `${total.toLocaleString("en-GB")} messages ${seconds(messagesMs)} (${messagesPerSecond.toLocaleString("en-GB")} rows/s), ` +
      `full-text index ${seconds(indexMs)}, VACUUM ANALYZE ${seconds(analyzeMs)}`,
  );
  log(
    `  now ${Number(sizes!.messages).toLocaleString("en-GB")} messages, ${sizes!.conversations} conversations, ${sizes!.users} users, ` +
      `${sizes!.bookings} bookings; "Message" with its indexes ${sizes!.table}, Message_text_search_idx ${sizes!.gin}`,
  );
  return { messages: total, totalMs, messagesMs, messagesPerSecond };
}
