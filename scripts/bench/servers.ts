/**
 * The servers under test, as child processes (`node --import tsx <script>`): the production
 * server(s), one per port, all on the same database; and the bench's bare baseline server. Everything a process gets is decided in instanceEnv, so a new
 * variable (a Redis bus, a pool size) is one line there.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { GENEROUS_LIMITS_ENV } from "@tests/support/limits";
import { TEST_VAPID_ENV } from "@tests/support/vapid";

/** Production refuses to start without one; the bench only needs it to be stable for the run. */
const BENCH_SECRET = "bench-only-secret-bench-only-secret-bench-only";
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;

export interface ServerProcess {
  index: number;
  port: number;
  baseUrl: string;
  healthUrl: string;
  pid: number;
  /** The event bus the process reported on /api/health ("memory" reaches only its own clients). */
  bus: string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
  /** The last lines the process printed, for an error message. */
  recentOutput: string[];
  /** ws://… of the inspector, when started with `inspect`. */
  inspectorUrl?: string;
  /** SIGTERM, then waits for the exit (SIGKILL if the graceful shutdown hangs). */
  stop(): Promise<number | string>;
}

export interface ServerSettings {
  databaseUrl: string;
  verbose: boolean;
  /** Where progress and server output go (stderr under --json). */
  out: NodeJS.WritableStream;
  /**
   * Limit variables (src/env.ts) over generous ones: the bench makes many users and messages
   * from one address, so by default no limit applies; bench:abuse sets the ones it measures.
   */
  limits?: Record<string, string>;
  /**
   * Open the inspector on a free local port (ServerProcess.inspectorUrl), so the bench can ask for
   * a full garbage collection before reading memory. Nothing attaches otherwise.
   */
  inspect?: boolean;
}

/** The environment of instance `index`. Add variables for new server features here. */
export function instanceEnv(port: number, settings: ServerSettings, instances: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    // As `npm start` runs it: glibc's malloc with 2 arenas instead of one per thread (see package.json).
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
    PORT: String(port),
    DATABASE_URL: settings.databaseUrl,
    NEXTAUTH_SECRET: BENCH_SECRET,
    // Each instance is its own public URL here; an inherited NEXTAUTH_URL would point elsewhere.
    NEXTAUTH_URL: `http://localhost:${port}`,
    SEED_DEMO_ACCOUNTS: "false",
    ...GENEROUS_LIMITS_ENV,
    // Production requires VAPID keys (Web Push); every instance of a run shares one pair.
    ...TEST_VAPID_ENV,
    ...settings.limits,
  };
  // Several processes only reach each other's subscribers through a shared bus. Passed through as
  // is, so the bench picks it up as soon as the server reads it.
  if (instances > 1 && process.env.REDIS_URL) env.REDIS_URL = process.env.REDIS_URL;
  else delete env.REDIS_URL;
  return env;
}

const BUILD_WAIT_MS = 180_000;

/** What `npm start` runs: the server compiled by `npm run build` (scripts/build-server.ts). */
export const COMPILED_SERVER = path.join(".next", "glow-server", "server.mjs");

/**
 * The server serves Next pages (and next-auth's routes) from .next and runs compiled to JavaScript,
 * as `npm start` does; without a build it cannot start. `next build` empties .next first and holds
 * .next/lock while it runs, so a missing BUILD_ID next to a lock means someone else's build is
 * under way: wait for it rather than start a second one.
 */
export async function ensureProductionBuild(out: NodeJS.WritableStream): Promise<void> {
  const buildId = path.join(process.cwd(), ".next", "BUILD_ID");
  const lock = path.join(process.cwd(), ".next", "lock");
  if (!existsSync(buildId) && existsSync(lock)) {
    out.write("A `next build` seems to be running (.next/lock, no BUILD_ID yet); waiting for it…\n");
    const deadline = Date.now() + BUILD_WAIT_MS;
    while (!existsSync(buildId) && existsSync(lock) && Date.now() < deadline) await sleep(1000);
  }
  if (existsSync(buildId) && existsSync(COMPILED_SERVER)) return;
  out.write(`No production build (.next/BUILD_ID or ${COMPILED_SERVER} missing): running \`npm run build\`…\n`);
  const build = spawn("npm", ["run", "build"], { stdio: ["ignore", "pipe", "pipe"] });
  build.stdout.pipe(out, { end: false });
  build.stderr.pipe(process.stderr, { end: false });
  const code = await new Promise<number | null>((resolve) => build.on("exit", resolve));
  if (code !== 0) throw new Error(`npm run build failed (exit code ${code})`);
}

/**
 * The baseline compiled to JavaScript like the app (esbuild), so neither pays for tsx at run time
 * and their memory compares.
 */
