/**
 * `npm run bench:queries -- [flags]`: how fast the app's own reads answer on a big database (one
 * filled by `npm run db:seed-load`, or a throwaway one with --seed). A benchmark, not a test: it
 * prints figures and targets, and exits non-zero only when something fails, never for a missed
 * target.
 *
 * It times the service functions the routers call, not copies of their SQL:
 * - inbox, first page of the busiest user (the one in most conversations): listConversations, as
 *   conversation.list calls it (20 rows, each with its last message and unread count);
 * - their unread total (the header's badge): unreadTotal;
 * - a history page in the middle of the busiest conversation: listMessages with beforeSeq at half
 *   its lastSeq (the participant check included);
 * - resume after 1,000 missed messages: message.onMessage's streamMessages with lastEventId
 *   1,000 behind lastSeq, until the 1,000th message is out (the backlog, read in pages of 200);
 * - admin full-text search for a rare, a medium and a very common word: searchConversations (its
 *   audit insert included).
 * Warm-up calls, then --runs timed calls each: p50/p95/max, the issue's target and PASS/MISS.
 *
 * Then every statement one call sent (captured from the pg pool under Prisma) is explained with
 * EXPLAIN (ANALYZE, BUFFERS), with its parameters and the planner settings its transaction set,
 * in a transaction rolled back at once; each row says which indexes were used and whether any
 * plan read "Message" (or a partition of it) by a sequential scan. --plans prints the plans.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type pg from "pg";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import { createMemoryEventBus } from "@/server/realtime/event-bus";
import { searchConversations } from "@/server/services/admin/conversation-search";
import { listConversations, unreadTotal } from "@/server/services/conversations";
import { streamMessages } from "@/server/services/message-stream";
import { listMessages, MESSAGE_PAGE_SIZE } from "@/server/services/messages";
import { benchAdminUrl, benchPrisma, throwawayBenchDatabase } from "./bench/bench-database";
import { runBenchmark } from "./bench/bench-main";
import type { Cleanup } from "./bench/cleanup";
import { positiveInt } from "./bench/flags";
import { describeMachine, describePostgres, loadAverage } from "./bench/machine";
import { emptyPartitions, explainStatements, messageRelations, type StatementPlan } from "./bench/query-plans";
import { summarize, type LatencySummary } from "./bench/report";
import { seedDatabase } from "./bench/seed-database";
import { RARE_WORDS } from "./bench/seed-text";
import { BUSIEST_UNREAD, checkWorldSize } from "./bench/seed-world";
import type { StatementCapture } from "./bench/sql-capture";
import { targetDatabaseUrl } from "./bench/target-database";

const WARM_UP_CALLS = 3;
/** The inbox page the web client asks for (conversation.list's default). */
const INBOX_PAGE = 20;

const USAGE = `Usage: npm run bench:queries -- [flags]
  --database-url U   the seeded Postgres to measure (default: $DATABASE_URL); fill it first with
                     npm run db:seed-load. With --seed: the Postgres to make a throwaway database on
                     (default: $BENCH_DATABASE_URL, $TEST_DATABASE_URL, the local Postgres)
  --runs N           timed calls per query, after ${WARM_UP_CALLS} warm-up calls (default 50)
  --plans            print every statement's EXPLAIN (ANALYZE, BUFFERS)
  --seed             make a throwaway database, fill it as db:seed-load does, measure it, drop it
  --conversations C  with --seed (default 2000)
  --messages N       with --seed (default 1000000)
  --keep             with --seed: leave the database there at the end (prints how to drop it)
The admin search writes its audit entries ("conversation.search") as it does in the app.`;

