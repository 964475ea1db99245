/**
 * `npm run bench:abuse -- [flags]`: does the production server stay fair under abuse, and does it
 * give memory back? A benchmark, not a test: it prints figures and asserts no timing.
 *
 * 1. Limiter cost: one send-limit check, allowed and refused, timed on the limiter itself.
 * 2. Memory: --subscriptions message subscriptions (default 3000) are opened over sockets and
 *    closed; the server's RSS before and after, each read after a full GC asked through the
 *    server's inspector (back within 10 %?), and in between without one.
 * 3. Fairness: a customer and an artist chat (one message at a time, alternating, paced so that
 *    neither reaches the send limit) while nothing else happens, then again while another user
 *    floods message.send from --flood-connections connections (default 100), each sending again
 *    as soon as it is answered. The pair's send → receive latency, quiet and under the flood.
 *    Target: the p50 under the flood at most twice the quiet one.
 *
 * The server runs with the default send limit (a burst of 20, then 5 a second) and the default
 * socket limits; sign-ups and sign-ins are not limited, since the bench makes its users from one
 * address. `--help` lists the flags.
 */
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { createSignedInUser, httpClientFor, type BenchUser } from "./bench/accounts";
import { runWithCleanup, type Cleanup } from "./bench/cleanup";
import { startFlood, type FloodStats } from "./bench/flood";
import { measureLimiterCost, type LimiterCost } from "./bench/limiter-cost";
import { DeliveryTracker, listen, waitForSubscriptions, type Pair } from "./bench/load";
import { collectGarbage, cpuSeconds, rssKiB } from "./bench/memory";
import { summarize, type LatencySummary } from "./bench/report";
import { ensureProductionBuild, startServers, type ServerProcess } from "./bench/servers";
import { openSubscriptions } from "./bench/subscription-churn";
import { createThrowawayDatabase } from "@tests/support/database";
import { TEST_REDIS_URL } from "@tests/support/limits";

const USAGE = `Usage: npm run bench:abuse -- [flags]
  --messages N           messages the pair sends in each phase (default 150)
  --pace-ms MS           pause between two of the pair's messages (default 150: each of them sends
                         about 3 a second, under the limit of 5)
  --flood-connections C  the flooder's connections (default 100)
  --subscriptions S      subscriptions opened and closed in the memory phase (default 3000)
  --per-socket K         subscriptions per socket there (default 75; the limit is 100)
  --port P               the server's port (default 3300)
  --database-url U       Postgres to create the bench database on
                         (default: $BENCH_DATABASE_URL, $TEST_DATABASE_URL, postgres://postgres@127.0.0.1:5432/postgres)
  --verbose              show the server's stdout too`;

interface AbuseOptions {
  messages: number;
  paceMs: number;
  floodConnections: number;
  subscriptions: number;
  perSocket: number;
  port: number;
  adminDatabaseUrl: string;
  verbose: boolean;
}

