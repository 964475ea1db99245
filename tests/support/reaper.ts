import { spawn, type ChildProcess } from "node:child_process";

/**
 * Cleanup that outlives this process: commands (argv arrays) that take something down from
 * outside if this process dies without doing it itself — SIGKILL, or a signal without a handler,
 * when neither finally blocks nor exit hooks run (Playwright SIGKILLs its web server, for one).
 *
 * A detached process (its own process group, so a kill aimed at ours spares it) holds a pipe from
 * this one; when the pipe closes, it runs the commands of everything still registered, newest
 * first. Free of test-runner imports, so plain scripts can use it.
 */

/** Runs, in a separate process, the commands of every entry not removed before stdin ends. */
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

let reaper: ChildProcess | null = null;
let nextId = 1;

function tell(message: { op: "add"; id: number; commands: string[][] } | { op: "remove"; id: number }) {
  if (!reaper) {
    reaper = spawn(process.execPath, ["-e", REAPER_SOURCE], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
    // Neither the reaper nor its pipe keeps this process alive.
    reaper.unref();
    (reaper.stdin as unknown as { unref?: () => void }).unref?.();
    reaper.stdin?.on("error", () => {});
  }
  reaper.stdin?.write(`${JSON.stringify(message)}\n`);
}

/**
 * Has `commands` run if this process is killed before the returned function is called. Call it
 * once the thing is released the ordinary way, so that nothing acts on it later (a reused pid).
 */
export function reapIfKilled(commands: string[][]): () => void {
  if (commands.length === 0) return () => {};
  const id = nextId++;
  tell({ op: "add", id, commands });
  let cancelled = false;
  return () => {
    if (cancelled) return;
    cancelled = true;
    tell({ op: "remove", id });
  };
}