interface Options {
  runs: number;
  plans: boolean;
  /** The database to measure, or (with seed) the server to make one on. */
  url: string;
  seed: { conversations: number; messages: number; keep: boolean } | null;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      "database-url": { type: "string" },
      runs: { type: "string" },
      plans: { type: "boolean", default: false },
      seed: { type: "boolean", default: false },
      conversations: { type: "string" },
      messages: { type: "string" },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.seed && (values.conversations || values.messages || values.keep)) {
    throw new Error("--conversations, --messages and --keep go with --seed (to measure a database you filled, give only --database-url)");
  }
  let seed: Options["seed"] = null;
  if (values.seed) {
    seed = {
      conversations: positiveInt("conversations", values.conversations, 2_000),
      messages: positiveInt("messages", values.messages, 1_000_000),
      keep: values.keep,
    };
    checkWorldSize(seed);
  }
  return {
    runs: positiveInt("runs", values.runs, 50),
    plans: values.plans,
    url: seed ? benchAdminUrl(values["database-url"]) : targetDatabaseUrl(values["database-url"], "bench:queries"),
    seed,
  };
}

// ---------------------------------------------------------------------------------------------
// What to measure

/**
 * Who and what the queries are about, found in the database (so any seeded database will do): the
 * longest conversation, and its customer as the busiest user (db:seed-load makes them the one in
 * most conversations, on a database of the issue's size).
 */
interface Subjects {
  messages: number;
  busiestUser: { id: string; role: Role; email: string; conversations: number };
  busiestConversation: { id: string; lastSeq: number; readerId: string; readerEmail: string };
  admin: { id: string; email: string };
}

async function findSubjects(pool: pg.Pool): Promise<Subjects> {
  const [counts] = (await pool.query<{ messages: string }>(`SELECT count(*) AS messages FROM "Message"`)).rows;
  const messages = Number(counts!.messages);
  if (messages === 0) {
    throw new Error(
      "This database holds no messages. Fill it first (npm run db:seed-load -- --conversations 2000 --messages 1000000 " +
        "--database-url …), or pass --seed to measure a throwaway one.",
    );
  }
  const [conversation] = (
    await pool.query<{ id: string; lastSeq: number; readerId: string; readerEmail: string }>(
      `SELECT c.id, c."lastSeq", c."customerId" AS "readerId", u.email AS "readerEmail"
         FROM "Conversation" c JOIN "User" u ON u.id = c."customerId"
        ORDER BY c."lastSeq" DESC LIMIT 1`,
    )
  ).rows;
  const [user] = (
    await pool.query<{ id: string; role: Role; email: string; conversations: number }>(
      `SELECT u.id, u.role, u.email, (SELECT count(*)::int FROM "Participant" p WHERE p."userId" = u.id) AS conversations
         FROM "User" u WHERE u.id = $1`,
      [conversation!.readerId],
    )
  ).rows;
  const [admin] = (await pool.query<{ id: string; email: string }>(`SELECT id, email FROM "User" WHERE role = 'ADMIN' ORDER BY "createdAt" LIMIT 1`)).rows;
  if (!admin) throw new Error("This database has no admin account, which the admin search needs: create one with npm run admin:create.");
  return { messages, busiestUser: user!, busiestConversation: conversation!, admin };
}

interface QueryCase {
  label: string;
  targetP95Ms: number | null;
  call: () => Promise<void>;
}

/**
 * The stream a client that missed the last `missed` messages opens (message.onMessage with
 * lastEventId), read until the newest of them is out; then it is closed, as a client would.
 */
async function resumeAfter(prisma: PrismaClient, userId: string, conversation: { id: string; lastSeq: number }, missed: number): Promise<void> {
  const controller = new AbortController();
  const bus = createMemoryEventBus();
  let received = 0;
  try {
    const stream = streamMessages({ prisma, bus }, userId, { conversationId: conversation.id, lastEventId: String(conversation.lastSeq - missed) }, controller.signal);
    for await (const message of stream) {
      received++;
      if (message.seq >= conversation.lastSeq) break;
    }
  } finally {
    controller.abort();
  }
  if (received !== missed) throw new Error(`The resumed stream gave ${received} messages, not the ${missed} missed.`);
}

