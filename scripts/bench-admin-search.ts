/**
 * `npm run bench:search -- [flags]`: how fast the admin console's conversation search answers on a
 * big database. A benchmark, not a test: it prints figures and asserts no timing (it exits
 * non-zero only when something fails).
 *
 * It creates a throwaway database on the Postgres of --database-url ($BENCH_DATABASE_URL,
 * $TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres), applies the app's
 * migrations, and fills it with SQL in batches: customers and artists with realistic names,
 * --conversations conversations (default 2,000) with their participants, a few services and
 * bookings, and --messages messages (default 1,000,000). Conversations differ in length (a few
 * long ones, many short) and in when they were last active; seq is gap-free per conversation and
 * lastSeq/updatedAt match its newest message. Message text is beauty-services chat: stock phrases
 * and runs of words drawn from a Zipf-like distribution (rank r drawn with probability ∝ 1/r) over
 * a vocabulary of everyday chat words, then salon words, then a long tail of made-up words that
 * stands in for names, brands and misspellings, so a few words are in most messages and most
 * words in hardly any. Some messages were changed by the safety layer (contact details hidden):
 * what was written is in originalText, which the search reads. The same data every run (seeded).
 *
 * The full-text index (Message_text_search_idx, admin_console migration) is dropped before the
 * messages go in and built again from its own definition afterwards (pg_get_indexdef): building a
 * GIN index once is much faster than updating it a million times, and gives the same index.
 *
 * Then it calls the real service, searchConversations(prisma, admin, { query }), for a rare word,
 * a medium word, a very common word, two words, a participant's name, a fragment of an email, a
 * conversation id, a booking id and a query that matches nothing (and a frequent word, in a few %
 * of the messages): warm-up calls, then --runs timed calls each (default 30), p50/p95/max in ms.
 * Each call includes what the service does: its audit insert, the search query and the
 * participants' lookup; the search statement alone is timed too. The issue's target: a search
 * over 1 M messages answers in ≤ 100 ms, read here as p95 ≤ 100 ms. Then EXPLAIN (ANALYZE,
 * BUFFERS) of the common word's search query, as the service sent it.
 */
