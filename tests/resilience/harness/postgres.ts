import { spawn, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createThrowawayDatabase, postgresBinary as bin, type ThrowawayDatabase } from "@tests/support/database";
import { track } from "./cleanup";
import { freePort } from "./processes";

/** The shared cluster's admin URL (tests on it create and drop their own database). */
export const SHARED_ADMIN_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";


/**
 * A throwaway database on a cluster, registered with the cleanup: dropped by drop() or
 * releaseAll(), by psql from the exit hook, or by the reaper if this worker is killed.
 */
export async function createTrackedDatabase(adminUrl = SHARED_ADMIN_URL): Promise<ThrowawayDatabase> {
  const database = await createThrowawayDatabase(adminUrl, "resilience");
  const [psql, ...args] = database.dropCommand;
  const drop = track(`database ${database.name}`, database.drop, () => {
    spawnSync(psql!, args, { stdio: "ignore", timeout: 10_000 });
  }, [database.dropCommand]);
  return { ...database, drop };
}

/** Runs a Postgres binary as the postgres user when we are root (initdb refuses root). */
function pgCommand(name: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", bin(name), ...args]] : [bin(name), args];
}

function run(name: string, args: string[], timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  const [command, argv] = pgCommand(name, args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function idOf(user: string, flag: "-u" | "-g"): number {
  const result = spawnSync("id", [flag, user], { encoding: "utf8" });
  const id = Number(result.stdout.trim());
  if (result.status !== 0 || !Number.isInteger(id)) throw new Error(`no user ${user}: ${result.stderr}`);
  return id;
}

/**
 * A private Postgres cluster (initdb in a temporary dir, its own port and socket dir) that a test
 * may stop and start while app processes use it. Removed, data and all, by destroy()/releaseAll().
 */
export class PrivatePostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get dataDir() {
    return path.join(this.dir, "data");
  }

  get logFile() {
    return path.join(this.dir, "postgres.log");
  }

  /** postgres://postgres@127.0.0.1:<port>/postgres */
  get adminUrl() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), "glow-resilience-pg-"));
    const cluster = new PrivatePostgres(dir, await freePort());
    const stopSync = () => {
      const [command, argv] = pgCommand("pg_ctl", ["-D", cluster.dataDir, "-m", "immediate", "-w", "stop"]);
      if (existsSync(path.join(cluster.dataDir, "postmaster.pid"))) spawnSync(command, argv, { stdio: "ignore", timeout: 20_000 });
      rmSync(dir, { recursive: true, force: true });
    };
    track(
      `postgres cluster ${dir}`,
      async () => {
        if (existsSync(path.join(cluster.dataDir, "postmaster.pid"))) await cluster.stop("immediate");
        rmSync(dir, { recursive: true, force: true });
      },
      stopSync,
      [pgCommand("pg_ctl", ["-D", cluster.dataDir, "-m", "immediate", "-w", "stop"]).flat(), ["rm", "-rf", dir]],
    );
    if (process.getuid?.() === 0) {
      chownSync(dir, idOf("postgres", "-u"), idOf("postgres", "-g"));
      chmodSync(dir, 0o700);
    }
    const init = await run("initdb", ["-D", cluster.dataDir, "--auth=trust", "-U", "postgres", "-N", "-E", "UTF8"]);
    if (init.code !== 0) throw new Error(`initdb failed (${init.code}):\n${init.output}`);
    await cluster.start();
    return cluster;
  }

  /** Starts the cluster and waits until it accepts connections. */
  async start(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.dir}`,
      "-c listen_addresses=127.0.0.1",
      // The OS never crashes under these tests; skipping fsync only saves time.
      "-c fsync=off",
      "-c max_connections=100",
    ].join(" ");
    const result = await run("pg_ctl", ["-D", this.dataDir, "-o", options, "-l", this.logFile, "-w", "-t", "60", "start"]);
    if (result.code !== 0) throw new Error(`pg_ctl start failed (${result.code}):\n${result.output}\n${this.log()}`);
  }

  /** "fast": roll back open transactions and disconnect every client, then shut down cleanly. */
  async stop(mode: "fast" | "immediate" = "fast"): Promise<void> {
    const result = await run("pg_ctl", ["-D", this.dataDir, "-m", mode, "-w", "-t", "60", "stop"]);
    if (result.code !== 0) throw new Error(`pg_ctl stop -m ${mode} failed (${result.code}):\n${result.output}\n${this.log()}`);
  }

  /** The server's own log (tail), for failure messages. */
  log(lines = 80): string {
    try {
      return readFileSync(this.logFile, "utf8").split("\n").slice(-lines).join("\n");
    } catch {
      return "(no postgres log)";
    }
  }
}
