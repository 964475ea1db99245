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
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createThrowawayDatabase } from "@tests/support/database";
import { GENEROUS_LIMITS_ENV } from "@tests/support/limits";
import { e2ePushServiceOrigin } from "@tests/support/push-server";
import { reapIfKilled } from "@tests/support/reaper";
import { TEST_VAPID_ENV } from "@tests/support/vapid";
import { E2E_ADMIN } from "./admin-account";

async function main() {
  const port = Number(process.env.E2E_PORT ?? "3100");
  const adminUrl = process.env.TEST_DATABASE_URL;
  const dataDir = mkdtempSync(path.join(tmpdir(), "glow-e2e-"));
  const database = adminUrl ? await createThrowawayDatabase(adminUrl, "e2e") : null;
  // Playwright ends its web server with SIGKILL (unless told otherwise): then cleanup() below never
  // runs, and the reaper drops the database and removes the data dir instead.
  const cancelReap = reapIfKilled([...(database ? [database.dropCommand] : []), ["rm", "-rf", dataDir]]);

  let app: ChildProcess | null = null;
  let shuttingDown = false;
  const start = () => {
    // What `npm start` runs: the server compiled by `npm run build`.
    app = spawn(process.execPath, [path.join(".next", "glow-server", "server.mjs")], {
      stdio: "inherit",
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: database?.url ?? "",
        NEXTAUTH_SECRET: "e2e-only-secret-e2e-only-secret-e2e-only",
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

  const cleanup = async () => {
    control.close();
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
    cancelReap();
  };

  const control = createServer((req, res) => {
    if (req.method !== "POST") return res.writeHead(405).end();
    if (req.url === "/stop") return void stop().then(() => res.writeHead(204).end());
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
