/**
 * Samples the resident memory of the server processes from /proc every 200 ms. VmHWM is the
 * kernel's own high-water mark (it includes the start-up peak of Next); the sampled VmRSS
 * maximum shows what the load itself reached.
 */
import { readFile } from "node:fs/promises";

const SAMPLE_EVERY_MS = 200;

export interface MemoryFigures {
  pid: number;
  /** VmRSS at the first sample (the idle server after start-up), in KiB. */
  idleRssKiB: number;
  /** The largest VmRSS seen while sampling, in KiB. */
  peakRssKiB: number;
  /** The last VmHWM read (the process's lifetime peak), in KiB. */
  hwmKiB: number;
  samples: number;
}

async function readStatus(pid: number): Promise<{ rss: number; hwm: number } | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    const rss = field("VmRSS");
    const hwm = field("VmHWM");
    return Number.isFinite(rss) && Number.isFinite(hwm) ? { rss, hwm } : null;
  } catch {
    return null; // the process is gone (or this is not Linux)
  }
}

/** The process's resident memory right now (VmRSS), in KiB; null when it cannot be read. */
export async function rssKiB(pid: number): Promise<number | null> {
  return (await readStatus(pid))?.rss ?? null;
}

export interface MemorySampler {
  /** Takes one last sample, stops, and returns the figures per process (in the order given). */
  stop(): Promise<MemoryFigures[]>;
}

export function sampleMemory(pids: number[]): MemorySampler {
  const figures: MemoryFigures[] = pids.map((pid) => ({ pid, idleRssKiB: 0, peakRssKiB: 0, hwmKiB: 0, samples: 0 }));
  const sampleAll = () =>
    Promise.all(
      figures.map(async (f) => {
        const status = await readStatus(f.pid);
        if (!status) return;
        if (f.samples === 0) f.idleRssKiB = status.rss;
        f.samples++;
        f.peakRssKiB = Math.max(f.peakRssKiB, status.rss);
        f.hwmKiB = Math.max(f.hwmKiB, status.hwm);
      }),
    );
  // One sample at a time: a slow read must not pile up overlapping reads.
  let running = sampleAll();
  const timer = setInterval(() => {
    running = running.then(sampleAll);
  }, SAMPLE_EVERY_MS);
  return {
    async stop() {
      clearInterval(timer);
      await (running = running.then(sampleAll));
      return figures;
    },
  };
}

/**
 * CPU time (user + system) the process has used so far, in seconds, from /proc/<pid>/stat.
 * Null when it cannot be read. Compared before and after the send phase it tells whether the
 * server was busy (CPU-bound) or waiting (on the database, on locks).
 */
export async function cpuSeconds(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces; the fields after it are space-separated.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; in clock ticks.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/** USER_HZ: 100 on every Linux that Node supports (getconf CLK_TCK). */
const CLOCK_TICKS_PER_SECOND = 100;

/** One call of the Chrome DevTools protocol on a server's inspector (started with --inspect). */
async function inspectorCall<Result>(inspectorUrl: string, method: string): Promise<Result> {
  const { default: WebSocket } = await import("ws");
  const socket = new WebSocket(inspectorUrl);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return await new Promise<Result>((resolve, reject) => {
      socket.on("message", (data) => {
        const reply = JSON.parse(data.toString()) as { id?: number; result?: Result; error?: { message: string } };
        if (reply.id !== 1) return;
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply.result as Result);
      });
      socket.send(JSON.stringify({ id: 1, method }));
    });
  } finally {
    socket.close();
  }
}

/**
 * A full garbage collection in the server, asked through its inspector (started with --inspect):
 * V8 collects when it likes, and an idle process may keep garbage for ever, so RSS is only
 * comparable between two moments right after a collection.
 */
export async function collectGarbage(inspectorUrl: string): Promise<void> {
  await inspectorCall(inspectorUrl, "HeapProfiler.collectGarbage");
}

/** Bytes of V8 heap in use (live objects after a collection), through the inspector. */
export async function heapUsedBytes(inspectorUrl: string): Promise<number> {
  return (await inspectorCall<{ usedSize: number }>(inspectorUrl, "Runtime.getHeapUsage")).usedSize;
}

/**
 * A V8 CPU profile of a server over a stretch of time, through its inspector: started now, written
 * to `file` by stop(). The inspector session stays open in between (a profile lives in its session).
 */
export async function startCpuProfile(inspectorUrl: string): Promise<{ stop(file: string): Promise<void> }> {
  const { default: WebSocket } = await import("ws");
  const socket = new WebSocket(inspectorUrl);
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  let nextId = 0;
  const call = <Result>(method: string, params: object = {}) =>
    new Promise<Result>((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (data: Buffer) => {
        const reply = JSON.parse(data.toString()) as { id?: number; result?: Result; error?: { message: string } };
        if (reply.id !== id) return;
        socket.off("message", onMessage);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply.result as Result);
      };
      socket.on("message", onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await call("Profiler.enable");
  await call("Profiler.start");
  return {
    async stop(file) {
      try {
        const { profile } = await call<{ profile: unknown }>("Profiler.stop");
        const { mkdir, writeFile } = await import("node:fs/promises");
        const path = await import("node:path");
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, JSON.stringify(profile));
      } finally {
        socket.close();
      }
    },
  };
}