import { cpus, platform, release, totalmem, availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { migratePostgres } from "@/server/db/connect";
import type { AdminActor } from "@/server/services/admin/audit";
import { searchConversations } from "@/server/services/admin/conversation-search";
import { runWithCleanup, type Cleanup } from "./bench/cleanup";
import { summarize, type LatencySummary } from "./bench/report";
import { createThrowawayDatabase, queryOnce } from "@tests/support/database";
import { pick, seededRandom, type Random } from "./bench/random";

const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const TARGET_P95_MS = 100;
const WARM_UP_CALLS = 3;
/** Messages per INSERT … SELECT FROM unnest(…) batch (whole conversations, so a little more). */
const BATCH_MESSAGES = 25_000;
/** Batches in flight at once: one is generated while the other is written. */
const BATCH_CONCURRENCY = 2;

const USAGE = `Usage: npm run bench:search -- [flags]
  --messages N       messages in the database (default 1000000)
  --conversations C  conversations they are spread over (default 2000)
  --runs R           timed calls per query, after ${WARM_UP_CALLS} warm-up calls (default 30)
  --database-url U   Postgres to create the bench database on
                     (default: $BENCH_DATABASE_URL, $TEST_DATABASE_URL, ${DEFAULT_ADMIN_URL})
  --plans            print the whole EXPLAIN (ANALYZE, BUFFERS) of every query, not only the summary
                     of the common word's
  --keep             leave the database there at the end (to try queries on it); prints how to drop it`;

interface Options {
  messages: number;
  conversations: number;
  runs: number;
  adminDatabaseUrl: string;
  plans: boolean;
  keep: boolean;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of 1 or more (got "${raw}")`);
  return value;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      messages: { type: "string" },
      conversations: { type: "string" },
      runs: { type: "string" },
      "database-url": { type: "string" },
      plans: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const conversations = positiveInt("conversations", values.conversations, 2_000);
  const messages = positiveInt("messages", values.messages, 1_000_000);
  if (conversations < 20) throw new Error("--conversations must be at least 20");
  if (messages < conversations * 2) throw new Error("--messages must be at least twice --conversations");
  return {
    messages,
    conversations,
    runs: positiveInt("runs", values.runs, 30),
    adminDatabaseUrl:
      values["database-url"] || process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_ADMIN_URL,
    plans: values.plans,
    keep: values.keep,
  };
}

// ---------------------------------------------------------------------------------------------
// Deterministic data

/** A rank in [0, n): rank r drawn with probability ∝ about 1/(r+1) (log-uniform), Zipf's law with s = 1. */
const zipfIndex = (random: Random, n: number) => Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1))) - 1);

const ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
/** A cuid-shaped id ("c" and 24 of [0-9a-z]), as the app hands out and ID_PATTERN accepts. */
function cuidLike(random: Random): string {
  let id = "c";
  for (let i = 0; i < 24; i++) id += ID_ALPHABET[Math.floor(random() * 36)];
  return id;
}

const FIRST_NAMES = (
  "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Sophia Grace Freya Florence Willow Evie Poppy Sienna Ella Daisy Aria Phoebe " +
  "Amara Zara Aisha Priya Ananya Fatima Maryam Chloe Ruby Millie Jasmine Leah Hannah Nadia Yasmin Layla Eloise Harriet Imogen " +
  "Mei Yuki Sakura Lucia Sofia Chiara Ines Camila Valentina Noor Ifeoma Chiamaka Adaeze Tanisha Keisha Shanice Bethany Kirsty " +
  "Olamide Joanna Katarzyna Agnieszka Roisin Siobhan Niamh Ciara Megan Rhiannon Carys Ffion Oliver Noah George Leo Arthur " +
  "Muhammad Jack Theo Oscar Harry Jamal Tariq Kwame Rohan Arjun Mateo Luca Callum Declan"
).split(" ");
const LAST_NAMES = (
  "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker White Edwards " +
  "Hughes Green Hall Lewis Harris Clarke Patel Khan Ahmed Ali Hussain Begum Shah Singh Kaur Sharma Okafor Adeyemi Mensah Owusu " +
  "Nwosu Chukwu Campbell Murphy Kelly O'Brien Byrne Walsh Nowak Kowalski Wiśniewska Rossi Russo Ferrari Silva Santos Costa " +
  "Oliveira Garcia Martinez Lopez Nguyen Tran Chen Wang Li Zhang Kim Park Tanaka Sato Cohen Levy Jackson Bennett Fletcher " +
  "Holloway Pemberton Ashworth Whitfield Blackwood Okonkwo Abiodun Achterberg"
).split(" ");
const EMAIL_DOMAINS = ["gmail.com", "outlook.com", "icloud.com", "yahoo.co.uk", "hotmail.co.uk", "btinternet.com", "proton.me"];
const STUDIO_WORDS = ["Studio", "Beauty", "Lashes", "Nails", "Brows", "Glow", "Glam", "Hair", "Atelier", "Bar"];

/**
 * Chat words from the most used down: everyday words first, then the salon's own. Their place is
 * their Zipf rank, so the first are in most messages and the last in a few hundred.
 */
const EVERYDAY_WORDS = (
  "you i the to for and a is it can my at on do be so that have thanks your me in of hi with we just will what time " +
  "yes ok would if are get like this no thank there see not all but how much please when about book could any " +
  "great perfect lovely love okay sure need want know let tomorrow today morning afternoon evening week next day " +
  "saturday friday sunday monday tuesday wednesday thursday am pm was been still soon back then there's i'm it's " +
  "that's don't can't i'll you're sorry hey hello hiya x xx xxx amazing gorgeous beautiful fab cool brilliant " +
  "free available slot appointment booked booking confirm confirmed cancel reschedule running late minutes hour " +
  "price cost pounds deposit pay paid cash card transfer address postcode parking door bell street road flat " +
  "floor station bus train car near from here there now later after before around about early"
).split(" ");
const SALON_WORDS = (
  "nails gel acrylic manicure pedicure shellac polish colour color nude french tips infill infills refill removal " +
  "soak off file shape almond coffin square oval stiletto length short long chrome glitter ombre art design " +
  "lashes lash extensions classic hybrid volume russian lift tint brows brow lamination threading wax waxing " +
  "henna microblading powder ombré makeup bridal wedding bride bridesmaids prom party trial foundation concealer " +
  "contour highlight lipstick lip liner eyeliner mascara false strip lashes skin facial peel dermaplaning " +
  "hydrafacial serum cleanser moisturiser spf sensitive allergy patch test reaction redness swelling aftercare " +
  "hair cut trim blow dry blowout curls waves straight balayage highlights lowlights babylights toner bleach " +
  "roots regrowth silver blonde brunette copper red caramel honey ash platinum extensions tape weave braids " +
  "knotless cornrows locs twists wig install frontal closure silk press relaxer keratin olaplex treatment " +
  "updo bun ponytail fringe layers bob pixie undercut fade lineup beard shave spray tan tanning massage " +
  "sugaring hollywood brazilian bikini underarm legs full half eyebrow lip chin upper photos pics picture " +
  "inspo inspiration pinterest instagram reference portfolio kit products brand opi gelish cnd biab builder " +
  "structured overlay natural tip dip hard soft rubber base top coat cuticle oil hand cream nailpolish sparkle"
).split(" ");
/** Real words put deep in the tail, so the bench knows a rare one by name. */
const RARE_WORDS: [rank: number, word: string][] = [
  [4_000, "vitiligo"],
  [12_000, "kintsugi"],
  [30_000, "marquetry"],
];
const TAIL_SIZE = 60_000;

const ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pr", "r", "s", "sh", "sk", "sl", "st", "t", "th", "tr", "v", "w", "z"];
const VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "oo", "ou", "y"];
const CODAS = ["", "", "b", "ck", "d", "g", "k", "l", "m", "n", "nk", "p", "r", "rt", "s", "sh", "ss", "t", "x"];

/** The vocabulary in Zipf rank order: everyday words, salon words, then the made-up long tail. */
function buildVocabulary(): string[] {
  const random = seededRandom(7_000_001);
  const words = [...new Set([...EVERYDAY_WORDS, ...SALON_WORDS])];
  const seen = new Set([...words, ...RARE_WORDS.map(([, w]) => w)]);
  while (words.length < TAIL_SIZE) {
    let word = "";
    const syllables = 2 + Math.floor(random() * 2);
    for (let s = 0; s < syllables; s++) word += pick(random, ONSETS) + pick(random, VOWELS) + pick(random, CODAS);
    if (seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  for (const [rank, word] of RARE_WORDS) words.splice(rank, 0, word);
  return words;
}

/** Whole things people say, also drawn by Zipf rank; {n} a number, {t} a time, {p} a price. */
const STOCK_PHRASES = [
  "Thank you so much!",
  "See you then",
  "Hi, is {t} on Saturday still free?",
  "Perfect, see you tomorrow x",
  "Running about {n} minutes late, so sorry",
  "Can I book a gel infill for next week?",
  "How much for a full set of acrylics?",
  "That would be £{p} including removal",
  "Could you send me some pics of your work?",
  "I've sent the deposit",
  "Deposit received, you're all booked in",
  "Is there parking near the studio?",
  "Do you do patch tests for lash tint?",
  "My nails lifted after a week, can you fix them?",
  "Can we move my appointment to {t}?",
  "Lovely, thank you for coming today",
  "What colour are you thinking?",
  "I'd like something nude with a bit of chrome",
  "Bridal trial first, then the wedding in June",
  "Please arrive {n} minutes early",
  "Keep them dry for 24 hours",
  "Avoid oil based cleansers for a couple of days",
  "Running a little behind today, sorry!",
  "Do you have anything earlier?",
  "The studio is on the second floor above the bakery",
  "Happy to do a classic set with a few hybrid lashes",
  "Balayage usually takes around three hours",
  "Can you do knotless braids waist length?",
  "Brow lamination and tint please",
  "Your lashes look amazing in the photos!",
];

const PLACEHOLDERS: Record<string, (random: Random) => string> = {
  "{n}": (random) => String(5 + Math.floor(random() * 25)),
  "{t}": (random) => `${9 + Math.floor(random() * 9)}:${pick(random, ["00", "15", "30", "45"])}`,
  "{p}": (random) => String(25 + Math.floor(random() * 120)),
};

const fillPhrase = (phrase: string, random: Random) => phrase.replace(/\{[ntp]\}/g, (slot) => PLACEHOLDERS[slot]!(random));

/** One chat message: a stock phrase, a run of Zipf-drawn words, or both. */
function chatLine(random: Random, vocabulary: readonly string[]): string {
  const kind = random();
  if (kind < 0.15) return fillPhrase(STOCK_PHRASES[zipfIndex(random, STOCK_PHRASES.length)]!, random);
  // 2 to ~25 words, most 4–10.
  const count = 2 + Math.floor(-Math.log(1 - random()) * 6);
  const words: string[] = [];
  for (let i = 0; i < Math.min(count, 40); i++) words.push(vocabulary[zipfIndex(random, vocabulary.length)]!);
  let line = words.join(" ");
  line = line[0]!.toUpperCase() + line.slice(1) + pick(random, ["", "", "", ".", "!", "?", " x", " 💅", " ✨", " 😊"]);
  return kind < 0.3 ? `${fillPhrase(pick(random, STOCK_PHRASES), random)} ${line}` : line;
}

const HIDDEN = "[contact details hidden]";
function phoneNumber(random: Random): string {
  return `07${Math.floor(100 + random() * 900)} ${Math.floor(100_000 + random() * 900_000)}`;
}

// ---------------------------------------------------------------------------------------------
// The world: users, conversations, bookings (small, made in Node, inserted with unnest)

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: "CUSTOMER" | "ARTIST" | "ADMIN";
}

interface ConversationPlan {
  index: number;
  id: string;
  customer: UserRow;
  artist: UserRow;
  messages: number;
  /** Epoch ms of the first and the newest message. */
  firstAt: number;
  lastAt: number;
  bookings: { id: string; serviceIndex: number; seq: number; startsAt: number; status: string }[];
}

interface World {
  users: UserRow[];
  admin: UserRow;
  customers: UserRow[];
  artists: UserRow[];
  conversations: ConversationPlan[];
}

const DAY = 24 * 60 * 60 * 1000;
const SERVICES_PER_ARTIST = 3;
const SERVICE_NAMES = ["Gel manicure", "Full set acrylics", "Classic lash extensions", "Brow lamination", "Balayage", "Bridal makeup", "Knotless braids", "Spray tan", "Pedicure"];

function planWorld(options: Options, now: number): World {
  const random = seededRandom(20_261_124);
  const usedEmails = new Set<string>();
  const person = (role: "CUSTOMER" | "ARTIST", n: number): UserRow => {
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    const name = role === "ARTIST" && random() < 0.4 ? `${first} ${last} ${pick(random, STUDIO_WORDS)}` : `${first} ${last}`;
    const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
    let email = `${local}@${pick(random, EMAIL_DOMAINS)}`;
    if (usedEmails.has(email)) email = `${local}${n}@${pick(random, EMAIL_DOMAINS)}`;
    usedEmails.add(email);
    return { id: cuidLike(random), email, name, role };
  };
  const artistCount = Math.max(5, Math.round(options.conversations / 10));
  const customerCount = Math.max(10, Math.round(options.conversations * 0.8));
  const artists = Array.from({ length: artistCount }, (_, n) => person("ARTIST", n));
  const customers = Array.from({ length: customerCount }, (_, n) => person("CUSTOMER", n));
  const admin: UserRow = { id: cuidLike(random), email: "support@glow.example", name: "Glow Support", role: "ADMIN" };

  // Customer i % C talks to artists chosen so that no pair repeats (the unique (customerId, artistId)).
  const pairs = new Set<string>();
  const weights = Array.from({ length: options.conversations }, (_, i) => 1 / Math.pow(i + 10, 0.8));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  // Every conversation at least 2 messages; the rest shared out by weight, the remainder to the longest.
  const spare = options.messages - 2 * options.conversations;
  const counts = weights.map((w) => 2 + Math.floor((w / weightSum) * spare));
  counts[0]! += options.messages - counts.reduce((a, b) => a + b, 0);
  // Length and recency are independent: shuffle which conversation gets which length.
  for (let i = counts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [counts[i], counts[j]] = [counts[j]!, counts[i]!];
  }

  const conversations: ConversationPlan[] = [];
  for (let i = 0; i < options.conversations; i++) {
    const customer = customers[i % customerCount]!;
    let artistIndex = Math.floor(random() * artistCount);
    while (pairs.has(`${customer.id}:${artists[artistIndex]!.id}`)) artistIndex = (artistIndex + 1) % artistCount;
    const artist = artists[artistIndex]!;
    pairs.add(`${customer.id}:${artist.id}`);
    const messages = counts[i]!;
    // Last active within the past half year, most of them recently.
    const lastAt = now - Math.floor(Math.pow(random(), 2) * 180 * DAY) - Math.floor(random() * DAY);
    const firstAt = lastAt - Math.floor((1 + random() * 365) * DAY * Math.min(1, messages / 200));
    const bookings: ConversationPlan["bookings"] = [];
    if (random() < 0.08) {
      const n = 1 + Math.floor(random() * 3);
      for (let b = 0; b < n; b++) {
        bookings.push({
          id: cuidLike(random),
          serviceIndex: Math.floor(random() * SERVICES_PER_ARTIST),
          seq: 1 + Math.floor(random() * messages),
          startsAt: lastAt + Math.floor((random() * 60 - 20) * DAY),
          status: pick(random, ["PENDING", "CONFIRMED", "CONFIRMED", "COMPLETED", "CANCELLED"]),
        });
      }
    }
    conversations.push({ index: i, id: cuidLike(random), customer, artist, messages, firstAt, lastAt, bookings });
  }
  return { users: [...customers, ...artists, admin], admin, customers, artists, conversations };
}

// ---------------------------------------------------------------------------------------------
// Filling the database

const toTimestamp = (column: string) => `(to_timestamp(${column} / 1000.0) AT TIME ZONE 'UTC')`;

async function insertWorld(pool: pg.Pool, world: World): Promise<void> {
  const { users, conversations, artists } = world;
  await pool.query(
    `INSERT INTO "User" (id, email, name, role, "passwordHash", "createdAt")
     SELECT u.id, u.email, u.name, u.role::"Role", 'scrypt$bench$not-a-password', now() - interval '400 days'
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(id, email, name, role)`,
    [users.map((u) => u.id), users.map((u) => u.email), users.map((u) => u.name), users.map((u) => u.role)],
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
  await pool.query(
    `INSERT INTO "Participant" ("conversationId", "userId", "lastReadSeq", "joinedAt")
     SELECT c.id, p."userId", greatest(0, c."lastSeq" - p.unread), c."createdAt"
       FROM "Conversation" c
      CROSS JOIN LATERAL (VALUES (c."customerId", (abs(hashtext(c.id)) % 3)), (c."artistId", 0)) AS p("userId", unread)`,
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

/** Every message of these conversations, seq 1…n each, the newest at the conversation's lastAt. */
function generateMessages(plans: ConversationPlan[], vocabulary: readonly string[]): MessageBatch {
  const batch: MessageBatch = { conversationId: [], seq: [], senderId: [], kind: [], text: [], originalText: [], bookingId: [], contactDetailsHidden: [], createdAt: [] };
  for (const plan of plans) {
    const random = seededRandom(1_000_003 * (plan.index + 1));
    const bookingAt = new Map(plan.bookings.map((b) => [b.seq, b]));
    const span = plan.lastAt - plan.firstAt;
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
      batch.conversationId.push(plan.id);
      batch.seq.push(seq);
      batch.senderId.push(booking ? null : random() < 0.5 ? plan.customer.id : plan.artist.id);
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

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function fill(pool: pg.Pool, world: World, vocabulary: readonly string[], log: (line: string) => void): Promise<void> {
  const started = performance.now();
  await insertWorld(pool, world);
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
  const loadMs = performance.now() - loadStarted;

  const indexStarted = performance.now();
  const client = await pool.connect();
  try {
    await client.query(`SET maintenance_work_mem = '512MB'`);
    await client.query(searchIndex.indexdef);
  } finally {
    client.release();
  }
  const indexMs = performance.now() - indexStarted;

  const analyzeStarted = performance.now();
  await pool.query("VACUUM ANALYZE");
  const analyzeMs = performance.now() - analyzeStarted;

  const [sizes] = (
    await pool.query<{ messages: string; conversations: string; users: string; bookings: string; table: string; gin: string }>(
      `SELECT (SELECT count(*) FROM "Message") AS messages, (SELECT count(*) FROM "Conversation") AS conversations,
              (SELECT count(*) FROM "User") AS users, (SELECT count(*) FROM "Booking") AS bookings,
              pg_size_pretty(pg_table_size('"Message"')) AS table, pg_size_pretty(pg_relation_size('"Message_text_search_idx"')) AS gin`,
    )
  ).rows;
  log(
    `Filled in ${seconds(performance.now() - started)}: users, conversations, bookings ${seconds(worldMs)}, ` +
      `messages ${seconds(loadMs)} (${Math.round(world.conversations.reduce((a, c) => a + c.messages, 0) / (loadMs / 1000)).toLocaleString("en-GB")}/s), ` +
      `full-text index ${seconds(indexMs)}, VACUUM ANALYZE ${seconds(analyzeMs)}`,
  );
  log(
    `  ${Number(sizes!.messages).toLocaleString("en-GB")} messages, ${sizes!.conversations} conversations, ${sizes!.users} users, ` +
      `${sizes!.bookings} bookings; "Message" ${sizes!.table}, Message_text_search_idx ${sizes!.gin}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Case {
  label: string;
  query: string;
  /** Messages whose words match (for word queries), to say how common the word is. */
  countMessages: boolean;
}

function chooseCases(world: World): Case[] {
  // A conversation in the middle of the activity order, and its customer.
  const byActivity = [...world.conversations].sort((a, b) => b.lastAt - a.lastAt);
  const middle = byActivity[Math.floor(byActivity.length / 2)]!;
  const withBooking = byActivity.find((c, i) => i > byActivity.length / 3 && c.bookings.length > 0) ?? byActivity.find((c) => c.bookings.length > 0);
  const person = middle.customer;
  const emailFragment = person.email.split("@")[0]!.slice(0, 10);
  const cases: Case[] = [
    { label: "rare word", query: RARE_WORDS[1]![1], countMessages: true },
    { label: "medium word", query: "balayage", countMessages: true },
    { label: "very common word", query: "you", countMessages: true },
    // Common, but in a few % of messages rather than in most of them.
    { label: "frequent word", query: "thanks", countMessages: true },
    { label: "two words", query: "gel infill", countMessages: true },
    { label: "participant name", query: person.name, countMessages: false },
    { label: "email fragment", query: emailFragment, countMessages: false },
    { label: "conversation id", query: middle.id, countMessages: false },
  ];
  if (withBooking) cases.push({ label: "booking id", query: withBooking.bookings[0]!.id, countMessages: false });
  cases.push({ label: "no match", query: "xylophone", countMessages: true });
  return cases;
}

/** The SQL the pool runs, kept so the search query can be EXPLAINed exactly as it was sent. */
interface CapturedQuery {
  text: string;
  values: unknown[];
}

function captureQueries(pool: pg.Pool, isSearch: (text: string) => boolean): { last: () => CapturedQuery | undefined } {
  let last: CapturedQuery | undefined;
  pool.on("connect", (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const [first, second] = args;
      const text = typeof first === "string" ? first : (first as { text?: string } | null)?.text;
      const values = typeof first === "string" ? second : (first as { values?: unknown[] } | null)?.values;
      if (text && isSearch(text)) last = { text, values: Array.isArray(values) ? values : [] };
      return query(...args);
    };
  });
  return { last: () => last };
}

interface CaseResult {
  label: string;
  query: string;
  matchingMessages: number | null;
  firstPage: number;
  hasMore: boolean;
  matchedBy: string;
  ms: LatencySummary;
  /** The search statement alone, as the service sent it, over a plain connection (no audit, no Prisma). */
  sqlMs: LatencySummary | null;
  captured: CapturedQuery | undefined;
}

async function measure(prisma: PrismaClient, admin: AdminActor, pool: pg.Pool, testCase: Case, runs: number, capture: () => CapturedQuery | undefined): Promise<CaseResult> {
  const search = () => searchConversations(prisma, admin, { query: testCase.query });
  let result = await search();
  const captured = capture();
  for (let i = 1; i < WARM_UP_CALLS; i++) await search();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = await search();
    times.push(performance.now() - started);
  }
  let sqlMs: LatencySummary | null = null;
  if (captured) {
    for (let i = 0; i < WARM_UP_CALLS; i++) await pool.query(captured.text, captured.values);
    const sqlTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await pool.query(captured.text, captured.values);
      sqlTimes.push(performance.now() - started);
    }
    sqlMs = summarize(sqlTimes);
  }
  let matchingMessages: number | null = null;
  if (testCase.countMessages) {
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Message" m WHERE to_tsvector('simple', COALESCE(m."originalText", m."text")) @@ plainto_tsquery('simple', $1)`,
      [testCase.query],
    );
    matchingMessages = rows[0]!.n;
  }
  const reasons = new Map<string, number>();
  for (const item of result.items) {
    const key = item.matchedBy.join("+") || "-";
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  return {
    label: testCase.label,
    query: testCase.query,
    matchingMessages,
    firstPage: result.items.length,
    hasMore: result.nextCursor !== null,
    matchedBy: [...reasons].map(([k, n]) => `${k}×${n}`).join(" ") || "-",
    ms: summarize(times)!,
    sqlMs,
    captured,
  };
}