function parseOptions(argv: string[]): AbuseOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      messages: { type: "string" },
      "pace-ms": { type: "string" },
      "flood-connections": { type: "string" },
      subscriptions: { type: "string" },
      "per-socket": { type: "string" },
      port: { type: "string" },
      "database-url": { type: "string" },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const int = (name: keyof typeof values, fallback: number, min = 1) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of ${min} or more (got "${String(raw)}")`);
    return value;
  };
  return {
    messages: int("messages", 150),
    paceMs: int("pace-ms", 150, 0),
    floodConnections: int("flood-connections", 100),
    subscriptions: int("subscriptions", 3000),
    perSocket: int("per-socket", 75),
    port: int("port", 3300),
    adminDatabaseUrl:
      values["database-url"] || process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres",
    verbose: values.verbose,
  };
}

const percent = (before: number | null, after: number | null) =>
  before === null || after === null ? "unknown" : `${after >= before ? "+" : ""}${Math.round(((after - before) / before) * 1000) / 10} %`;
const mib = (kib: number | null) => (kib === null ? "unknown" : `${Math.round((kib / 1024) * 10) / 10} MiB`);

interface MemoryPhase {
  subscriptions: number;
  sockets: number;
  started: number;
  errors: string[];
  openMs: number;
  /** RSS after a full GC, before the subscriptions were opened. */
  beforeKiB: number | null;
  /** RSS with them all open (no GC asked). */
  openKiB: number | null;
  /** RSS 5 s after closing them, before any GC was asked (V8 may not have collected yet). */
  closedKiB: number | null;
  /** RSS after closing them and a full GC: what compares with `beforeKiB`. */
  afterKiB: number | null;
}

async function memoryPhase(server: ServerProcess, targets: { user: BenchUser; conversationId: string }[], options: AbuseOptions, log: (l: string) => void): Promise<MemoryPhase> {
  const settledRss = async () => {
    await collectGarbage(server.inspectorUrl!);
    await sleep(1000);
    return rssKiB(server.pid);
  };
  // A first, smaller round loads the code paths and the pools, so "before" is the warm server.
  const warmUp = await openSubscriptions(targets, Math.min(300, options.subscriptions), options.perSocket);
  warmUp.close();
  await sleep(3000);
  const beforeKiB = await settledRss();
  log(`  RSS before (after a full GC): ${mib(beforeKiB)}; opening ${options.subscriptions} subscriptions…`);
  const churn = await openSubscriptions(targets, options.subscriptions, options.perSocket);
  const openKiB = await rssKiB(server.pid);
  log(`  ${churn.started} started in ${churn.openMs} ms; RSS ${mib(openKiB)}; closing them…`);
  churn.close();
  await sleep(5000);
  const closedKiB = await rssKiB(server.pid);
  const afterKiB = await settledRss();
  return {
    subscriptions: options.subscriptions,
    sockets: Math.ceil(options.subscriptions / options.perSocket),
    started: churn.started,
    errors: churn.errors,
    openMs: churn.openMs,
    beforeKiB,
    openKiB,
    closedKiB,
    afterKiB,
  };
}

interface ChatPhase {
  latency: LatencySummary | null;
  delivered: number;
  expected: number;
  sendErrors: string[];
  wallMs: number;
  serverCpuSeconds: number | null;
}

/** The pair chats: one message at a time, alternating, `paceMs` apart; latency send → recipient. */
async function chat(server: ServerProcess, pair: Pair, options: AbuseOptions): Promise<ChatPhase> {
  const tracker = new DeliveryTracker();
  const listeners = [listen(pair.customer, pair.conversationId, tracker), listen(pair.artist, pair.conversationId, tracker)];
  try {
    await waitForSubscriptions(listeners);
    const clients = { customer: httpClientFor(pair.customer), artist: httpClientFor(pair.artist) };
    const cpuBefore = await cpuSeconds(server.pid);
    const started = performance.now();
    for (let m = 0; m < options.messages; m++) {
      const [sender, recipient, client] = m % 2 === 0 ? [pair.customer, pair.artist, clients.customer] : [pair.artist, pair.customer, clients.artist];
      const clientId = randomUUID();
      tracker.expect(clientId, sender.id, recipient.id, performance.now());
      try {
        await client.message.send.mutate({ conversationId: pair.conversationId, clientId, text: `pair message ${m}` });
      } catch (error) {
        tracker.sendErrors.push(`message ${m}: ${(error as Error).message}`);
      }
      if (options.paceMs) await sleep(options.paceMs);
    }
    await tracker.allDelivered(10_000);
    const wallMs = performance.now() - started;
    const cpuAfter = await cpuSeconds(server.pid);
    const counts = tracker.counts();
    return {
      latency: summarize(tracker.latenciesMs),
      delivered: counts.delivered,
      expected: counts.expected,
      sendErrors: tracker.sendErrors,
      wallMs,
      serverCpuSeconds: cpuBefore === null || cpuAfter === null ? null : Math.round((cpuAfter - cpuBefore) * 100) / 100,
    };
  } finally {
    listeners.forEach((l) => l.close());
  }
}

function latencyText(s: LatencySummary | null): string {
  return s ? `p50 ${s.p50} ms · p99 ${s.p99} ms · max ${s.max} ms (n=${s.count})` : "no samples";
}

function chatLines(label: string, phase: ChatPhase): string[] {
  const cpu = phase.serverCpuSeconds === null ? "unknown" : `${phase.serverCpuSeconds} s (${Math.round((phase.serverCpuSeconds / (phase.wallMs / 1000)) * 100)}% of one core)`;
  return [
    `  ${label}: ${latencyText(phase.latency)}`,
    `    delivered ${phase.delivered}/${phase.expected}; send errors ${phase.sendErrors.length}${phase.sendErrors.length ? ` (first: ${phase.sendErrors[0]})` : ""}; server CPU ${cpu}`,
  ];
}

function report(cost: LimiterCost | string, memory: MemoryPhase, quiet: ChatPhase, flooded: ChatPhase, flood: FloodStats, options: AbuseOptions): string {
  const ratio = quiet.latency && flooded.latency ? Math.round((flooded.latency.p50 / quiet.latency.p50) * 100) / 100 : null;
  const within10 = memory.beforeKiB !== null && memory.afterKiB !== null ? memory.afterKiB <= memory.beforeKiB * 1.1 : null;
  const floodSeconds = flood.wallMs / 1000;
  return [
    "",
    "== Abuse benchmark ==",
    typeof cost === "string"
      ? `Limiter check: ${cost}`
      : `Limiter check per send (${cost.store}, timed on the limiter): allowed ${cost.allowedMicros} µs, refused ${cost.refusedMicros} µs`,
    `Memory: ${memory.subscriptions} subscriptions on ${memory.sockets} sockets (${memory.started} started${memory.errors.length ? `, ${memory.errors.length} failed: ${memory.errors[0]}` : ""}, in ${memory.openMs} ms)`,
    `  RSS before ${mib(memory.beforeKiB)} → with them open ${mib(memory.openKiB)} → 5 s after closing ${mib(memory.closedKiB)} (no GC yet)` +
      ` → after a full GC ${mib(memory.afterKiB)}: ${percent(memory.beforeKiB, memory.afterKiB)} of before` +
      (within10 === null ? "" : within10 ? " (within 10 %)" : " (NOT within 10 %)"),
    `Fairness: the pair sends ${options.messages} messages, ${options.paceMs} ms apart; send → recipient's onData:`,
    ...chatLines("quiet", quiet),
    ...chatLines(`under the flood (${options.floodConnections} connections)`, flooded),
    `  flood: ${flood.attempts} calls in ${floodSeconds.toFixed(1)} s (${Math.round(flood.attempts / floodSeconds)}/s): ${flood.accepted} stored, ${flood.refused} refused (429)` +
      `${Object.keys(flood.other).length ? `, other ${JSON.stringify(flood.other)}` : ""}; the flooding process used ${flood.cpuSeconds} s of CPU`,
    `  p50 under the flood / quiet: ${ratio ?? "unknown"} (target ≤ 2: ${ratio === null ? "unknown" : ratio <= 2 ? "met" : "MISSED"})`,
    "",
  ].join("\n");
}

