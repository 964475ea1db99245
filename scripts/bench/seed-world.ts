/**
 * Who is in a bench database and how much they wrote, planned in Node before anything is inserted
 * (seed-fill.ts writes it): customers and artists with realistic names, conversations with their
 * lengths, dates, read positions and bookings. The same world for the same numbers (seeded).
 *
 * - Lengths: a few long conversations, many short (weights ∝ 1/(i+10)^0.8, at least 2 each), and
 *   one "busiest" conversation of BUSIEST_CONVERSATION_MESSAGES (at most a fifth of them all).
 * - The busiest conversation's customer is the busiest user: they talk to many artists, so their
 *   inbox has many rows; they missed the last messages of the busiest conversation and a few of
 *   several others (read positions behind lastSeq).
 * - Dates: the oldest messages are HISTORY_MONTHS months old, so a one-year retention has whole
 *   months to drop; within a conversation, createdAt grows with seq.
 */
import { pick, seededRandom, type Random } from "./random";

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

/** Every bench account signs in with this password (users get one hash of it, made once). */
export const BENCH_PASSWORD = "glow-bench-2026";
/** The admin of a bench database; later appended runs get "support.<run>@glow.example". */
export const BENCH_ADMIN_EMAIL = "support@glow.example";

export const BUSIEST_CONVERSATION_MESSAGES = 50_000;
/** Messages the busiest user has not read in the busiest conversation (bench:queries resumes after them). */
export const BUSIEST_UNREAD = 1_000;
export const HISTORY_MONTHS = 14;

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: "CUSTOMER" | "ARTIST" | "ADMIN";
}

export interface ConversationPlan {
  index: number;
  id: string;
  customer: UserRow;
  artist: UserRow;
  messages: number;
  /** Epoch ms of the first and the newest message. */
  firstAt: number;
  lastAt: number;
  /** The side that has not read the last `count` messages (none of which it wrote); null: both read to the end. */
  unread: { side: "customer" | "artist"; count: number } | null;
  bookings: { id: string; serviceIndex: number; seq: number; startsAt: number; status: string }[];
}

export interface World {
  users: UserRow[];
  admin: UserRow;
  customers: UserRow[];
  artists: UserRow[];
  /** The first is the busiest; its customer is customers[0], the busiest user. */
  conversations: ConversationPlan[];
  /** Epoch ms of the oldest and the newest message. */
  oldestAt: number;
  newestAt: number;
}

export interface WorldSize {
  conversations: number;
  messages: number;
}

export const DAY = 24 * 60 * 60 * 1000;
export const SERVICES_PER_ARTIST = 3;
export const SERVICE_NAMES = ["Gel manicure", "Full set acrylics", "Classic lash extensions", "Brow lamination", "Balayage", "Bridal makeup", "Knotless braids", "Spray tan", "Pedicure"];

/** Checks the numbers a world can be made of; throws a sentence naming the flag. */
export function checkWorldSize({ conversations, messages }: WorldSize): void {
  if (!Number.isInteger(conversations) || conversations < 20) throw new Error("--conversations must be at least 20");
  if (!Number.isInteger(messages) || messages < conversations * 2) throw new Error("--messages must be at least twice --conversations");
}

/** How long each conversation is: the busiest first, the others shuffled so length and recency are independent. */
function conversationLengths(size: WorldSize, random: Random): number[] {
  const others = size.conversations - 1;
  // Never so many that the others could not have their 2 each.
  const busiest = Math.max(2, Math.min(BUSIEST_CONVERSATION_MESSAGES, Math.floor(size.messages / 5), size.messages - 2 * others));
  const weights = Array.from({ length: others }, (_, i) => 1 / Math.pow(i + 10, 0.8));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  // Every conversation at least 2 messages; the rest shared out by weight, the remainder to the longest.
  const spare = size.messages - busiest - 2 * others;
  const counts = weights.map((w) => 2 + Math.floor((w / weightSum) * spare));
  counts[0]! += size.messages - busiest - counts.reduce((a, b) => a + b, 0);
  for (let i = counts.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [counts[i], counts[j]] = [counts[j]!, counts[i]!];
  }
  return [busiest, ...counts];
}

