/** The figures of a run: computed once, printed for people and, with --json, for machines. */
import type { BenchOptions } from "./options";
import type { MemoryFigures } from "./memory";

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles: every figure is a latency that was actually measured. */
export function summarize(values: number[]): LatencySummary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    count: sorted.length,
    p50: round(at(50)),
    p95: round(at(95)),
    p99: round(at(99)),
    max: round(sorted.at(-1)!),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

export interface BenchResult {
  parameters: {
    pairs: number;
    messagesPerPair: number;
    concurrency: number;
    instances: number;
    ports: number[];
    buses: string[];
    database: string;
  };
  deliveryLatencyMs: LatencySummary | null;
  sendRoundTripMs: LatencySummary | null;
  throughput: { delivered: number; wallMs: number; messagesPerSecond: number };
  delivery: { expected: number; delivered: number; lost: number; duplicates: number; echoed: number; unknown: number };
  sendErrors: string[];
  connectionProblems: string[];
  memory: {
    instance: number;
    port: number;
    pid: number;
    idleRssMiB: number;
    peakRssMiB: number;
    hwmMiB: number;
    /** CPU seconds the process used during the send phase; ÷ wall time = cores kept busy. */
    sendPhaseCpuSeconds: number | null;
  }[];
  memoryTotal: { peakRssMiB: number; hwmMiB: number };
  /** CPU seconds this bench process used in the send phase (it runs on the same machine). */
  benchClientCpuSeconds: number;
  timingsMs: { setup: number; total: number };
  ok: boolean;
  command: string;
}

const mib = (kib: number) => Math.round((kib / 1024) * 10) / 10;

export function memoryRows(figures: MemoryFigures[], ports: number[], cpu: (number | null)[]): BenchResult["memory"] {
  return figures.map((f, i) => ({
    instance: i,
    port: ports[i]!,
    pid: f.pid,
    idleRssMiB: mib(f.idleRssKiB),
    peakRssMiB: mib(f.peakRssKiB),
    hwmMiB: mib(f.hwmKiB),
    sendPhaseCpuSeconds: cpu[i] == null ? null : Math.round(cpu[i]! * 100) / 100,
  }));
}

/** A run passes when every message reached its recipient exactly once and nothing failed. */
export function passed(result: Omit<BenchResult, "ok">): boolean {
  const d = result.delivery;
  return d.lost === 0 && d.duplicates === 0 && d.echoed === d.expected && result.sendErrors.length === 0;
}

function cpuText(seconds: number | null, wallMs: number): string {
  if (seconds === null) return "unknown";
  return `${seconds} s (${Math.round((seconds / (wallMs / 1000)) * 100)}% of one core)`;
}

function latencyLine(label: string, s: LatencySummary | null): string {
  if (!s) return `  ${label}: no samples`;
  return `  ${label}: p50 ${s.p50} ms · p95 ${s.p95} ms · p99 ${s.p99} ms · max ${s.max} ms (mean ${s.mean} ms, n=${s.count})`;
}

function listSome(title: string, items: string[]): string[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, 10).map((i) => `    ${i}`);
  if (items.length > 10) shown.push(`    … and ${items.length - 10} more`);
  return [`  ${title} (${items.length}):`, ...shown];
}

export function formatReport(result: BenchResult, options: BenchOptions): string {
  const p = result.parameters;
  const d = result.delivery;
  const lines = [
    "",
    "== Chat benchmark ==",
    `Parameters: ${p.pairs} pairs × ${p.messagesPerPair} messages, concurrency ${p.concurrency}, ` +
      `${p.instances} instance(s) on port(s) ${p.ports.join(", ")}, bus ${[...new Set(p.buses)].join("/")}, database ${p.database}` +
      ` (on ${options.adminDatabaseUrlSource === "flag" ? "--database-url" : options.adminDatabaseUrlSource})`,
    "Latency (send call → recipient's onData):",
    latencyLine("delivery", result.deliveryLatencyMs),
    latencyLine("send round trip (HTTP)", result.sendRoundTripMs),
    `Throughput: ${result.throughput.messagesPerSecond} messages/s ` +
      `(${result.throughput.delivered} delivered in ${Math.round(result.throughput.wallMs)} ms of send phase)`,
    `Delivered: ${d.delivered}/${d.expected} to the recipient · lost ${d.lost} · duplicated ${d.duplicates}` +
      ` · sender's own copy ${d.echoed}/${d.expected}${d.unknown ? ` · unknown messages ${d.unknown}` : ""}`,
    ...listSome("Send errors", result.sendErrors),
    ...listSome("Connection problems", result.connectionProblems),
    "Server memory (idle after start → peak VmRSS sampled every 200 ms; VmHWM = lifetime peak) and CPU in the send phase:",
    ...result.memory.map(
      (m) =>
        `  instance ${m.instance} (:${m.port}, pid ${m.pid}): idle ${m.idleRssMiB} MiB → peak ${m.peakRssMiB} MiB, ` +
        `VmHWM ${m.hwmMiB} MiB; CPU ${cpuText(m.sendPhaseCpuSeconds, result.throughput.wallMs)}`,
    ),
    ...(result.memory.length > 1
      ? [`  sum: peak ${result.memoryTotal.peakRssMiB} MiB, VmHWM ${result.memoryTotal.hwmMiB} MiB`]
      : []),
    `Bench client: CPU ${cpuText(result.benchClientCpuSeconds, result.throughput.wallMs)} in the send phase (same machine)`,
    `Time: setup ${(result.timingsMs.setup / 1000).toFixed(1)} s, total ${(result.timingsMs.total / 1000).toFixed(1)} s`,
    `Result: ${result.ok ? "OK (no message lost or duplicated)" : "FAILED (see above)"}`,
    `Reproduce: ${result.command}`,
    "",
  ];
  return lines.join("\n");
}