function chooseCases(prisma: PrismaClient, subjects: Subjects): QueryCase[] {
  const { busiestUser: user, busiestConversation: conversation, admin } = subjects;
  const middle = Math.max(1, Math.floor(conversation.lastSeq / 2));
  const missed = Math.min(BUSIEST_UNREAD, conversation.lastSeq - 1);
  const actor = { id: admin.id, ip: "127.0.0.1", userAgent: "bench-queries" };
  const search = (query: string) => async () => void (await searchConversations(prisma, actor, { query }));
  return [
    {
      label: `inbox, first ${INBOX_PAGE} of ${user.conversations} conversations (busiest user)`,
      targetP95Ms: 20,
      call: async () => void (await listConversations(prisma, user, { limit: INBOX_PAGE })),
    },
    { label: "unread total (the badge), busiest user", targetP95Ms: null, call: async () => void (await unreadTotal(prisma, user.id)) },
    {
      label: `history page (${MESSAGE_PAGE_SIZE}) before seq ${middle.toLocaleString("en-GB")} of ${conversation.lastSeq.toLocaleString("en-GB")}`,
      targetP95Ms: 10,
      call: async () => void (await listMessages(prisma, conversation.readerId, { conversationId: conversation.id, beforeSeq: middle, limit: MESSAGE_PAGE_SIZE })),
    },
    {
      label: `resume after ${missed.toLocaleString("en-GB")} missed messages`,
      targetP95Ms: null,
      call: () => resumeAfter(prisma, conversation.readerId, conversation, missed),
    },
    { label: `admin search, rare word "${RARE_WORDS[1]![1]}"`, targetP95Ms: 100, call: search(RARE_WORDS[1]![1]) },
    { label: `admin search, medium word "balayage"`, targetP95Ms: 100, call: search("balayage") },
    { label: `admin search, very common word "you"`, targetP95Ms: 100, call: search("you") },
  ];
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface CaseResult {
  label: string;
  targetP95Ms: number | null;
  ms: LatencySummary;
  plans: StatementPlan[];
  /** Statements the call sent (BEGIN, SET and the like included). */
  statementsSent: number;
}

async function measure(testCase: QueryCase, runs: number, pool: pg.Pool, capture: StatementCapture, relations: Set<string>): Promise<CaseResult> {
  for (let i = 0; i < WARM_UP_CALLS; i++) await testCase.call();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await testCase.call();
    times.push(performance.now() - started);
  }
  const { statements } = await capture.record(testCase.call);
  const plans = await explainStatements(pool, statements, relations);
  return { label: testCase.label, targetP95Ms: testCase.targetP95Ms, ms: summarize(times)!, plans, statementsSent: statements.length };
}

/** What Postgres itself spent on one call: the explained plans' execution times, summed (writes not counted). */
function executionMs(r: CaseResult): number {
  return r.plans.reduce((sum, p) => sum + Number(/^Execution Time: ([\d.]+) ms/.exec(p.lines.find((l) => l.startsWith("Execution Time")) ?? "")?.[1] ?? 0), 0);
}

const verdict = (r: CaseResult) => (r.targetP95Ms === null ? "–" : r.ms.p95 <= r.targetP95Ms ? "PASS" : "MISS");
const seqScans = (r: CaseResult) => [...new Set(r.plans.flatMap((p) => p.messageSeqScans))];