/**
 * `run` 0 is a fresh database; a later run (db:seed-load --append) draws other people and keeps
 * their emails apart with ".<run>" before the "@".
 */
export function planWorld(size: WorldSize, now: number, run = 0): World {
  checkWorldSize(size);
  const random = seededRandom(20_261_124 + run);
  const usedEmails = new Set<string>();
  const tag = run === 0 ? "" : `.${run}`;
  const person = (role: "CUSTOMER" | "ARTIST", n: number): UserRow => {
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    const name = role === "ARTIST" && random() < 0.4 ? `${first} ${last} ${pick(random, STUDIO_WORDS)}` : `${first} ${last}`;
    const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, "");
    let email = `${local}${tag}@${pick(random, EMAIL_DOMAINS)}`;
    if (usedEmails.has(email)) email = `${local}${n}${tag}@${pick(random, EMAIL_DOMAINS)}`;
    usedEmails.add(email);
    return { id: cuidLike(random), email, name, role };
  };
  const artistCount = Math.max(5, Math.round(size.conversations / 10));
  const customerCount = Math.max(10, Math.round(size.conversations * 0.8));
  const artists = Array.from({ length: artistCount }, (_, n) => person("ARTIST", n));
  const customers = Array.from({ length: customerCount }, (_, n) => person("CUSTOMER", n));
  const admin: UserRow = { id: cuidLike(random), email: BENCH_ADMIN_EMAIL.replace("@", `${tag}@`), name: "Glow Support", role: "ADMIN" };

  const lengths = conversationLengths(size, random);
  // The busiest user talks to one artist in twenty conversations (all of them, if there are fewer).
  const busiestUserConversations = Math.min(artistCount, Math.max(3, Math.round(size.conversations / 20)));
  const oldestAt = now - Math.round((HISTORY_MONTHS * 365.25 * DAY) / 12);
  const pairs = new Set<string>();
  const conversations: ConversationPlan[] = [];
  for (let i = 0; i < size.conversations; i++) {
    const ofBusiestUser = i < busiestUserConversations;
    // Everyone else: customer i % C (no pair twice: the unique (customerId, artistId)).
    const customer = ofBusiestUser ? customers[0]! : customers[1 + ((i - busiestUserConversations) % (customerCount - 1))]!;
    let artistIndex = ofBusiestUser ? i : Math.floor(random() * artistCount);
    while (pairs.has(`${customer.id}:${artists[artistIndex]!.id}`)) artistIndex = (artistIndex + 1) % artistCount;
    const artist = artists[artistIndex]!;
    pairs.add(`${customer.id}:${artist.id}`);
    const messages = lengths[i]!;
    // Last active within the past half year, most of them recently; the busiest, minutes ago.
    const lastAt = i === 0 ? now - 5 * 60_000 : now - Math.floor(Math.pow(random(), 2) * 180 * DAY) - Math.floor(random() * DAY);
    // Long conversations go back most of the way to oldestAt; the busiest, all the way.
    const reach = i === 0 ? 1 : Math.min(1, messages / 200) * (0.6 + 0.4 * random());
    const firstAt = lastAt - Math.floor((lastAt - oldestAt) * reach);
    const unread = plannedUnread(i, ofBusiestUser, messages, random);
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
    conversations.push({ index: i, id: cuidLike(random), customer, artist, messages, firstAt, lastAt, unread, bookings });
  }
  return { users: [...customers, ...artists, admin], admin, customers, artists, conversations, oldestAt, newestAt: conversations[0]!.lastAt };
}

/** Who has not read the end of conversation i, and how much of it. */
function plannedUnread(i: number, ofBusiestUser: boolean, messages: number, random: Random): ConversationPlan["unread"] {
  const upTo = (n: number) => Math.max(1, Math.min(n, messages - 1));
  if (i === 0) return { side: "customer", count: upTo(Math.min(BUSIEST_UNREAD, Math.floor(messages / 4))) };
  if (ofBusiestUser) return i % 3 === 1 ? { side: "customer", count: upTo(1 + Math.floor(random() * 20)) } : null;
  const r = random();
  if (r < 0.3) return { side: "customer", count: upTo(1 + Math.floor(random() * 2)) };
  if (r < 0.45) return { side: "artist", count: upTo(1 + Math.floor(random() * 3)) };
  return null;
}
