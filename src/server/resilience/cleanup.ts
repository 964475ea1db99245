import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

/**
 * Everything a resilience test starts (processes, servers, databases, data dirs) registers here:
 *
 * - releaseAll() (afterAll) takes it all down in order, even when the test failed half-way;
 * - the exit hook runs the synchronous fallback of whatever is left when the worker exits without
 *   afterAll;
 * - a detached reaper process, holding a pipe from this worker, runs each resource's reap commands
 *   when the pipe closes while the resource is still registered: the worker was killed (SIGKILL, a
 *   signal without handler), so neither of the above could run.
 */
interface Resource {
  name: string;
  /** Releases it the orderly way (stop, wait, remove) and deregisters it everywhere. */
  dispose: () => Promise<void>;
  /** Last resort from the exit hook: must be synchronous (SIGKILL, spawnSync, rmSync). */
  releaseSync: () => void;
}

const resources = new Set<Resource>();
let nextId = 1;
let hooked = false;
let reaper: ChildProcess | null = null;

/** Runs, in a separate process, the commands of every resource not removed before stdin ends. */
const REAPER_SOURCE = `
const { spawnSync } = require("node:child_process");
const pending = new Map();
let buffer = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffer += chunk;
  let newline;
  while ((newline = buffer.indexOf("\\n")) >= 0) {
    const line = buffer.slice(0, newline);
    buffer = buffer.slice(newline + 1);
    try {
      const message = JSON.parse(line);
      if (message.op === "add") pending.set(message.id, message.commands);
      else pending.delete(message.id);
    } catch {}
  }
});
process.stdin.on("end", () => {
  for (const commands of [...pending.values()].reverse()) {
    for (const [command, ...args] of commands) {
      try { spawnSync(command, args, { stdio: "ignore", timeout: 20000 }); } catch {}
    }
  }
  process.exit(0);
});
`;

function tellReaper(message: { op: "add"; id: number; commands: string[][] } | { op: "remove"; id: number }) {
  if (!reaper) {
    reaper = spawn(process.execPath, ["-e", REAPER_SOURCE], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
    reaper.unref();
    (reaper.stdin as unknown as { unref?: () => void }).unref?.();
    reaper.stdin?.on("error", () => {});
  }
  reaper.stdin?.write(`${JSON.stringify(message)}\n`);
}

function hookExit() {
  if (hooked) return;
  hooked = true;
  process.on("exit", () => {
    for (const resource of [...resources].reverse()) {
      try {
        resource.releaseSync();
      } catch {
        // nothing more can be done on the way out
      }
    }
    resources.clear();
  });
}

/**
 * Registers a resource; the returned function releases it now and forgets it. `reap` are the
 * commands (argv arrays) that take it down from outside if this worker dies first.
 */
export function track(
  name: string,
  release: () => Promise<void>,
  releaseSync: () => void,
  reap: string[][] = [],
): () => Promise<void> {
  hookExit();
  const id = nextId++;
  const resource: Resource = {
    name,
    releaseSync,
    dispose: async () => {
      if (!resources.delete(resource)) return;
      try {
        await release();
      } finally {
        // Released (or given up on): the reaper must not act on it later, e.g. kill a reused pid.
        if (reap.length) tellReaper({ op: "remove", id });
      }
    },
  };
  resources.add(resource);
  if (reap.length) tellReaper({ op: "add", id, commands: reap });
  return resource.dispose;
}

/** A temporary directory removed on release. */
export function trackDir(dir: string): () => Promise<void> {
  const remove = () => rmSync(dir, { recursive: true, force: true });
  return track(`dir ${dir}`, async () => remove(), remove, [["rm", "-rf", dir]]);
}

/**
 * Releases everything still registered, newest first (processes before the servers they use,
 * servers before their directories). Collects failures and reports them together at the end.
 */
export async function releaseAll(): Promise<void> {
  const failures: string[] = [];
  for (const resource of [...resources].reverse()) {
    if (!resources.has(resource)) continue;
    try {
      await resource.dispose();
    } catch (error) {
      failures.push(`${resource.name}: ${error instanceof Error ? error.message : String(error)}`);
      try {
        resource.releaseSync();
      } catch {
        // reported above
      }
    }
  }
  if (failures.length) throw new Error(`cleanup failed:\n  ${failures.join("\n  ")}`);
}