function table(results: CaseResult[]): string[] {
  const header = ["query", "p50 ms", "p95 ms", "max ms", "target p95", "", "statements", "in Postgres ms", "Seq Scan on Message"];
  const rows = results.map((r) => {
    const scans = seqScans(r);
    return [
      r.label,
      r.ms.p50.toFixed(1),
      r.ms.p95.toFixed(1),
      r.ms.max.toFixed(1),
      r.targetP95Ms === null ? "–" : `≤ ${r.targetP95Ms} ms`,
      verdict(r),
      `${r.plans.length}/${r.statementsSent}`,
      executionMs(r).toFixed(2),
      scans.length ? `YES (${scans.join(", ")})` : "none",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([1, 2, 3, 6, 7]);
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}

/** Per statement: its first line, the indexes its plan used, its own time. */
function planSummaries(result: CaseResult, full: boolean): string[] {
  const lines = [`${result.label}:`];
  for (const plan of result.plans) {
    const sql = plan.statement.text.replace(/\s+/g, " ").trim();
    const execution = plan.analyzed ? (plan.lines.find((l) => l.startsWith("Execution Time"))?.replace("Execution Time: ", "") ?? "?") : "not run again (a write)";
    lines.push(
      `  ${sql.length > 110 ? `${sql.slice(0, 109)}…` : sql}`,
      `    ${execution}; indexes: ${plan.indexes.join(", ") || "none"}` +
        `${plan.settings.length ? `; with ${plan.settings.map((s) => s.replace(/^SET LOCAL /i, "")).join(", ")}` : ""}` +
        `${plan.messageSeqScans.length ? `; SEQ SCAN on ${plan.messageSeqScans.join(", ")}` : ""}`,
    );
    if (full) lines.push(...plan.lines.map((l) => `      ${l}`));
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------

async function run(options: Options, cleanup: Cleanup, log: (line: string) => void): Promise<void> {
  log(describeMachine());
  let url = options.url;
  if (options.seed) {
    const db = await throwawayBenchDatabase(options.url, options.seed.keep, cleanup, log);
    url = db.url;
    await seedDatabase(url, { ...options.seed, log });
  }
  for (const line of await describePostgres(url)) log(line);
  const { pool, prisma, capture } = benchPrisma(url, cleanup);
  const subjects = await findSubjects(pool);
  const relations = await messageRelations(pool);
  const empty = await emptyPartitions(pool, relations);
  for (const name of empty) relations.delete(name);
  const { busiestUser, busiestConversation } = subjects;
  log(
    `Database ${new URL(url).pathname.slice(1)}: ${subjects.messages.toLocaleString("en-GB")} messages` +
      `${relations.size + empty.length > 1 ? ` ("Message" and ${relations.size + empty.length - 1} partitions, ${empty.length} of them empty)` : ""}; busiest user ${busiestUser.email} ` +
      `(${busiestUser.role.toLowerCase()}, ${busiestUser.conversations} conversations); busiest conversation ` +
      `${busiestConversation.lastSeq.toLocaleString("en-GB")} messages, read by its customer ${busiestConversation.readerEmail}; admin ${subjects.admin.email}`,
  );
  log(`Timing the services: ${WARM_UP_CALLS} warm-up calls, then ${options.runs} timed calls per query, one at a time…`);
  const results: CaseResult[] = [];
  for (const testCase of chooseCases(prisma, subjects)) results.push(await measure(testCase, options.runs, pool, capture, relations));

  log("");
  for (const line of table(results)) log(line);
  log("(statements: explained / sent by one call, BEGIN and SET included; in Postgres: their EXPLAIN ANALYZE execution times, summed;");
  log(" Seq Scan on Message: in any explained plan, partitions included; not the empty partitions, whose scan reads nothing:");
  log(`  ${empty.length ? empty.join(", ") : "none empty"})`);
  const missed = results.filter((r) => verdict(r) === "MISS");
  const scanned = results.filter((r) => seqScans(r).length > 0);
  log(
    `Targets: ${missed.length ? `MISSED by ${missed.map((r) => r.label).join("; ")}` : "all met"}. ` +
      `Sequential scans of Message: ${scanned.length ? `in ${scanned.map((r) => r.label).join("; ")}` : "none"}. Load average now ${loadAverage()}.`,
  );
  log("");
  log(`EXPLAIN (ANALYZE, BUFFERS) of each statement one call sent${options.plans ? "" : " (summary; --plans prints the plans)"}:`);
  for (const result of results) for (const line of planSummaries(result, options.plans)) log(line);
}
void runBenchmark("bench:queries", parseOptions, run, (options) =>
  options.seed && !options.seed.keep ? "closing connections, dropping the database" : "closing connections",
);
