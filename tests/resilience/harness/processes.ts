import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { track, trackDir } from "./cleanup";
import { GENEROUS_LIMITS_ENV } from "@tests/support/limits";
import { TEST_VAPID_ENV } from "@tests/support/vapid";
import { waitFor, within } from "@tests/support/wait";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../../..");

/** The secret every app process of these tests verifies sessions with (≥ 32 characters). */
export const SESSION_SECRET = "resilience-tests-nextauth-secret-0123456789abcdef";

const handedOut = new Set<number>();

/** A port nobody listens on right now (a listen(0) probe), never the same one twice per run. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const probe = net.createServer();
      probe.unref();
      probe.once("error", reject);
      // No host: the probe takes the port on every interface, as the app's listen(PORT) does.
      probe.listen(0, () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port right now. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(3000, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** The last lines a process wrote (stdout and stderr, interleaved), shown when a test fails. */
export class LogTail {
  private readonly lines: string[] = [];
  constructor(private readonly max = 400) {}

  add(line: string) {
    this.lines.push(line);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }

  text(): string {
    return this.lines.join("\n");
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedChild {
  child: ChildProcess;
  pid: number;
  /** Settles when the process has exited (never rejects). */
  exited: Promise<Exit>;
  /** Set once it has exited. */
  exit: Exit | null;
  /** Stops tracking it (call after it has exited). */
  forget: () => Promise<void>;
}

/** Spawns a process whose output goes to `log` with `label` in front of every line. */
export function spawnManaged(
  label: string,
  command: string,
  args: string[],
  options: { env: Record<string, string | undefined>; cwd?: string; log: LogTail },
): ManagedChild {
  const env = options.env as NodeJS.ProcessEnv;
  const child = spawn(command, args, { cwd: options.cwd ?? REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  if (child.pid === undefined) throw new Error(`could not spawn ${label}: ${command} ${args.join(" ")}`);
  const pid = child.pid;
  for (const [stream, tag] of [
    [child.stdout, "out"],
    [child.stderr, "err"],
  ] as const) {
    let partial = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const parts = (partial + chunk).split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) options.log.add(`[${label} ${tag}] ${line}`);
    });
    stream.on("end", () => partial && options.log.add(`[${label} ${tag}] ${partial}`));
  }
  const managed: ManagedChild = {
    child,
    pid,
    exit: null,
    exited: new Promise<Exit>((resolve) => {
      child.once("exit", (code, signal) => {
        managed.exit = { code, signal };
        options.log.add(`[${label}] exited with ${signal ? `signal ${signal}` : `code ${code}`}`);
        resolve(managed.exit);
      });
      child.once("error", (error) => {
        options.log.add(`[${label}] spawn error: ${error.message}`);
        managed.exit ??= { code: null, signal: null };
        resolve(managed.exit);
      });
    }),
    forget: async () => {},
  };
  const killNow = () => {
    if (managed.exit) return;
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  managed.forget = track(
    label,
    async () => {
      killNow();
      await within(managed.exited, `${label} (pid ${pid}) to exit after SIGKILL`, 10_000);
    },
    killNow,
    [["kill", "-9", String(pid)]],
  );
  // Once it has exited, its pid is nobody's to kill any more.
  void managed.exited.then(() => managed.forget());
  return managed;
}

export interface Health {
  status: number;
  ok: boolean;
  db: string;
  bus: string;
  busConnected: boolean;
}

export async function readHealth(url: string): Promise<Health> {
  const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
  const body = (await res.json()) as Omit<Health, "status">;
  return { status: res.status, ...body };
}

export interface AppProcessConfig {
  /** "A", "B": shown in front of its log lines. */
  name: string;
  databaseUrl: string;
  /** Unset = in-memory bus (this process only). */
  redisUrl?: string;
  /** Default: a free port. A restart reuses the port. */
  port?: number;
  startTimeoutMs?: number;
  /** More environment; default limits are generous (tests/support/limits.ts), this may set some. */
  env?: Record<string, string>;
}

/**
 * One app process (tests/resilience/harness/api-only-server.ts: the real app server minus the pages) on a
 * fixed port, which a test can kill, stop gracefully and start again on the same port.
 */
export class AppProcess {
  readonly logs = new LogTail();
  readonly url: string;
  readonly wsUrl: string;
  private current: ManagedChild | null = null;
  private generation = 0;
  private readonly dataDir = mkdtempSync(path.join(tmpdir(), "glow-resilience-data-"));

  private constructor(
    readonly config: AppProcessConfig,
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}/api/ws`;
    trackDir(this.dataDir);
  }

  /** Starts the process and resolves once /api/health says it is up (and its bus connected). */
  static async start(config: AppProcessConfig): Promise<AppProcess> {
    const app = new AppProcess(config, config.port ?? (await freePort()));
    await app.start();
    return app;
  }

  get name() {
    return this.config.name;
  }

  get pid(): number | null {
    return this.current && !this.current.exit ? this.current.pid : null;
  }

  /** Starts it (again) on its port and waits until it is healthy. */
  async start(): Promise<void> {
    if (this.pid !== null) throw new Error(`${this.name} is already running (pid ${this.pid})`);
    this.generation += 1;
    const label = `${this.name}#${this.generation}`;
    const env: Record<string, string | undefined> = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      PORT: String(this.port),
      DATABASE_URL: this.config.databaseUrl,
      ...(this.config.redisUrl ? { REDIS_URL: this.config.redisUrl } : {}),
      NEXTAUTH_SECRET: SESSION_SECRET,
      SEED_DEMO_ACCOUNTS: "false",
      DATA_DIR: this.dataDir,
      ...GENEROUS_LIMITS_ENV,
      // Production requires VAPID keys (Web Push); every process of a run shares one pair.
      ...TEST_VAPID_ENV,
      ...this.config.env,
    };
    const managed = spawnManaged(label, process.execPath, ["--import", "tsx", "tests/resilience/harness/api-only-server.ts"], {
      env,
      log: this.logs,
    });
    this.current = managed;
    const timeoutMs = this.config.startTimeoutMs ?? 60_000;
    let last = "no answer yet";
    const healthy = waitFor(
      async () => {
        if (managed.exit) return true; // reported below
        const health = await readHealth(this.url);
        last = JSON.stringify(health);
        return health.status === 200 && health.ok && (!this.config.redisUrl || (health.bus === "redis" && health.busConnected));
      },
      `${label} on port ${this.port} to answer /api/health with ok${this.config.redisUrl ? " and busConnected" : ""}`,
      { timeoutMs, intervalMs: 100, describe: () => last },
    );
    try {
      await healthy;
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- ${this.name} log ---\n${this.logs.text()}`);
    }
    if (managed.exit) {
      throw new Error(
        `${label} exited while starting (${JSON.stringify(managed.exit)})\n--- ${this.name} log ---\n${this.logs.text()}`,
      );
    }
  }

  /** Sends a signal and returns when the process has exited, with how it exited. */
  async kill(signal: NodeJS.Signals = "SIGKILL", timeoutMs = 30_000): Promise<Exit> {
    const exited = this.signal(signal);
    return within(exited, `${this.name} to exit after ${signal}`, timeoutMs);
  }

  /** Sends a signal without waiting; the promise settles when the process has exited. */
  signal(signal: NodeJS.Signals): Promise<Exit> {
    const managed = this.current;
    if (!managed || managed.exit) throw new Error(`${this.name} is not running`);
    managed.child.kill(signal);
    return managed.exited.then(async (exit) => {
      await managed.forget();
      return exit;
    });
  }

  /** How the current (or last) run ended; null while it runs. */
  get exit(): Exit | null {
    return this.current?.exit ?? null;
  }

  health(): Promise<Health> {
    return readHealth(this.url);
  }

  /** Kills the process if it still runs. Its data dir goes with releaseAll(). */
  async stop(): Promise<void> {
    if (this.pid === null) return;
    await this.kill("SIGKILL");
  }
}

/** Starts several app processes at once (they share the CPU while compiling). */
export function startApps(configs: AppProcessConfig[]): Promise<AppProcess[]> {
  return Promise.all(configs.map((config) => AppProcess.start(config)));
}
