/**
 * `tsx scripts/measure-memory.ts [--sockets 200] [--port 3460] [--tsx] [--snapshots] [-- <node flags>]`: the
 * resident memory of one production app process, idle and with sockets open, each figure read
 * after a full garbage collection (asked through the inspector), from /proc/<pid>/status.
 *
 * Starts the compiled server (`npm run build` first), or server.ts through tsx with --tsx, on a
 * throwaway database (TEST_DATABASE_URL, or the local Postgres), then opens one socket (which pays
 * the one-off costs) and two batches of --sockets WebSockets, each an authenticated user following
 * one conversation (message.onMessage), and prints RSS and V8 heap after each step and the cost
 * per socket of each batch. --snapshots also writes a heap snapshot after each step. Node flags
 * after `--` go to the server (e.g. --max-semi-space-size=4). Prints figures; asserts nothing.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import WebSocket from "ws";
import { connectDatabase } from "@/server/db/connect";
import { createMemoryEventBus } from "@/server/realtime/event-bus";
import { sessionCookie, wsClient } from "@tests/support/api-server";
import { createThrowawayDatabase } from "@tests/support/database";
import { callerFor, makePair, type TestUser } from "@tests/support/fixtures";
import { GENEROUS_LIMITS_ENV } from "@tests/support/limits";
import { TEST_VAPID_ENV } from "@tests/support/vapid";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const SOCKETS = option("sockets", 200);
const PORT = option("port", 3460);
const USE_TSX = args.includes("--tsx");
/** Also writes a heap snapshot of the server (in its working directory) after each figure. */
const SNAPSHOTS = args.includes("--snapshots");
const NODE_FLAGS = args.includes("--") ? args.slice(args.indexOf("--") + 1) : [];
const SECRET = "measure-memory-secret-0123456789abcdef";
const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
const residentKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);

/**
 * A full collection in the server, through its inspector (as DevTools' bin icon does), then its
 * resident memory and the V8 heap's share of it.
 */
async function measure(pid: number, inspectorUrl: string): Promise<{ rssKb: number; heapUsedKb: number; heap: string }> {
  const socket = new WebSocket(inspectorUrl);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  let nextId = 0;
  const call = (method: string, params: object = {}) => {
    const id = ++nextId;
    type Answer = { id?: number; result?: { result?: { value?: string } } };
    return new Promise<Answer>((resolve) => {
      socket.on("message", (data: Buffer) => {
        const answer = JSON.parse(data.toString()) as Answer;
        if (answer.id === id) resolve(answer);
      });
      socket.send(JSON.stringify({ id, method, params }));
    });
  };
  // Background work (Wasm tier-up, freed buffers) settles before and between the collections.
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await call("HeapProfiler.collectGarbage");
  }
  const usage = await call("Runtime.evaluate", {
    expression: "(({ heapUsed, heapTotal, external }) => JSON.stringify({ heapUsed, heapTotal, external }))(process.memoryUsage())",
    returnByValue: true,
  });
  socket.close();
  const rssKb = residentKb(pid);
  if (SNAPSHOTS) {
    process.kill(pid, "SIGUSR2");
    await new Promise((resolve) => setTimeout(resolve, 8000));
  }
  const { heapUsed, heapTotal, external } = JSON.parse(usage.result?.result?.value ?? "{}") as Record<string, number>;
  const heap = `V8 heap ${mb(heapUsed! / 1024)} used of ${mb(heapTotal! / 1024)}, external ${mb(external! / 1024)}`;
  return { rssKb, heapUsedKb: heapUsed! / 1024, heap };
}