interface PlanLine {
  "QUERY PLAN": string;
}

async function explain(pool: pg.Pool, captured: CapturedQuery): Promise<string[]> {
  const { rows } = await pool.query<PlanLine>(`EXPLAIN (ANALYZE, BUFFERS) ${captured.text}`, captured.values);
  return rows.map((r) => r["QUERY PLAN"]);
}

function planSummary(lines: string[]): string[] {
  const top = lines[0]?.trim() ?? "(no plan)";
  const usesGin = lines.some((l) => l.includes("Message_text_search_idx"));
  const seqScanOnMessage = lines.some((l) => /Seq Scan on "Message"/.test(l));
  const nodes = lines
    .filter((l) => /(->|^\S)/.test(l) && !/^(Planning|Execution)/.test(l.trim()))
    .map((l) => l.replace(/\s*\(cost=.*$/, "").replace(/->\s*/, "").trim());
  return [
    `top node:         ${top}`,
    `nodes:            ${[...new Set(nodes)].join(" · ")}`,
    `GIN index used:   ${usesGin ? 'yes (Message_text_search_idx)' : "NO"}`,
    `Seq Scan on "Message": ${seqScanOnMessage ? "YES" : "none"}`,
    // The top node's own lines (its buffers), then the totals.
    ...lines.slice(1).filter((l, i, all) => /^\s{2}\S/.test(l) && all.slice(0, i).every((p) => /^\s{2}\S/.test(p))).map((l) => `  ${l.trim()}`),
    ...lines.filter((l) => /^(Planning Time|Execution Time)/.test(l.trim())).map((l) => l.trim()),
  ];
}

function pad(value: string, width: number, right = false): string {
  return right ? value.padStart(width) : value.padEnd(width);
}

function table(results: CaseResult[]): string[] {
  const shorten = (q: string) => (q.length > 28 ? `${q.slice(0, 27)}…` : q);
  const header = ["case", "query", "messages", "page", "matched by", "p50 ms", "p95 ms", "max ms", `p95 ≤ ${TARGET_P95_MS} ms`, "SQL p50", "SQL p95"];
  const rows = results.map((r) => [
    r.label,
    shorten(r.query),
    r.matchingMessages === null ? "" : r.matchingMessages.toLocaleString("en-GB"),
    `${r.firstPage}${r.hasMore ? "+" : ""}`,
    r.matchedBy,
    r.ms.p50.toFixed(1),
    r.ms.p95.toFixed(1),
    r.ms.max.toFixed(1),
    r.ms.p95 <= TARGET_P95_MS ? "met" : "NOT MET",
    r.sqlMs ? r.sqlMs.p50.toFixed(1) : "",
    r.sqlMs ? r.sqlMs.p95.toFixed(1) : "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([2, 3, 5, 6, 7, 9, 10]);
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, numeric.has(i))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

// ---------------------------------------------------------------------------------------------

async function run(options: Options, cleanup: Cleanup, log: (line: string) => void): Promise<void> {
  const cpuList = cpus();
  log(
    `Machine: ${cpuList[0]?.model.trim() ?? "unknown CPU"} × ${cpuList.length} (available ${availableParallelism()}), ` +
      `${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${platform()} ${release()}, node ${process.version}, ` +
      `load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  );
  const db = await createThrowawayDatabase(options.adminDatabaseUrl, "bench");
  if (options.keep) {
    cleanup.add(`keeping database ${db.name}`, async () => log(`Kept ${db.url}; drop it with: ${db.dropCommand.map((a) => (/[\s"()]/.test(a) ? `'${a}'` : a)).join(" ")}`));
  } else {
    cleanup.add(`dropping database ${db.name}`, () => db.drop());
  }
  const [server] = await queryOnce<{ version: string }>(db.url, "SELECT version()");
  const settings = await queryOnce<{ name: string; setting: string; unit: string | null }>(
    db.url,
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'random_page_cost', 'jit') ORDER BY name`,
  );
  log(`Postgres: ${server!.version}`);
  log(`  ${settings.map((s) => `${s.name}=${s.setting}${s.unit ?? ""}`).join("  ")}`);
  log(`Created database ${db.name}; applying migrations…`);
  await migratePostgres(db.url);

  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on("error", () => {});
  const capture = captureQueries(pool, (text) => text.includes(`FROM "Conversation" c`));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  // Runs before the drop (newest first); bounded, so a query still running on Ctrl-C cannot hold it up.
  cleanup.add("closing the connections", () =>
    Promise.race([prisma.$disconnect().then(() => pool.end()), new Promise((resolve) => setTimeout(resolve, 5_000).unref())]),
  );

  const vocabulary = buildVocabulary();
  const world = planWorld(options, Date.now());
  log(
    `Filling: ${options.messages.toLocaleString("en-GB")} messages over ${options.conversations.toLocaleString("en-GB")} conversations, ` +
      `${world.customers.length} customers, ${world.artists.length} artists, vocabulary of ${vocabulary.length.toLocaleString("en-GB")} words…`,
  );
  await fill(pool, world, vocabulary, log);

  const admin: AdminActor = { id: world.admin.id, ip: "127.0.0.1", userAgent: "bench-admin-search" };
  const cases = chooseCases(world);
  log(`Timing searchConversations: ${WARM_UP_CALLS} warm-up calls, then ${options.runs} timed calls per query (audit insert + search + people)…`);
  const results: CaseResult[] = [];
  for (const testCase of cases) results.push(await measure(prisma, admin, pool, testCase, options.runs, capture.last));

  log("");
  for (const line of table(results)) log(line);
  log("(messages: messages whose words match; page: conversations on the first page, + when there are more;");
  log(" p50/p95/max: searchConversations as the router calls it, audit insert and people included;");
  log(" SQL: its search statement alone, sent again over a plain connection)");
  const missed = results.filter((r) => r.ms.p95 > TARGET_P95_MS);
  const worst = results.reduce((a, b) => (b.ms.p95 > a.ms.p95 ? b : a));
  log(
    `target ≤ ${TARGET_P95_MS} ms p95 over ${options.messages.toLocaleString("en-GB")} messages: ${missed.length === 0 ? "met" : "not met"} ` +
      `(slowest: ${worst.label}, p95 ${worst.ms.p95.toFixed(1)} ms${missed.length ? `; missed by ${missed.map((m) => m.label).join(", ")}` : ""})`,
  );

  const common = results.find((r) => r.label === "very common word");
  if (common?.captured) {
    log("");
    log(`EXPLAIN (ANALYZE, BUFFERS) of the search query for "${common.query}" (as the service sends it):`);
    const lines = await explain(pool, common.captured);
    for (const line of planSummary(lines)) log(`  ${line}`);
  }
  if (options.plans) {
    for (const r of results) {
      if (!r.captured) continue;
      log("");
      log(`EXPLAIN (ANALYZE, BUFFERS) — ${r.label} "${r.query}":`);
      for (const line of await explain(pool, r.captured)) log(`  ${line}`);
    }
  }
}

async function main() {
  let options: Options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n(npm run bench:search -- --help lists the flags)`);
    process.exit(2);
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const started = performance.now();
  let ok = false;
  await runWithCleanup(
    async (cleanup) => {
      await run(options, cleanup, log);
      ok = true;
    },
    log,
    "closing connections, dropping the database",
  );
  log(`Total ${seconds(performance.now() - started)}`);
  process.exit(ok ? 0 : 1);
}

void main();
