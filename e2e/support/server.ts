/**
 * Starts the production server for the e2e run on a fresh database: a new database on the real
 * Postgres named by TEST_DATABASE_URL (CI), or an embedded PGlite in a temporary folder. The
 * database is dropped when the server stops.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

async function main() {
  const port = process.env.E2E_PORT ?? "3100";
  const adminUrl = process.env.TEST_DATABASE_URL;
  const dataDir = mkdtempSync(path.join(tmpdir(), "glow-e2e-"));
  let databaseUrl: string | undefined;
  let dbName: string | undefined;
  if (adminUrl) {
    dbName = `glow_e2e_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }

  const server = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    stdio: "inherit",
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: port,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl ?? "",
      NEXTAUTH_SECRET: "e2e-only-secret-e2e-only-secret-e2e-only",
      SEED_DEMO_ACCOUNTS: "false",
    },
  });

  const cleanup = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (adminUrl && dbName) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
      await admin.end();
    }
  };
  const stop = () => server.kill("SIGTERM");
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  server.on("exit", (code) => {
    void cleanup().finally(() => process.exit(code ?? 0));
  });
}

void main();
