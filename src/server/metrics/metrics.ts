import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/**
 * This process's measurements, in Prometheus's terms (prom-client), served at /api/metrics
 * (http/metrics.ts). One set per API handlers: a process has one; tests make their own. Counting
 * is an increment in memory: nothing here touches the network or the database on the send path.
 */
export interface Metrics {
  registry: Registry;
  /** By message kind (TEXT, IMAGE, SYSTEM): every message a commit appended in this process. */
  messagesSent: Counter<"kind">;
  /** From a message's time of commit to its frame being handed to a subscriber's socket. */
  deliveryLatency: Histogram;
  /** Live subscriptions over this process's WebSockets. */
  activeSubscriptions: Gauge;
  /** tRPC calls by procedure, type and result code ("OK" or the error's code). */
  trpcCalls: Counter<"procedure" | "type" | "code">;
  /** Calls refused by a fair limit (TOO_MANY_REQUESTS), by procedure. */
  rateLimitRefusals: Counter<"procedure">;
  /** Events the bus could not publish (Redis away), and resyncs its listeners were told. */
  busPublishFailures: Counter;
  busResyncs: Counter;
  /** Push deliveries that failed (retried or given up). */
  pushFailures: Counter;
  /** Gauges read when scraped: sockets, the database pool, the push queue. */
  observe(sources: MetricSources): void;
}

export interface MetricSources {
  openSockets?: () => number;
  /** A pg pool: connections in use and callers waiting for one. */
  databasePool?: () => { inUse: number; waiting: number };
  /** Push jobs not yet done. */
  pushQueueDepth?: () => Promise<number>;
}

/**
 * `processMetrics`: also prom-client's process and Node figures (CPU, memory, event-loop lag, GC),
 * prefixed glow_; once per process (they observe process-wide hooks), so the server's set only.
 */
export function createMetrics(options: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? false) collectDefaultMetrics({ register: registry, prefix: "glow_" });
  const registers = [registry];
  const sources: MetricSources = {};
  new Gauge({
    name: "glow_open_sockets",
    help: "WebSockets open on this process",
    registers,
    collect() {
      this.set(sources.openSockets?.() ?? 0);
    },
  });
  new Gauge({
    name: "glow_db_pool_connections",
    help: "Database pool connections by state (in_use, waiting callers)",
    labelNames: ["state"],
    registers,
    collect() {
      const pool = sources.databasePool?.();
      this.set({ state: "in_use" }, pool?.inUse ?? 0);
      this.set({ state: "waiting" }, pool?.waiting ?? 0);
    },
  });
  new Gauge({
    name: "glow_push_queue_depth",
    help: "Push notification jobs waiting or being delivered",
    // One queue in the database, seen whole by every process: across processes it is the same
    // figure, not a share of it (cluster-metrics.ts would otherwise sum it).
    aggregator: "max",
    registers,
    async collect() {
      this.set(sources.pushQueueDepth ? await sources.pushQueueDepth().catch(() => 0) : 0);
    },
  });
  return {
    registry,
    messagesSent: new Counter({ name: "glow_messages_sent_total", help: "Messages appended, by kind", labelNames: ["kind"], registers }),
    deliveryLatency: new Histogram({
      name: "glow_delivery_latency_seconds",
      help: "From a message's commit to its frame going to a subscriber's socket",
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    activeSubscriptions: new Gauge({ name: "glow_active_subscriptions", help: "Live subscriptions over this process's WebSockets", registers }),
    trpcCalls: new Counter({
      name: "glow_trpc_calls_total",
      help: "tRPC calls by procedure, type and result code",
      labelNames: ["procedure", "type", "code"],
      registers,
    }),
    rateLimitRefusals: new Counter({ name: "glow_rate_limit_refusals_total", help: "Calls refused by a fair limit", labelNames: ["procedure"], registers }),
    busPublishFailures: new Counter({ name: "glow_bus_publish_failures_total", help: "Events the bus could not publish", registers }),
    busResyncs: new Counter({ name: "glow_bus_resyncs_total", help: "Resyncs the bus told its listeners (events may have been missed)", registers }),
    pushFailures: new Counter({ name: "glow_push_failures_total", help: "Push deliveries that failed", registers }),
    observe(more) {
      Object.assign(sources, more);
    },
  };
}
