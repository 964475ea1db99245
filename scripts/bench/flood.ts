/**
 * The abuser of `npm run bench:abuse`: one signed-in user calling message.send from N keep-alive
 * connections, each sending its next call as soon as the last one is answered, ignoring
 * retryAfterMs (a script that does not care, unlike the browser's outbox). It runs in a child
 * process of its own, so its work does not sit on the event loop that times the pair's messages.
 */
import { fork, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import http from "node:http";
import { fileURLToPath } from "node:url";

export interface FloodSettings {
  baseUrl: string;
  cookie: string;
  conversationId: string;
  connections: number;
}

export interface FloodStats {
  attempts: number;
  /** 200: stored. */
  accepted: number;
  /** 429: refused by the limit. */
  refused: number;
  /** Anything else (status → count), and network errors. */
  other: Record<string, number>;
  wallMs: number;
  /** CPU seconds the flooding process used. */
  cpuSeconds: number;
}

/** Starts the flood in a child process; stop() ends it and returns what it saw (once; again: the same). */
export async function startFlood(settings: FloodSettings): Promise<{ stop(): Promise<FloodStats> }> {
  const child = fork(fileURLToPath(import.meta.url), [JSON.stringify(settings)], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  await new Promise<void>((resolve, reject) => {
    child.once("message", (m) => (m === "flooding" ? resolve() : reject(new Error(String(m)))));
    child.once("exit", (code) => reject(new Error(`the flood process exited (${code}) before it started`)));
  });
  let stopping: Promise<FloodStats> | undefined;
  return {
    stop: () =>
      (stopping ??= new Promise<FloodStats>((resolve, reject) => {
        child.once("message", (stats) => resolve(stats as FloodStats));
        child.once("exit", (code) => reject(new Error(`the flood process exited (${code}) without its figures`)));
        child.send("stop");
      }).finally(() => stopChild(child))),
  };
}

function stopChild(child: ChildProcess) {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
}

function flood(settings: FloodSettings) {
  const url = new URL("/api/trpc/message.send", settings.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.connections });
  const stats: FloodStats = { attempts: 0, accepted: 0, refused: 0, other: {}, wallMs: 0, cpuSeconds: 0 };
  const started = Date.now();
  const cpuAtStart = process.cpuUsage();
  let stopping = false;

  const sendOnce = () =>
    new Promise<void>((resolve) => {
      const body = JSON.stringify({ json: { conversationId: settings.conversationId, clientId: randomUUID(), text: "flood" } });
      const req = http.request(
        url,
        { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), cookie: settings.cookie } },
        (res) => {
          res.resume();
          res.on("end", () => {
            stats.attempts++;
            if (res.statusCode === 200) stats.accepted++;
            else if (res.statusCode === 429) stats.refused++;
            else stats.other[String(res.statusCode)] = (stats.other[String(res.statusCode)] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on("error", (error) => {
        stats.other[error.message] = (stats.other[error.message] ?? 0) + 1;
        setTimeout(resolve, 50);
      });
      req.end(body);
    });

  const loops = Array.from({ length: settings.connections }, async () => {
    while (!stopping) await sendOnce();
  });
  process.send?.("flooding");
  process.on("message", (message) => {
    if (message !== "stop") return;
    stopping = true;
    void Promise.all(loops).then(() => {
      const cpu = process.cpuUsage(cpuAtStart);
      stats.wallMs = Date.now() - started;
      stats.cpuSeconds = Math.round((cpu.user + cpu.system) / 10_000) / 100;
      process.send?.(stats, () => process.exit(0));
    });
  });
}

// Run as the child: the settings come as the first argument.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) flood(JSON.parse(process.argv[2]!) as FloodSettings);