async function run(options: AbuseOptions, cleanup: Cleanup, log: (line: string) => void): Promise<string> {
  log("Timing the send limiter…");
  const redisUrl = process.env.REDIS_URL ?? TEST_REDIS_URL;
  const cost = await measureLimiterCost(redisUrl).catch((error: unknown) => `not measured (${(error as Error).message})`);

  await ensureProductionBuild(process.stdout);
  const db = await createThrowawayDatabase(options.adminDatabaseUrl, "bench");
  cleanup.add(`dropping database ${db.name}`, () => db.drop());
  const [server] = await startServers(options.port, 1, {
    databaseUrl: db.url,
    verbose: options.verbose,
    out: process.stdout,
    inspect: true, // for a full GC before each memory reading
    // The limits under test, at their defaults (src/env.ts); the rest stays generous.
    limits: { SEND_LIMIT_BURST: "20", SEND_LIMIT_PER_SECOND: "5", MAX_SUBSCRIPTIONS_PER_SOCKET: "100", MAX_SOCKETS_PER_USER: "20" },
  });
  cleanup.add("stopping the server", () => server!.stop());
  log(`Server ${server!.baseUrl} ready (pid ${server!.pid}); signing in the pair and the flooder…`);

  const [customer, artist, flooder, floodTarget] = await Promise.all([
    createSignedInUser(server!.baseUrl, "CUSTOMER", "pair-customer"),
    createSignedInUser(server!.baseUrl, "ARTIST", "pair-artist"),
    createSignedInUser(server!.baseUrl, "CUSTOMER", "flooder"),
    createSignedInUser(server!.baseUrl, "ARTIST", "flood-target"),
  ]);
  const conversation = async (from: BenchUser, to: BenchUser) => (await httpClientFor(from).conversation.getOrCreate.mutate({ participantId: to.id })).id;
  const pair: Pair = { index: 0, customer, artist, conversationId: await conversation(customer, artist) };
  const floodConversation = await conversation(flooder, floodTarget);

  log("Memory phase…");
  const targets = [
    { user: customer, conversationId: pair.conversationId },
    { user: artist, conversationId: pair.conversationId },
    { user: flooder, conversationId: floodConversation },
    { user: floodTarget, conversationId: floodConversation },
  ];
  const memory = await memoryPhase(server!, targets, options, log);

  log("Fairness phase: the pair chats, quiet…");
  const quiet = await chat(server!, pair, options);
  log(`  ${latencyText(quiet.latency)}; now under the flood…`);
  const flood = await startFlood({ baseUrl: server!.baseUrl, cookie: flooder.cookie, conversationId: floodConversation, connections: options.floodConnections });
  cleanup.add("stopping the flood", () => flood.stop());
  await sleep(2000); // the flood at full speed before the first timed message
  const flooded = await chat(server!, pair, options);
  const stats = await flood.stop();
  return report(cost, memory, quiet, flooded, stats, options);
}

async function main() {
  let options: AbuseOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n(npm run bench:abuse -- --help lists the flags)`);
    process.exit(2);
  }
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const text = await runWithCleanup((cleanup) => run(options, cleanup, log), log, "stopping the flood and the server, dropping the database");
  if (!text) process.exit(1);
  log(text);
  process.exit(0);
}

void main();
