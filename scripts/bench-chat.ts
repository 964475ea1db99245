/**
 * `npm run bench:chat -- [flags]`: how fast, how reliably and how leanly the production server
 * delivers chat messages, and, with --baseline, how that compares with a bare server doing the
 * same send (scripts/bench/baseline-server.ts). A benchmark, not a test: each server runs on a
 * throwaway database with the app's schema and gets the same load, one after the other (never
 * both at once): idle memory, setup (pairs, one socket per user), a closed loop (throughput and
 * CPU per message), an open loop at a fixed rate (latency without coordinated omission) and the
 * memory of extra idle sockets. `--help` lists the flags. Exits non-zero when a message is lost or
 * duplicated, a send fails, or the run fails.
 */
import { performance } from "node:perf_hooks";
import { createSignedInUser, httpClientFor } from "./bench/accounts";
import { connectBaseline } from "./bench/baseline-client";
import { createBaselinePairs } from "./bench/baseline-accounts";
import { Cleanup, mapLimit, runWithCleanup } from "./bench/cleanup";
import { listen, type Pair } from "./bench/load";
import { measureTarget, type ChatTarget } from "./bench/measure";
import { parseOptions, redactUrl, reproduceCommand, type BenchOptions } from "./bench/options";
import { compare, formatReport, targetPassed, type ChatBenchResult, type TargetResult } from "./bench/report";
import { ensureProductionBuild, startBaselineServer, startServers, type ServerProcess } from "./bench/servers";
import { createThrowawayDatabase } from "@tests/support/database";

/** Sign-ups and sign-ins hash passwords (scrypt); more at once only queues on the server's thread pool. */
const SETUP_CONCURRENCY = 8;

/**
 * Pairs of signed-in users with their conversation, made through the app's public API. User u
 * (customer 2p, artist 2p+1) talks to server u mod K, so with several instances the two sides of
 * a pair sit on different processes.
 */
async function createAppPairs(count: number, servers: ServerProcess[]): Promise<Pair[]> {
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

/** Runs `measure` with a cleanup of its own, undone as soon as it is over (and on Ctrl-C). */
async function inScope<T>(cleanup: Cleanup, label: string, log: (line: string) => void, body: (scope: Cleanup) => Promise<T>): Promise<T> {
  const scope = new Cleanup();
  cleanup.add(label, () => scope.runAll(log));
  try {
    return await body(scope);
  } finally {
    log(`Stopping the ${label}…`);
    await scope.runAll(log);
  }
}

async function measureApp(options: BenchOptions, scope: Cleanup, log: (line: string) => void, out: NodeJS.WritableStream) {
  const db = await createThrowawayDatabase(options.adminDatabaseUrl, "bench");
  scope.add(`dropping database ${db.name}`, () => db.drop());
  log(`Created database ${db.name}; starting ${options.instances} app server(s) from port ${options.port}…`);
  const servers = await startServers(options.port, options.instances, {
    databaseUrl: db.url,
    verbose: options.verbose,
    out,
    inspect: true, // for a full GC before each memory reading
  });
  scope.add("stopping the app server(s)", () => Promise.all(servers.map((s) => s.stop())));
  for (const s of servers) log(`  ${s.baseUrl} ready (pid ${s.pid}, bus ${s.bus})`);
  if (servers.length > 1 && servers.some((s) => s.bus === "memory")) {
    log("WARNING: an instance reports the in-memory bus: cross-process delivery will not work.");
  }
  const target: ChatTarget = {
    name: "app",
    servers,
    createPairs: (count) => createAppPairs(count, servers),
    connect: (user, conversationId, sink, fromStart) => listen(user, conversationId, sink, { transport: options.transport, fromStart }),
  };
  return { result: await measureTarget(target, options, scope, log), database: db.url };
}

async function measureBaseline(options: BenchOptions, scope: Cleanup, log: (line: string) => void, out: NodeJS.WritableStream) {
  const db = await createThrowawayDatabase(options.adminDatabaseUrl, "bench");
  scope.add(`dropping database ${db.name}`, () => db.drop());
  // The same schema as the app's, applied by the same code the app applies it with on start.
  const { migratePostgres } = await import("@/server/db/connect");
  await migratePostgres(db.url);
  const port = options.port + options.instances;
  log(`Created and migrated database ${db.name}; starting the baseline server on port ${port}…`);
  const server = await startBaselineServer(port, { databaseUrl: db.url, verbose: options.verbose, out, inspect: true });
  scope.add("stopping the baseline server", () => server.stop());
  log(`  ${server.baseUrl} ready (pid ${server.pid})`);
  const target: ChatTarget = {
    name: "baseline",
    servers: [server],
    createPairs: (count) => createBaselinePairs(db.url, server.baseUrl, count),
    connect: (user, conversationId, sink) => connectBaseline(user, conversationId, sink),
  };
  return { result: await measureTarget(target, options, scope, log), database: db.url };
}

async function run(options: BenchOptions, cleanup: Cleanup, log: (line: string) => void): Promise<Omit<ChatBenchResult, "timingsMs">> {
  const out = options.json ? process.stderr : process.stdout;
  warnAboutInstances(options, log);
  await ensureProductionBuild(out);

  const app = await inScope(cleanup, "app server(s)", log, (scope) => measureApp(options, scope, log, out));
  let baseline: { result: TargetResult; database: string } | null = null;
  if (options.baseline) baseline = await inScope(cleanup, "baseline server", log, (scope) => measureBaseline(options, scope, log, out));

  const parameters: ChatBenchResult["parameters"] = {
    pairs: options.pairs,
    sockets: options.pairs * 2,
    messagesPerPair: options.messages,
    concurrency: options.concurrency,
    rate: options.rate,
    durationSeconds: options.durationSeconds,
    extraSockets: options.extraSockets,
    transport: options.transport,
    instances: options.instances,
    databases: [app.database, ...(baseline ? [baseline.database] : [])].map(redactUrl),
  };
  return {
    parameters,
    app: app.result,
    baseline: baseline?.result ?? null,
    comparison: compare(app.result, baseline?.result ?? null, parameters),
    ok: targetPassed(app.result) && (baseline === null || targetPassed(baseline.result)),
    command: reproduceCommand(options),
  };
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
  const partial = await runWithCleanup(
    (cleanup) => run(options, cleanup, log),
    log,
    "closing clients, stopping servers, dropping the databases",
  );
  if (!partial) process.exit(1);
  const result: ChatBenchResult = { ...partial, timingsMs: { total: Math.round(performance.now() - started) } };
  log(formatReport(result, options));
  if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(result.ok ? 0 : 1);
}

void main();
