import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { TEST_REDIS_URL, uniqueKeyPrefix } from "@tests/support/limits";
import { waitFor } from "@tests/support/wait";
import { createClusterMetrics, type ClusterFigures, type ClusterMetrics } from "./cluster-metrics";
import { createMetrics, type Metrics } from "./metrics";

/** Publishing every 100 ms: a snapshot lives 300 ms. */
const QUICK_MS = 100;

const opened: ClusterMetrics[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((cluster) => cluster.close()));
});

/** One app process's metrics, shared under `keyPrefix` in the test Redis. */
function processSharing(keyPrefix: string): { metrics: Metrics; cluster: ClusterMetrics } {
  const metrics = createMetrics();
  const cluster = createClusterMetrics(metrics.registry, { redisUrl: TEST_REDIS_URL, keyPrefix, intervalMs: QUICK_MS });
  opened.push(cluster);
  return { metrics, cluster };
}

/** The summed value of a metric's samples matching `labels` (histograms: of the series `series`). */
function valueOf(figures: ClusterFigures, name: string, labels: Record<string, string> = {}, series = name): number {
  const metric = figures.metrics.find((m) => m.name === name);
  return (metric?.values ?? [])
    .filter((v) => ((v as { metricName?: string }).metricName ?? name) === series)
    .filter((v) => Object.entries(labels).every(([key, value]) => String(v.labels[key]) === value))
    .reduce((sum, v) => sum + v.value, 0);
}

const seesProcesses = (cluster: ClusterMetrics, count: number) =>
  waitFor(async () => (await cluster.read()).processes === count, `${count} process(es) reporting`, { timeoutMs: 5_000, intervalMs: 25 });

describe("cluster metrics", () => {
  it("sums the counters, histograms and gauges of every process sharing Redis, each read from either", async () => {
    const prefix = uniqueKeyPrefix("metrics");
    const here = processSharing(prefix);
    const there = processSharing(prefix);
    here.metrics.messagesSent.inc({ kind: "TEXT" }, 2);
    there.metrics.messagesSent.inc({ kind: "TEXT" }, 3);
    there.metrics.messagesSent.inc({ kind: "IMAGE" });
    here.metrics.deliveryLatency.observe(0.004);
    there.metrics.deliveryLatency.observe(0.2);
    there.metrics.deliveryLatency.observe(0.3);
    here.metrics.observe({ openSockets: () => 4, pushQueueDepth: async () => 7 });
    there.metrics.observe({ openSockets: () => 5, pushQueueDepth: async () => 7 });

    for (const reader of [here.cluster, there.cluster]) {
      await seesProcesses(reader, 2);
      const figures = await reader.read();
      expect(figures.partial).toBe(false);
      expect(valueOf(figures, "glow_messages_sent_total", { kind: "TEXT" })).toBe(5);
      expect(valueOf(figures, "glow_messages_sent_total", { kind: "IMAGE" })).toBe(1);
      expect(valueOf(figures, "glow_delivery_latency_seconds", {}, "glow_delivery_latency_seconds_count")).toBe(3);
      expect(valueOf(figures, "glow_delivery_latency_seconds", { le: "0.005" }, "glow_delivery_latency_seconds_bucket")).toBe(1);
      expect(valueOf(figures, "glow_open_sockets")).toBe(9);
      // One queue in the database that both processes see whole: the same 7, not 14.
      expect(valueOf(figures, "glow_push_queue_depth")).toBe(7);
    }

    // A reader's own figures are read fresh; the other's arrive with its next snapshot.
    there.metrics.messagesSent.inc({ kind: "TEXT" });
    expect(valueOf(await there.cluster.read(), "glow_messages_sent_total", { kind: "TEXT" })).toBe(6);
    await waitFor(async () => valueOf(await here.cluster.read(), "glow_messages_sent_total", { kind: "TEXT" }) === 6, "the other process's next snapshot", {
      timeoutMs: 5_000,
      intervalMs: 25,
    });
  });

  it("stops counting a process at once when it closes", async () => {
    const prefix = uniqueKeyPrefix("metrics");
    const here = processSharing(prefix);
    const there = processSharing(prefix);
    there.metrics.messagesSent.inc({ kind: "TEXT" }, 3);
    await seesProcesses(here.cluster, 2);

    await there.cluster.close();
    const figures = await here.cluster.read();
    expect(figures.processes).toBe(1);
    expect(valueOf(figures, "glow_messages_sent_total", { kind: "TEXT" })).toBe(0);
  });

  it("drops a killed process once its snapshot expires", async () => {
    const prefix = uniqueKeyPrefix("metrics");
    const here = processSharing(prefix);
    const child = spawn(process.execPath, ["--import", "tsx", "tests/support/metrics-process.ts"], {
      env: { ...process.env, REDIS_URL: TEST_REDIS_URL, METRICS_KEY_PREFIX: prefix, METRICS_INTERVAL_MS: String(QUICK_MS), METRICS_TEXT_SENT: "4" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), "line")) as [string];
      expect(line).toBe("counting");
      await seesProcesses(here.cluster, 2);
      expect(valueOf(await here.cluster.read(), "glow_messages_sent_total", { kind: "TEXT" })).toBe(4);

      child.kill("SIGKILL");
      await once(child, "exit");
      const killedAt = Date.now();
      await seesProcesses(here.cluster, 1);
      // Its snapshot lived three periods from its last publish: gone within them, not much later.
      expect(Date.now() - killedAt).toBeLessThan(3 * QUICK_MS + 1_000);
      expect(valueOf(await here.cluster.read(), "glow_messages_sent_total", { kind: "TEXT" })).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("reads this process's figures alone without Redis, and says so when Redis does not answer", async () => {
    const metrics = createMetrics();
    metrics.messagesSent.inc({ kind: "SYSTEM" }, 2);
    const alone = await createClusterMetrics(metrics.registry).read();
    expect(alone.processes).toBe(1);
    expect(alone.partial).toBe(false);
    expect(valueOf(alone, "glow_messages_sent_total", { kind: "SYSTEM" })).toBe(2);

    const unreachable = createClusterMetrics(metrics.registry, { redisUrl: "redis://127.0.0.1:1", intervalMs: QUICK_MS });
    opened.push(unreachable);
    const partial = await unreachable.read();
    expect(partial).toMatchObject({ processes: 1, partial: true });
    expect(valueOf(partial, "glow_messages_sent_total", { kind: "SYSTEM" })).toBe(2);
  });
});
