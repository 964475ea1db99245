/**
 * Starts the production server for the e2e run on a fresh database: a new database on the real
 * Postgres named by TEST_DATABASE_URL (CI), or an embedded PGlite in a temporary folder. The
 * database is dropped when the server stops.
 *
 * A control port (E2E_PORT + 1) lets a spec stop and start the app process, to prove that clients
 * ride out a server restart: POST /stop (SIGTERM, wait for exit), POST /start.
 *
 * Web Push: a VAPID key pair made for the run (kept across restarts), and pushes allowed to a local
 * push service on E2E_PORT + 2 (the push specs start web-push-testing there:
 * tests/support/push-server.ts).
 *
 * Logs: the server runs at LOG_LEVEL=trace, the most it can say, and everything it writes (stdout
 * and stderr, across restarts) goes to E2E_SERVER_LOG (default test-results/e2e-server.log);
 * warnings, errors and anything not JSON are echoed here too. After the last spec, Playwright's
 * global teardown (e2e/support/global-teardown.ts; it runs before Playwright stops this launcher)
 * asks for the log scan: POST /scan-logs stops the app, and looks in its log for everything the
 * run's people wrote or signed in with (tests/support/log-scan.ts), while the database still
 * exists.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { tmpdir } from "node:os";
import path from "node:path";
import { connectDatabase } from "@/server/db/connect";
import { createThrowawayDatabase } from "@tests/support/database";
import { GENEROUS_LIMITS_ENV } from "@tests/support/limits";
import { CREDENTIAL_MARKERS, scanLog, secretsInDatabase, textsTypedBySpecs, type Secret } from "@tests/support/log-scan";
import { e2ePushServiceOrigin } from "@tests/support/push-server";
import { reapIfKilled } from "@tests/support/reaper";
import { TEST_VAPID_ENV } from "@tests/support/vapid";
import { E2E_PASSWORD } from "./accounts";
import { E2E_ADMIN } from "./admin-account";

const NEXTAUTH_SECRET = "e2e-only-secret-e2e-only-secret-e2e-only";

/** A warning, an error, or a line that is not the logger's JSON: worth showing in the run's output. */
function worthEchoing(line: string): boolean {
  try {
    const { level } = JSON.parse(line) as { level?: unknown };
    return level === "warn" || level === "error" || level === "fatal";
  } catch {
    return true;
  }
}

async function main() {
  const port = Number(process.env.E2E_PORT ?? "3100");
  const adminUrl = process.env.TEST_DATABASE_URL;
  const dataDir = mkdtempSync(path.join(tmpdir(), "glow-e2e-"));
  const database = adminUrl ? await createThrowawayDatabase(adminUrl, "e2e") : null;
  // Playwright ends its web server with SIGKILL (unless told otherwise): then cleanup() below never
  // runs, and the reaper drops the database and removes the data dir instead.
  const cancelReap = reapIfKilled([...(database ? [database.dropCommand] : []), ["rm", "-rf", dataDir]]);

  const logPath = process.env.E2E_SERVER_LOG ?? path.join("test-results", "e2e-server.log");
  mkdirSync(path.dirname(logPath), { recursive: true });
  const logFile = createWriteStream(logPath);
  /** Settles when every line the app processes started so far wrote is in the file. */
  let allLogged: Promise<unknown> = Promise.resolve();
  const logLinesOf = (output: Readable) =>
    new Promise<void>((resolve) => {
      const lines = createInterface({ input: output, crlfDelay: Infinity });
      lines.on("line", (line) => {
        logFile.write(`${line}\n`);
        if (worthEchoing(line)) process.stderr.write(`${line}\n`);
      });
      lines.once("close", resolve);
    });

  let app: ChildProcess | null = null;
  let shuttingDown = false;
  const start = () => {
    // What `npm start` runs: the server compiled by `npm run build`.
    app = spawn(process.execPath, [path.join(".next", "glow-server", "server.mjs")], {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: database?.url ?? "",
        NEXTAUTH_SECRET,
        // Every line the app can write, for the log scan.
        LOG_LEVEL: "trace",
        SEED_DEMO_ACCOUNTS: "false",
        // Glow support's account for the admin specs (e2e/support/admin-account.ts).
        BOOTSTRAP_ADMIN_EMAIL: E2E_ADMIN.email,
        BOOTSTRAP_ADMIN_PASSWORD: E2E_ADMIN.password,
        // Required in production; pushes may go to the local push service the push specs start.
        ...TEST_VAPID_ENV,
        PUSH_ENDPOINT_ORIGINS: e2ePushServiceOrigin(port),
        // The specs make many users and messages from one address, faster than a person would.
        ...GENEROUS_LIMITS_ENV,
      },
    });
    const child = app;
    const logged = Promise.all([logLinesOf(child.stdout!), logLinesOf(child.stderr!)]);
    allLogged = Promise.all([allLogged, logged]);
    child.on("exit", (code) => {
      if (app === child) app = null;
      if (shuttingDown) void cleanup().finally(() => process.exit(code ?? 0));
    });
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      const child = app;
      if (!child) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });

  /** Stops the app and scans its whole log for what must never be in it (tests/support/log-scan.ts). */
  const scanLogs = async () => {
    await stop();
    await allLogged;
    await new Promise<void>((resolve, reject) => logFile.write("", (error) => (error ? reject(error) : resolve())));
    const db = await connectDatabase(database ? { kind: "postgres", url: database.url, poolSize: 1 } : { kind: "pglite", dataDir: path.join(dataDir, "pglite") });
    let fromDatabase: Secret[];
    try {
      fromDatabase = await secretsInDatabase(db.prisma);
    } finally {
      await db.close();
    }
    const secrets: Secret[] = [
      ...fromDatabase,
      ...textsTypedBySpecs("e2e"),
      { kind: "password", value: E2E_PASSWORD },
      { kind: "password", value: E2E_ADMIN.password },
      { kind: "session secret", value: NEXTAUTH_SECRET },
      { kind: "VAPID private key", value: TEST_VAPID_ENV.VAPID_PRIVATE_KEY },
      ...CREDENTIAL_MARKERS,
    ];
    return { logPath, ...scanLog(readFileSync(logPath, "utf8"), secrets) };
  };

  const cleanup = async () => {
    control.close();
    logFile.end();
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
    cancelReap();
  };

  const control = createServer((req, res) => {
    if (req.method !== "POST") return res.writeHead(405).end();
    if (req.url === "/stop") return void stop().then(() => res.writeHead(204).end());
    if (req.url === "/scan-logs") {
      return void scanLogs().then(
        (report) => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(report)),
        (error: unknown) => res.writeHead(500, { "Content-Type": "text/plain" }).end(`The log scan failed: ${(error as Error).stack ?? String(error)}`),
      );
    }
    if (req.url === "/start") {
      if (!app) start();
      return res.writeHead(204).end();
    }
    res.writeHead(404).end();
  });
  control.listen(port + 1, "127.0.0.1");

  const shutdown = () => {
    shuttingDown = true;
    if (app) app.kill("SIGTERM");
    else void cleanup().finally(() => process.exit(0));
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
  start();
}

void main();