async function main() {
  const database = await createThrowawayDatabase(ADMIN_URL, "bench");
  const dataDir = mkdtempSync(path.join(tmpdir(), "glow-memory-"));
  const entry = USE_TSX ? ["--import", "tsx", "server.ts"] : [".next/glow-server/server.mjs"];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(PORT),
    DATABASE_URL: database.url,
    NEXTAUTH_SECRET: SECRET,
    NEXTAUTH_URL: `http://localhost:${PORT}`,
    DATA_DIR: dataDir,
    ...GENEROUS_LIMITS_ENV,
    ...TEST_VAPID_ENV,
  };
  // One process on its own: no Redis, photos on local disk.
  delete env.REDIS_URL;
  delete env.UPLOADTHING_TOKEN;
  const snapshotFlags = SNAPSHOTS ? ["--heapsnapshot-signal=SIGUSR2"] : [];
  const server = spawn(process.execPath, ["--inspect=127.0.0.1:0", ...snapshotFlags, ...NODE_FLAGS, ...entry], { env, stdio: ["ignore", "pipe", "pipe"] });
  const stop = async () => {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    let output = "";
    let inspectorUrl = "";
    await new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        inspectorUrl ||= /Debugger listening on (ws:\S+)/.exec(output)?.[1] ?? "";
        if (/Ready on/.test(output) && inspectorUrl) resolve();
      };
      server.stdout.on("data", read);
      server.stderr.on("data", read);
      server.once("exit", (code) => reject(new Error(`The server exited (${code}):\n${output}`)));
    });

    const db = await connectDatabase({ kind: "postgres", url: database.url, poolSize: 4 });
    const bus = createMemoryEventBus();
    /** Users, two per conversation, each following their conversation on a socket of their own. */
    const followers = async (count: number) => {
      const list: { user: TestUser; conversationId: string }[] = [];
      while (list.length < count) {
        const { customer, artist } = await makePair(db.prisma);
        const { id } = await callerFor(db, bus, customer).conversation.getOrCreate({ participantId: artist.id });
        list.push({ user: customer, conversationId: id }, { user: artist, conversationId: id });
      }
      return list.slice(0, count);
    };
    const origin = `http://localhost:${PORT}`;
    const clients: { close(): void }[] = [];
    const open = async (list: { user: TestUser; conversationId: string }[]) => {
      for (const { user, conversationId } of list) {
        const socket = wsClient(`ws://127.0.0.1:${PORT}/api/ws`, { cookie: await sessionCookie(user, SECRET), origin });
        await new Promise<void>((resolve, reject) =>
          socket.client.message.onMessage.subscribe({ conversationId, lastEventId: "0" }, { onStarted: () => resolve(), onError: reject }),
        );
        clients.push(socket);
      }
    };
    const [warmUp, ...rest] = await followers(2 * SOCKETS + 1);
    const first = rest.slice(0, SOCKETS);
    const second = rest.slice(SOCKETS);

    const idle = await measure(server.pid!, inspectorUrl);
    // The first socket loads what serving sockets needs (code, Prisma's query compiler): a cost
    // paid once per process, not per socket.
    await open([warmUp!]);
    const warm = await measure(server.pid!, inspectorUrl);
    await open(first);
    const withFirst = await measure(server.pid!, inspectorUrl);
    await open(second);
    const withSecond = await measure(server.pid!, inspectorUrl);

    const perSocket = (from: typeof warm, to: typeof warm) =>
      `${((to.rssKb - from.rssKb) / SOCKETS).toFixed(1)} KB RSS, ${((to.heapUsedKb - from.heapUsedKb) / SOCKETS).toFixed(1)} KB V8 heap per socket`;
    console.log(`server: ${USE_TSX ? "tsx server.ts" : "node .next/glow-server/server.mjs"} ${NODE_FLAGS.join(" ")}`);
    console.log(`idle, RSS after GC: ${mb(idle.rssKb)} (${idle.heap})`);
    console.log(`1 socket: ${mb(warm.rssKb)} (${warm.heap})`);
    console.log(`${SOCKETS + 1} sockets, one subscription each: ${mb(withFirst.rssKb)} (${withFirst.heap}): ${perSocket(warm, withFirst)}`);
    console.log(`${2 * SOCKETS + 1} sockets: ${mb(withSecond.rssKb)} (${withSecond.heap}): ${perSocket(withFirst, withSecond)}`);
    for (const socket of clients) socket.close();
    await db.close();
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
