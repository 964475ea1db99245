/**
 * A stand-in for an app process, for the test of a process killed with SIGKILL: it counts some
 * messages sent, shares its metrics through Redis (quick timing), says "counting" and waits to be
 * killed. Run: node --import tsx tests/support/metrics-process.ts, configured by
 *   REDIS_URL, METRICS_KEY_PREFIX, METRICS_INTERVAL_MS, METRICS_TEXT_SENT.
 */
import { createClusterMetrics } from "@/server/metrics/cluster-metrics";
import { createMetrics } from "@/server/metrics/metrics";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

const metrics = createMetrics();
metrics.messagesSent.inc({ kind: "TEXT" }, Number(required("METRICS_TEXT_SENT")));
createClusterMetrics(metrics.registry, {
  redisUrl: required("REDIS_URL"),
  keyPrefix: required("METRICS_KEY_PREFIX"),
  intervalMs: Number(required("METRICS_INTERVAL_MS")),
  log: (message, error) => console.error(message, error ?? ""),
});
console.log("counting");
setInterval(() => {}, 60_000); // alive until killed
