import { spawn } from "node:child_process";
import net from "node:net";
import { freePort, LogTail, spawnManaged, type ManagedChild } from "./processes";
import { waitFor, within } from "@tests/support/wait";

/** Whether a Redis answers PING on 127.0.0.1:port. */
export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    let reply = "";
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
    socket.once("error", () => done(false));
  });
}

/**
 * A private redis-server on its own port, without persistence, that a test may stop and start
 * again on the same port. (The shared Redis on 6379 is never touched.)
 */
export class PrivateRedis {
  readonly logs = new LogTail(200);
  private current: ManagedChild | null = null;
  private generation = 0;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running() {
    return this.current !== null && this.current.exit === null;
  }

  async start(): Promise<void> {
    if (this.running) throw new Error(`redis on ${this.port} is already running`);
    this.generation += 1;
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"];
    const managed = spawnManaged(`redis:${this.port}#${this.generation}`, "redis-server", args, {
      env: { PATH: process.env.PATH },
      log: this.logs,
    });
    this.current = managed;
    await waitFor(async () => (managed.exit ? true : redisAnswers(this.port)), `redis-server on port ${this.port} to answer PING`, {
      timeoutMs: 15_000,
    });
    if (managed.exit) throw new Error(`redis-server exited while starting:\n${this.logs.text()}`);
  }

  /** `redis-cli shutdown nosave` (or SIGKILL), then waits until the process is gone. */
  async stop(how: "shutdown" | "kill" = "shutdown"): Promise<void> {
    const managed = this.current;
    if (!managed || managed.exit) return;
    if (how === "kill") {
      managed.child.kill("SIGKILL");
    } else {
      const cli = spawn("redis-cli", ["-p", String(this.port), "shutdown", "nosave"], { stdio: "ignore" });
      await new Promise((resolve) => cli.once("exit", resolve));
    }
    await within(managed.exited, `redis-server on port ${this.port} to exit (${how})`, 10_000).catch(async (error: unknown) => {
      managed.child.kill("SIGKILL");
      await managed.exited;
      throw error;
    });
    await managed.forget();
  }
}
