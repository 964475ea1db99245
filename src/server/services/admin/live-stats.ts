import type { MessageKind } from "@/generated/prisma/enums";
import type { ClusterFigures, MetricSnapshot } from "@/server/metrics/cluster-metrics";
import { histogramQuantile } from "@/server/metrics/histogram-quantile";

/**
 * /admin's "Live" group: the counters of GET /api/metrics, summed over every running process
 * (cluster-metrics.ts). Counters count from each process's start, so a process that stops takes
 * its counts with it.
 */
export interface LiveStats {
  /** Processes whose figures these are. */
  processes: number;
  /** Redis did not answer: the figures of the process that answered only. */
  partial: boolean;
  openSockets: number;
  activeSubscriptions: number;
  messagesSent: Record<MessageKind, number>;
  /** Commit → frame to a subscriber's socket, estimated from the histogram's buckets; null before any delivery. */
  deliveryLatency: { deliveries: number; p50Ms: number | null; p95Ms: number | null };
  push: { queueDepth: number; failures: number };
  bus: { publishFailures: number; resyncs: number };
  rateLimitRefusals: number;
  /** tRPC calls that ended in an error (any code but OK). */
  trpcErrors: number;
}

type Sample = MetricSnapshot[number]["values"][number];

/** The samples of one metric (histograms: of one of its series, e.g. `_bucket`). */
function samplesOf(metrics: MetricSnapshot, name: string, series = name): Sample[] {
  const metric = metrics.find((m) => m.name === name);
  if (!metric) return [];
  return metric.values.filter((v) => ((v as { metricName?: string }).metricName ?? name) === series);
}

const total = (samples: Sample[], keep: (labels: Sample["labels"]) => boolean = () => true) =>
  samples.filter((s) => keep(s.labels)).reduce((sum, s) => sum + s.value, 0);

const toMs = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 10_000) / 10);

export function liveStatsFrom(figures: ClusterFigures): LiveStats {
  const { metrics } = figures;
  const sum = (name: string) => total(samplesOf(metrics, name));
  const sent = samplesOf(metrics, "glow_messages_sent_total");
  const buckets = samplesOf(metrics, "glow_delivery_latency_seconds", "glow_delivery_latency_seconds_bucket").map((s) => ({
    le: s.labels.le === "+Inf" ? Infinity : Number(s.labels.le),
    count: s.value,
  }));
  return {
    processes: figures.processes,
    partial: figures.partial,
    openSockets: sum("glow_open_sockets"),
    activeSubscriptions: sum("glow_active_subscriptions"),
    messagesSent: {
      TEXT: total(sent, (l) => l.kind === "TEXT"),
      IMAGE: total(sent, (l) => l.kind === "IMAGE"),
      SYSTEM: total(sent, (l) => l.kind === "SYSTEM"),
    },
    deliveryLatency: {
      deliveries: total(samplesOf(metrics, "glow_delivery_latency_seconds", "glow_delivery_latency_seconds_count")),
      p50Ms: toMs(histogramQuantile(0.5, buckets)),
      p95Ms: toMs(histogramQuantile(0.95, buckets)),
    },
    push: { queueDepth: sum("glow_push_queue_depth"), failures: sum("glow_push_failures_total") },
    bus: { publishFailures: sum("glow_bus_publish_failures_total"), resyncs: sum("glow_bus_resyncs_total") },
    rateLimitRefusals: sum("glow_rate_limit_refusals_total"),
    trpcErrors: total(samplesOf(metrics, "glow_trpc_calls_total"), (l) => l.code !== "OK"),
  };
}
