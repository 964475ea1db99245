import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, type Registry } from "prom-client";
import { connectRedis } from "@/server/redis/connect-redis";

/**
 * The metrics of every app process together, for /admin. GET /api/metrics stays per process (a
 * Prometheus server scrapes each process and sums itself); the admin page has no scraper, so each
 * process shares its registry through Redis instead:
 *
 * every PUBLISH_INTERVAL_MS a process writes its registry's snapshot (`getMetricsAsJSON()`) under
 * a key of its own that expires after SNAPSHOT_TTL_MS (three periods) and names itself in a set of
 * processes. A reader takes every snapshot still there, adds its own fresh one, and sums them with
 * prom-client's `AggregatorRegistry.aggregate` (counters, histograms and gauges are summed unless
 * a metric names another aggregator: the push queue, which every process sees whole, takes the
 * max). A process that stops cleanly deletes its key; a killed one stops counting when its key
 * expires, and the reader drops it from the set. Without Redis, the reader sees this process only.
 */

export type MetricSnapshot = MetricObjectWithValues<MetricValue<string>>[];

export interface ClusterFigures {
  /** Processes whose figures are summed here (this one included). */
  processes: number;
  /** The summed metrics, in getMetricsAsJSON's shape. */
  metrics: MetricSnapshot;
  /** Redis did not answer: these are this process's figures only. */
  partial: boolean;
}

export interface ClusterMetrics {
  read(): Promise<ClusterFigures>;
  /** Stops publishing and removes this process's snapshot, so it stops counting at once. */
  close(): Promise<void>;
}

/** What a context without metrics (some tests) reads: no process reporting. */
export const NO_FIGURES: ClusterFigures = { processes: 0, metrics: [], partial: false };

export const PUBLISH_INTERVAL_MS = 5_000;
export const SNAPSHOT_TTL_MS = 3 * PUBLISH_INTERVAL_MS;

export interface ClusterMetricsOptions {
  /** Share through this Redis; unset = this process only. */
  redisUrl?: string;
  /** Prepended to the keys, so tests sharing one Redis do not read each other. Default "glow". */
  keyPrefix?: string;
  /** Default PUBLISH_INTERVAL_MS; the snapshot lives three of them. Tests shorten it. */
  intervalMs?: number;
  log?: (message: string, error?: unknown) => void;
}

/**
 * KEYS[1] the set of processes, KEYS[2..] their snapshot keys; ARGV the processes, in order.
 * Returns the snapshots still there and removes from the set the processes whose key expired, in
 * one step (a process that publishes again meanwhile is not removed by mistake).
 */
const GATHER = `local found = {}
for i = 2, #KEYS do
  local snapshot = redis.call('GET', KEYS[i])
  if snapshot then found[#found + 1] = snapshot else redis.call('SREM', KEYS[1], ARGV[i - 1]) end
end
return found`;

type GatherScript = (...args: string[]) => Promise<string[]>;

export function createClusterMetrics(registry: Registry, options: ClusterMetricsOptions = {}): ClusterMetrics {
  const own = async (): Promise<MetricSnapshot> => registry.getMetricsAsJSON();
  if (!options.redisUrl) {
    return {
      read: async () => ({ processes: 1, metrics: await sumSnapshots([await own()]), partial: false }),
      close: async () => {},
    };
  }
  return redisClusterMetrics(own, { ...options, redisUrl: options.redisUrl });
}

function redisClusterMetrics(own: () => Promise<MetricSnapshot>, options: ClusterMetricsOptions & { redisUrl: string }): ClusterMetrics {
  const intervalMs = options.intervalMs ?? PUBLISH_INTERVAL_MS;
  const ttlMs = 3 * intervalMs;
  const log = options.log ?? (() => {});
  const redis: Redis = connectRedis(options.redisUrl, {
    // Never wait for a reconnect: the page shows this process's figures meanwhile, and says so.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2000,
    retryStrategy: (times: number) => Math.min(2000, 100 * times),
  });
  redis.on("error", () => {}); // the event bus reports Redis on /api/health
  redis.defineCommand("glowGatherMetrics", { lua: GATHER });
  const gather = (redis as unknown as { glowGatherMetrics: GatherScript }).glowGatherMetrics.bind(redis);

  // One hash tag for every key, so the set and the snapshots share a Redis Cluster slot.
  const base = `${options.keyPrefix ?? "glow"}:{metrics}`;
  const processesKey = `${base}:processes`;
  const snapshotKey = (processId: string) => `${base}:process:${processId}`;
  const processId = randomUUID();

  let warned = false;
  const failed = (error: unknown) => {
    if (!warned) log("Metrics: Redis is not answering; /admin shows this process's figures until it is back", error);
    warned = true;
  };
  let closed = false;
  let publishing: Promise<void> = Promise.resolve();
  const publish = () =>
    (publishing = (async () => {
      const snapshot = JSON.stringify(await own());
      if (closed || redis.status !== "ready") return;
      await redis.multi().set(snapshotKey(processId), snapshot, "PX", ttlMs).sadd(processesKey, processId).pexpire(processesKey, ttlMs).exec();
      warned = false;
    })().catch(failed));
  redis.on("ready", () => void publish());
  const timer = setInterval(() => void publish(), intervalMs);
  timer.unref();

  return {
    async read() {
      const mine = await own();
      try {
        const others = (await redis.smembers(processesKey)).filter((id) => id !== processId);
        const snapshots = others.length ? await gather(String(others.length + 1), processesKey, ...others.map(snapshotKey), ...others) : [];
        const theirs = snapshots.map(parseSnapshot).filter((snapshot) => snapshot !== null);
        return { processes: 1 + theirs.length, metrics: await sumSnapshots([mine, ...theirs]), partial: false };
      } catch (error) {
        failed(error);
        return { processes: 1, metrics: await sumSnapshots([mine]), partial: true };
      }
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await publishing;
      await redis
        .multi()
        .del(snapshotKey(processId))
        .srem(processesKey, processId)
        .exec()
        .catch(() => {});
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

function parseSnapshot(text: string): MetricSnapshot | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as MetricSnapshot) : null;
  } catch {
    return null;
  }
}

/** Every process's snapshot summed, metric by metric and label set by label set. */
function sumSnapshots(snapshots: MetricSnapshot[]): Promise<MetricSnapshot> {
  return AggregatorRegistry.aggregate(snapshots).getMetricsAsJSON();
}