async function compiledBaseline(): Promise<string> {
  const { build } = await import("esbuild");
  const outfile = path.join(".next", "bench", "baseline-server.mjs");
  await build({
    entryPoints: [path.join(path.dirname(fileURLToPath(import.meta.url)), "baseline-server.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    logLevel: "warning",
  });
  return outfile;
}

function forwardOutput(child: ChildProcess, label: string, settings: ServerSettings, tail: string[]) {
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };
  createInterface({ input: child.stdout! }).on("line", (line) => {
    remember(line);
    if (settings.verbose) settings.out.write(`${label} ${line}\n`);
  });
  // stderr always: an error logged by the server during the run matters for reading the figures.
  createInterface({ input: child.stderr! }).on("line", (line) => {
    remember(line);
    // The inspector's own lines are expected (settings.inspect), not news.
    if (/^(Debugger listening on|Debugger attached\.|Debugger ending on|For help, see: https:\/\/nodejs\.org\/en\/docs\/inspector)/.test(line)) return;
    process.stderr.write(`${label} ${line}\n`);
  });
}

/**
 * Polls the health URL until it answers 200 (the database is reachable), or the process dies.
 * Returns the health body's bus kind.
 */
async function waitUntilHealthy(healthUrl: string, exited: Promise<number | string>, tail: string[]): Promise<string> {
  let gone: number | string | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone !== undefined) {
      throw new Error(`The server at ${healthUrl} exited (${gone}) before it was ready. Last output:\n${tail.join("\n")}`);
    }
    try {
      const res = await fetch(healthUrl, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return String(((await res.json()) as { bus?: unknown }).bus ?? "unknown");
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`The server at ${healthUrl} was not healthy after ${READY_TIMEOUT_MS / 1000} s. Last output:\n${tail.join("\n")}`);
}

interface ChildServer {
  index: number;
  port: number;
  /** The JavaScript file node runs. */
  script: string;
  env: NodeJS.ProcessEnv;
  /** Answers 200 with `{ bus }` once the process can serve. */
  healthPath: string;
}

function startServer(spec: ChildServer, settings: ServerSettings): ServerProcess {
  const { port } = spec;
  const nodeArgs = [
    ...(settings.inspect ? ["--inspect=127.0.0.1:0"] : []),
  ];
  const child = spawn(process.execPath, [...nodeArgs, spec.script], {
    env: spec.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`Could not spawn ${spec.script}`);
  const tail: string[] = [];
  forwardOutput(child, `[server :${port}]`, settings, tail);
  const exited = new Promise<number | string>((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  let stopping: Promise<number | string> | undefined;
  const server: ServerProcess = {
    index: spec.index,
    port,
    baseUrl: `http://localhost:${port}`,
    healthUrl: `http://localhost:${port}${spec.healthPath}`,
    pid: child.pid,
    bus: "unknown",
    exited,
    recentOutput: tail,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return exited;
        child.kill("SIGTERM");
        const result = await Promise.race([exited, sleep(STOP_TIMEOUT_MS).then(() => "timeout" as const)]);
        if (result !== "timeout") return result;
        settings.out.write(`[server :${port}] did not exit ${STOP_TIMEOUT_MS / 1000} s after SIGTERM; sending SIGKILL\n`);
        child.kill("SIGKILL");
        return exited;
      })();
      return stopping;
    },
  };
  if (settings.inspect) {
    createInterface({ input: child.stderr! }).on("line", (line) => {
      server.inspectorUrl ??= /^Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
    });
  }
  return server;
}

/** Starts the given processes together and waits until all are healthy; on a failure stops them all. */
async function startAll(specs: ChildServer[], settings: ServerSettings): Promise<ServerProcess[]> {
  const servers: ServerProcess[] = [];
  try {
    for (const spec of specs) servers.push(startServer(spec, settings));
    await Promise.all(
      servers.map(async (s) => {
        s.bus = await waitUntilHealthy(s.healthUrl, s.exited, s.recentOutput);
      }),
    );
    return servers;
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
}

/**
 * Starts `instances` processes on consecutive ports and waits until all are healthy. They start
 * together: the migrations they apply on start are serialised by an advisory lock in the server.
 * On a failure the ones already started are stopped before the error is thrown.
 */
export function startServers(firstPort: number, instances: number, settings: ServerSettings): Promise<ServerProcess[]> {
  const specs = Array.from({ length: instances }, (_, i) => ({
    index: i,
    port: firstPort + i,
    script: COMPILED_SERVER,
    env: instanceEnv(firstPort + i, settings, instances),
    healthPath: "/api/health",
  }));
  return startAll(specs, settings);
}

/**
 * The bench's bare baseline server (baseline-server.ts) on settings.databaseUrl, which must already
 * hold the app's schema. Its pool is as large as the app's (DATABASE_POOL_SIZE, default 10).
 */
export async function startBaselineServer(port: number, settings: ServerSettings): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: settings.databaseUrl,
    POOL_SIZE: process.env.DATABASE_POOL_SIZE ?? "10",
    // The same allocator setting as the app's, so their memory compares.
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2",
  };
  const script = await compiledBaseline();
  const [server] = await startAll([{ index: 0, port, script, env, healthPath: "/health" }], settings);
  return server!;
}
