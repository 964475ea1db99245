/** Command-line flags of `npm run bench:chat`, with their defaults and the line that repeats a run. */
import { parseArgs } from "node:util";
import { positiveInt } from "./flags";

/** How the app's load sends: over each user's WebSocket, as the web client does, or over HTTP. */
export type SendTransport = "ws" | "http";

export interface BenchOptions {
  pairs: number;
  messages: number;
  /** How many pairs send at the same time in the closed loop; each pair sends its own messages one after another. */
  concurrency: number;
  port: number;
  instances: number;
  /** Also run the bare baseline server (baseline-server.ts) with the same load, after the app. */
  baseline: boolean;
  transport: SendTransport;
  /** Open loop: messages per second offered, whatever the answers. */
  rate: number;
  /** Open loop: for this many seconds. */
  durationSeconds: number;
  /** Sockets opened after the load to measure the memory of one more idle socket. */
  extraSockets: number;
  /** A Postgres URL the bench may CREATE/DROP DATABASE on (the bench's own databases are made from it). */
  adminDatabaseUrl: string;
  /** Where adminDatabaseUrl came from, so the repro line can say the same thing. */
  adminDatabaseUrlSource: "flag" | "BENCH_DATABASE_URL" | "TEST_DATABASE_URL" | "default";
  /** How long to wait for the last deliveries after the last send of a phase. */
  drainTimeoutMs: number;
  json: boolean;
  verbose: boolean;
}

const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

const USAGE = `Usage: npm run bench:chat -- [flags]
  --baseline         also run the bare baseline server (plain node:http + ws + pg, one SQL statement
                     per send) with the same load after the app, and print app / baseline ratios
  --pairs N          customer–artist pairs, two sockets each (default 200)
  --messages M       closed loop: messages per pair, one after another, alternating sender (default 20)
  --concurrency C    closed loop: pairs sending at the same time (default = pairs)
  --rate R           open loop: messages per second offered on a fixed schedule (default 500)
  --duration S       open loop: seconds of offered load (default 10)
  --extra-sockets X  idle sockets (one subscription each) opened after the load to measure the
                     memory of one more socket (default 200)
  --transport T      how the app's load sends: ws (message.send over each user's WebSocket, like
                     the web client; default) or http; the baseline always sends over its socket
  --port P           port of the first app server (default 3200; instance i listens on P+i, the
                     baseline on P+instances)
  --instances K      app server processes sharing the database (default 1; needs REDIS_URL for K>1)
  --database-url U   Postgres to create the bench databases on
                     (default: $BENCH_DATABASE_URL, $TEST_DATABASE_URL, ${DEFAULT_ADMIN_URL})
  --drain-timeout MS wait this long for outstanding deliveries after a phase's last send (default 30000)
  --json             print only a JSON summary on stdout (progress goes to stderr;
                     use \`npm run --silent bench:chat -- --json\` to keep npm's banner out)
  --verbose          show the servers' stdout too (stderr is always shown)
The servers inherit the environment, e.g. DATABASE_POOL_SIZE (the baseline's pool takes the same
size); REDIS_URL is passed on when --instances > 1. Exits 1 when a message is lost or duplicated,
a send fails, or the run fails; the targets are printed, not enforced.`;

function transportOf(raw: string | undefined): SendTransport {
  if (raw === undefined) return "ws";
  if (raw === "ws" || raw === "http") return raw;
  throw new Error(`--transport must be ws or http (got "${raw}")`);
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      baseline: { type: "boolean", default: false },
      pairs: { type: "string" },
      messages: { type: "string" },
      concurrency: { type: "string" },
      rate: { type: "string" },
      duration: { type: "string" },
      "extra-sockets": { type: "string" },
      transport: { type: "string" },
      port: { type: "string" },
      instances: { type: "string" },
      "database-url": { type: "string" },
      "drain-timeout": { type: "string" },
      json: { type: "boolean", default: false },
      verbose: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const pairs = positiveInt("pairs", values.pairs, 200);
  const instances = positiveInt("instances", values.instances, 1);
  const port = positiveInt("port", values.port, 3200);
  // The baseline listens on the port after the app's instances.
  if (port + instances > 65535) throw new Error("--port plus --instances runs past port 65535");

  const fromEnv = (name: "BENCH_DATABASE_URL" | "TEST_DATABASE_URL") => process.env[name] || undefined;
  const [adminDatabaseUrl, adminDatabaseUrlSource] = values["database-url"]
    ? [values["database-url"], "flag" as const]
    : fromEnv("BENCH_DATABASE_URL")
      ? [fromEnv("BENCH_DATABASE_URL")!, "BENCH_DATABASE_URL" as const]
      : fromEnv("TEST_DATABASE_URL")
        ? [fromEnv("TEST_DATABASE_URL")!, "TEST_DATABASE_URL" as const]
        : [DEFAULT_ADMIN_URL, "default" as const];

  return {
    pairs,
    messages: positiveInt("messages", values.messages, 20),
    // More workers than pairs would only idle, so cap it.
    concurrency: Math.min(pairs, positiveInt("concurrency", values.concurrency, pairs)),
    port,
    instances,
    baseline: values.baseline,
    transport: transportOf(values.transport),
    rate: positiveInt("rate", values.rate, 500),
    durationSeconds: positiveInt("duration", values.duration, 10),
    extraSockets: positiveInt("extra-sockets", values["extra-sockets"], 200),
    adminDatabaseUrl,
    adminDatabaseUrlSource,
    drainTimeoutMs: positiveInt("drain-timeout", values["drain-timeout"], 30_000),
    json: values.json,
    verbose: values.verbose,
  };
}

/** The URL without its password, for printing. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<unparseable URL>";
  }
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that repeats this run. Every flag is spelled out, so a later change of a default
 * does not silently change what the line measures. A password in the database URL is masked.
 */
export function reproduceCommand(options: BenchOptions): string {
  const flags = [
    ...(options.baseline ? ["--baseline"] : []),
    `--pairs ${options.pairs}`,
    `--messages ${options.messages}`,
    `--concurrency ${options.concurrency}`,
    `--rate ${options.rate}`,
    `--duration ${options.durationSeconds}`,
    `--extra-sockets ${options.extraSockets}`,
    `--transport ${options.transport}`,
    `--port ${options.port}`,
    `--instances ${options.instances}`,
    `--drain-timeout ${options.drainTimeoutMs}`,
    `--database-url ${shellQuote(redactUrl(options.adminDatabaseUrl))}`,
  ];
  if (options.json) flags.push("--json");
  // Variables the servers inherit that change what is measured.
  const env = [
    ...(process.env.DATABASE_POOL_SIZE ? [`DATABASE_POOL_SIZE=${shellQuote(process.env.DATABASE_POOL_SIZE)}`] : []),
    ...(options.instances > 1 && process.env.REDIS_URL ? [`REDIS_URL=${shellQuote(redactUrl(process.env.REDIS_URL))}`] : []),
  ];
  return [...env, "npm run bench:chat --", ...flags].join(" ");
}
