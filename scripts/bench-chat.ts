/**
 * `npm run bench:chat -- [flags]`: how fast and how reliably the production server delivers chat
 * messages. A benchmark, not a test: it starts the server(s) on a throwaway database, signs in
 * customer–artist pairs through the public API, has every user listen over a WebSocket, sends
 * messages over HTTP and times each one until it reaches the other participant. `--help` lists
 * the flags. Exits non-zero when a message is lost or duplicated, or the run fails.
 */
import { performance } from "node:perf_hooks";
import { createSignedInUser, httpClientFor } from "./bench/accounts";
import { mapLimit, runWithCleanup, type Cleanup } from "./bench/cleanup";
import { DeliveryTracker, listen, sendAll, waitForSubscriptions, type Listener, type Pair } from "./bench/load";
import { cpuSeconds, sampleMemory } from "./bench/memory";
import { parseOptions, redactUrl, reproduceCommand, type BenchOptions } from "./bench/options";
import { formatReport, memoryRows, passed, summarize, type BenchResult } from "./bench/report";
import { ensureProductionBuild, startServers, type ServerProcess } from "./bench/servers";
import { createThrowawayDatabase } from "@tests/support/database";

/** Sign-ups and sign-ins hash passwords (scrypt); more at once only queues on the server's thread pool. */
const SETUP_CONCURRENCY = 8;

/**
 * Pairs of signed-in users with their conversation. User u (customer 2p, artist 2p+1) talks to
 * server u mod K, so with several instances the two sides of a pair sit on different processes.
 */
async function createPairs(count: number, servers: ServerProcess[]): Promise<Pair[]> {
  const serverFor = (user: number) => servers[user % servers.length]!.baseUrl;
  const users = await mapLimit(Array.from({ length: count * 2 }, (_, u) => u), SETUP_CONCURRENCY, (u) =>
    u % 2 === 0
      ? createSignedInUser(serverFor(u), "CUSTOMER", `customer${u / 2}`)
      : createSignedInUser(serverFor(u), "ARTIST", `artist${(u - 1) / 2}`),
  );
  return mapLimit(Array.from({ length: count }, (_, p) => p), SETUP_CONCURRENCY, async (p) => {
    const customer = users[2 * p]!;
    const artist = users[2 * p + 1]!;
    const { id } = await httpClientFor(customer).conversation.getOrCreate.mutate({ participantId: artist.id });
    return { index: p, customer, artist, conversationId: id };
  });
}

function warnAboutInstances(options: BenchOptions, log: (line: string) => void): void {
  if (options.instances === 1) return;
  if (!process.env.REDIS_URL) {
    log(
      `WARNING: --instances ${options.instances} without REDIS_URL. Each process only has its in-memory bus, so ` +
        "a message sent on one instance never reaches a subscriber on another: expect lost messages.",
    );
  } else {
    log(`REDIS_URL is set (${redactUrl(process.env.REDIS_URL)}); it is passed to every instance.`);
  }
}

async function run(options: BenchOptions, cleanup: Cleanup, log: (line: string) => void, started: number) {
  const out = options.json ? process.stderr : process.stdout;
  warnAboutInstances(options, log);
  await ensureProductionBuild(out);

  const db = await createThrowawayDatabase(options.adminDatabaseUrl, "bench");
  cleanup.add(`dropping database ${db.name}`, () => db.drop());
  log(`Created database ${db.name}; starting ${options.instances} server(s) from port ${options.port}…`);

  const servers = await startServers(options.port, options.instances, { databaseUrl: db.url, verbose: options.verbose, out });
  cleanup.add("stopping the server(s)", () => Promise.all(servers.map((s) => s.stop())));
  for (const s of servers) log(`  ${s.baseUrl} ready (pid ${s.pid}, bus ${s.bus})`);
  if (servers.length > 1 && servers.some((s) => s.bus === "memory")) {
    log("WARNING: an instance reports the in-memory bus: cross-process delivery will not work.");
  }
  // From here on, so "idle" is the started server and the peak is what setup and load added.
  const memory = sampleMemory(servers.map((s) => s.pid));

  log(`Registering and signing in ${options.pairs * 2} users, opening ${options.pairs} conversations…`);
  const pairs = await createPairs(options.pairs, servers);

  const tracker = new DeliveryTracker();
  const listeners: Listener[] = pairs.flatMap((p) => [
    listen(p.customer, p.conversationId, tracker),
    listen(p.artist, p.conversationId, tracker),
  ]);
  cleanup.add("closing the WebSocket clients", async () => listeners.forEach((l) => l.close()));
  await waitForSubscriptions(listeners);
  const setupMs = performance.now() - started;
  log(`${listeners.length} subscriptions live; sending ${options.pairs * options.messages} messages…`);

  const cpuOf = () => Promise.all(servers.map((s) => cpuSeconds(s.pid)));
  const cpuBefore = await cpuOf();
  // The bench shares the machine with the server: its own CPU use says how much it competed.
  const clientCpuBefore = process.cpuUsage();
  const phase = await sendAll(pairs, options, tracker);
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const cpuAfter = await cpuOf();
  const sendPhaseCpu = cpuAfter.map((after, i) => (after === null || cpuBefore[i] == null ? null : after - cpuBefore[i]!));
  if (!phase.allDelivered) log(`Not every message arrived within --drain-timeout ${options.drainTimeoutMs} ms.`);
  const memoryFigures = await memory.stop();
  const counts = tracker.counts();
  const connectionProblems = listeners.flatMap((l) => l.problems);
  const memoryTable = memoryRows(
    memoryFigures,
    servers.map((s) => s.port),
    sendPhaseCpu,
  );

  const partial: Omit<BenchResult, "ok"> = {
    parameters: {
      pairs: options.pairs,
      messagesPerPair: options.messages,
      concurrency: options.concurrency,
      instances: options.instances,
      ports: servers.map((s) => s.port),
      buses: servers.map((s) => s.bus),
      database: redactUrl(db.url),
    },
    deliveryLatencyMs: summarize(tracker.latenciesMs),
    sendRoundTripMs: summarize(tracker.sendDurationsMs),
    throughput: {
      delivered: counts.delivered,
      wallMs: Math.round(phase.wallMs),
      messagesPerSecond: Math.round((counts.delivered / (phase.wallMs / 1000)) * 10) / 10,
    },
    delivery: { ...counts, unknown: tracker.unknownMessages },
    sendErrors: tracker.sendErrors,
    connectionProblems,
    memory: memoryTable,
    memoryTotal: {
      peakRssMiB: Math.round(memoryTable.reduce((a, m) => a + m.peakRssMiB, 0) * 10) / 10,
      hwmMiB: Math.round(memoryTable.reduce((a, m) => a + m.hwmMiB, 0) * 10) / 10,
    },
    benchClientCpuSeconds: Math.round((clientCpu.user + clientCpu.system) / 10_000) / 100,
    timingsMs: { setup: Math.round(setupMs), total: 0 },
    command: reproduceCommand(options),
  };
  return { ...partial, ok: passed(partial) };
}

async function main() {
  const started = performance.now();
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n(npm run bench:chat -- --help lists the flags)`);
    process.exit(2);
  }
  // Under --json stdout carries only the summary, so progress goes to stderr.
  const log = (line: string) => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
  const result = await runWithCleanup(
    (cleanup) => run(options, cleanup, log, started),
    log,
    "closing clients, stopping server(s), dropping the database",
  );
  if (!result) process.exit(1);
  result.timingsMs.total = Math.round(performance.now() - started);
  log(formatReport(result, options));
  if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(result.ok ? 0 : 1);
}

void main();
