/** The figures of a run: computed once, printed for people and, with --json, for machines. */
import type { BenchOptions } from "./options";

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

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

/** Everything measured on one server under test (the app, or the baseline). */
export interface TargetResult {
  name: "app" | "baseline";
  processes: {
    port: number;
    pid: number;
    bus: string;
    /** RSS after full GCs, once started and healthy, before any user exists. */
    idleRssMiB: number;
    /** The largest RSS sampled (every 200 ms) from start to the end of the run. */
    peakRssMiB: number;
    /** The largest RSS sampled during the closed and open loops (the load), not setup. */
    peakUnderLoadRssMiB: number;
    /** The kernel's lifetime high-water mark (includes start-up). */
    hwmMiB: number;
    /** RSS after a full GC once the load was over, before the extra sockets. */
    afterLoadRssMiB: number;
    /** V8 heap in use after full GCs: idle, and once the load was over. */
    idleHeapMiB: number;
    afterLoadHeapMiB: number;
    /** RSS after a full GC with the extra sockets open. */
    withExtraSocketsRssMiB: number;
  }[];
  setupMs: number;
  closedLoop: {
    sent: number;
    delivered: number;
    wallMs: number;
    messagesPerSecond: number;
    /** CPU (user + system, every process of the target) from the first send to the last delivery. */
    serverCpuSeconds: number | null;
    serverCpuMsPerMessage: number | null;
    /** From the send call to the recipient's receipt. */
    deliveryLatencyMs: LatencySummary | null;
    sendRoundTripMs: LatencySummary | null;
  };
  openLoop: {
    offeredPerSecond: number;
    durationSeconds: number;
    sent: number;
    delivered: number;
    wallMs: number;
    deliveredPerSecond: number;
    serverCpuSeconds: number | null;
    serverCpuMsPerMessage: number | null;
    /** From the time the send was DUE (not when it went out) to the recipient's receipt. */
    deliveryLatencyMs: LatencySummary | null;
    sendRoundTripMs: LatencySummary | null;
    /** How late the bench issued sends against the schedule (its own load). */
    issueLagMs: LatencySummary | null;
  };
  /** Both phases together. */
  delivery: { expected: number; delivered: number; lost: number; duplicates: number; echoed: number; unknown: number };
  sendErrors: string[];
  connectionProblems: string[];
  memory: {
    /** Per process: the largest of the target's processes (they are one when --instances is 1). */
    idleRssMiB: number;
    peakRssMiB: number;
    peakUnderLoadRssMiB: number;
    extraSockets: number;
    /** (RSS with the extra sockets − RSS before them, both after full GCs, summed over processes) / count. */
    kibPerExtraSocket: number;
    /** The same for the V8 heap in use: steadier than RSS, but blind to memory outside the JS heap (socket buffers). */
    heapKibPerExtraSocket: number;
  };
  /** CPU seconds this bench process used during the two phases (it shares the machine). */
  benchClientCpuSeconds: number;
}

export interface ComparisonRow {
  metric: string;
  app: string;
  baseline: string;
  ratio: string;
  /** app / baseline as a number, for machines; null without a baseline. */
  ratioValue: number | null;
  target: string;
  /** Whether the app meets the target; null when the issue names none or this run cannot tell. */
  met: boolean | null;
}

export interface ChatBenchResult {
  parameters: {
    pairs: number;
    sockets: number;
    messagesPerPair: number;
    concurrency: number;
    rate: number;
    durationSeconds: number;
    extraSockets: number;
    transport: string;
    instances: number;
    databases: string[];
  };
  app: TargetResult;
  baseline: TargetResult | null;
  comparison: ComparisonRow[];
  ok: boolean;
  timingsMs: { total: number };
  command: string;
}

/** A target passes when every message reached its recipient (and the sender) exactly once and nothing failed. */
export function targetPassed(t: TargetResult): boolean {
  const d = t.delivery;
  return d.lost === 0 && d.duplicates === 0 && d.echoed === d.expected && t.sendErrors.length === 0;
}

/** The load the issue's latency and peak-memory targets are stated for. */
const TARGET_RATE = 500;
const TARGET_SOCKETS = 400;

const fixed = (v: number | null | undefined, digits = 1) => (v == null || !Number.isFinite(v) ? "–" : v.toFixed(digits));

function ratioOf(app: number | null | undefined, baseline: number | null | undefined): number | null {
  return app == null || baseline == null || baseline === 0 ? null : app / baseline;
}

/** The table the issue asks for: metric | app | baseline | app/baseline | target. */
export function compare(app: TargetResult, baseline: TargetResult | null, parameters: ChatBenchResult["parameters"]): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const atTargetLoad = parameters.rate === TARGET_RATE && parameters.sockets === TARGET_SOCKETS;
  const row = (
    metric: string,
    pick: (t: TargetResult) => number | null | undefined,
    unit: string,
    digits: number,
    target?: {
      text: string;
      test: (app: number, ratio: number | null) => boolean;
      needsBaseline?: boolean;
      needsTargetLoad?: boolean;
      /** The app's figure is noise, not a reading (then the target is not judged). */
      unmeasured?: (app: number) => boolean;
    },
  ) => {
    const a = pick(app);
    const b = baseline ? pick(baseline) : null;
    const ratio = ratioOf(a, b);
    let met: boolean | null = null;
    let targetText = target?.text ?? "";
    if (target) {
      if (target.needsBaseline && !baseline) targetText += " (needs --baseline)";
      else if (target.needsTargetLoad && !atTargetLoad) targetText += ` (stated for ${TARGET_RATE} msg/s, ${TARGET_SOCKETS} sockets)`;
      else if (a != null && target.unmeasured?.(a)) targetText += " (not judged: RSS fell, still shrinking after the load)";
      else if (a != null && Number.isFinite(a)) met = target.test(a, ratio);
    }
    rows.push({
      metric,
      app: `${fixed(a, digits)} ${unit}`.trim(),
      baseline: baseline ? `${fixed(b, digits)} ${unit}`.trim() : "",
      ratio: ratio === null ? "–" : `${ratio.toFixed(2)}×`,
      ratioValue: ratio === null ? null : Math.round(ratio * 1000) / 1000,
      target: targetText,
      met,
    });
  };
  const ol = `open loop ${parameters.rate} msg/s`;
  row("server CPU per delivered msg (closed loop)", (t) => t.closedLoop.serverCpuMsPerMessage, "ms", 3, {
    text: "≤ 1.5× baseline",
    test: (_, r) => r !== null && r <= 1.5,
    needsBaseline: true,
  });
  row("delivered msg/s (closed loop)", (t) => t.closedLoop.messagesPerSecond, "msg/s", 0, {
    text: "≥ 0.8× baseline",
    test: (_, r) => r !== null && r >= 0.8,
    needsBaseline: true,
  });
  row(`p50 latency, ${ol}`, (t) => t.openLoop.deliveryLatencyMs?.p50, "ms", 1);
  row(`p95 latency, ${ol}`, (t) => t.openLoop.deliveryLatencyMs?.p95, "ms", 1);
  row(`p99 latency, ${ol}`, (t) => t.openLoop.deliveryLatencyMs?.p99, "ms", 1, {
    text: "≤ 50 ms",
    test: (a) => a <= 50,
    needsTargetLoad: true,
  });
  row(`delivered msg/s, ${ol}`, (t) => t.openLoop.deliveredPerSecond, "msg/s", 0);
  row(`server CPU per delivered msg, ${ol}`, (t) => t.openLoop.serverCpuMsPerMessage, "ms", 3);
  row("lost (both phases)", (t) => t.delivery.lost, "", 0, { text: "0", test: (a) => a === 0 });
  row("duplicated (both phases)", (t) => t.delivery.duplicates, "", 0, { text: "0", test: (a) => a === 0 });
  row("idle RSS (after full GCs)", (t) => t.memory.idleRssMiB, "MiB", 1, { text: "≤ 200 MB", test: (a) => a <= 200 });
  row("peak RSS under load (closed + open loop)", (t) => t.memory.peakUnderLoadRssMiB, "MiB", 1, {
    text: "≤ 350 MB",
    test: (a) => a <= 350,
    needsTargetLoad: true,
  });
  row("peak RSS (whole run, sign-ups included)", (t) => t.memory.peakRssMiB, "MiB", 1);
  // RSS that fell while sockets were added is the load's memory still going back, not a measurement.
  row("RSS per extra idle socket", (t) => t.memory.kibPerExtraSocket, "KiB", 1, { text: "≤ 25 KB", test: (a) => a <= 25, unmeasured: (a) => a < 0 });
  row("JS heap per extra idle socket", (t) => t.memory.heapKibPerExtraSocket, "KiB", 1);
  return rows;
}

function formatTable(rows: ComparisonRow[], withBaseline: boolean): string[] {
  const cells = rows.map((r) => [
    r.metric,
    r.app,
    ...(withBaseline ? [r.baseline, r.ratio] : []),
    r.met === null ? r.target : `${r.target} ${r.met ? "✓" : "✗"}`,
  ]);
  const header = ["metric", "app", ...(withBaseline ? ["baseline", "app/baseline"] : []), "target (issue 13)"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => `  ${c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : i === c.length - 1 ? v : v.padStart(widths[i]!))).join(" | ")}`;
  return [line(header), `  ${widths.map((w) => "-".repeat(w)).join("-|-")}`, ...cells.map(line)];
}

function latencyLine(label: string, s: LatencySummary | null): string {
  if (!s) return `    ${label}: no samples`;
  return `    ${label}: p50 ${s.p50} ms · p95 ${s.p95} ms · p99 ${s.p99} ms · max ${s.max} ms (mean ${s.mean} ms, n=${s.count})`;
}

function listSome(title: string, items: string[]): string[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, 10).map((i) => `      ${i}`);
  if (items.length > 10) shown.push(`      … and ${items.length - 10} more`);
  return [`    ${title} (${items.length}):`, ...shown];
}

function targetSection(t: TargetResult, transport: string): string[] {
  const c = t.closedLoop;
  const o = t.openLoop;
  const d = t.delivery;
  const sends = t.name === "app" ? `sends over ${transport === "ws" ? "the WebSocket" : "HTTP"}` : "sends over its WebSocket";
  return [
    `${t.name} (${sends}; ${t.processes.map((p) => `:${p.port} pid ${p.pid} bus ${p.bus}`).join(", ")}), setup ${(t.setupMs / 1000).toFixed(1)} s`,
    `  closed loop: ${c.delivered}/${c.sent} delivered in ${c.wallMs} ms = ${c.messagesPerSecond} msg/s; server CPU ${fixed(c.serverCpuSeconds, 2)} s = ${fixed(c.serverCpuMsPerMessage, 3)} ms/msg`,
    latencyLine("send → delivery", c.deliveryLatencyMs),
    latencyLine("send → answer", c.sendRoundTripMs),
    `  open loop: ${o.offeredPerSecond} msg/s offered for ${o.durationSeconds} s, ${o.delivered}/${o.sent} delivered in ${o.wallMs} ms = ${o.deliveredPerSecond} msg/s; server CPU ${fixed(o.serverCpuSeconds, 2)} s = ${fixed(o.serverCpuMsPerMessage, 3)} ms/msg`,
    latencyLine("due → delivery", o.deliveryLatencyMs),
    latencyLine("due → answer", o.sendRoundTripMs),
    latencyLine("bench's lag issuing sends", o.issueLagMs),
    `  delivery (both phases): ${d.delivered}/${d.expected} to the recipient · lost ${d.lost} · duplicated ${d.duplicates} · sender's own copy ${d.echoed}/${d.expected}${d.unknown ? ` · unknown messages ${d.unknown}` : ""}`,
    ...listSome("Send errors", t.sendErrors),
    ...listSome("Connection problems", t.connectionProblems),
    ...t.processes.map(
      (p) =>
        `  memory :${p.port}: idle ${p.idleRssMiB} MiB (after GCs) → peak ${p.peakRssMiB} MiB, ${p.peakUnderLoadRssMiB} MiB under load (VmHWM ${p.hwmMiB} MiB); ` +
        `after the load ${p.afterLoadRssMiB} MiB → ${p.withExtraSocketsRssMiB} MiB with the extra sockets (after GCs); ` +
        `JS heap in use ${p.idleHeapMiB} MiB idle, ${p.afterLoadHeapMiB} MiB after the load`,
    ),
    `  per extra idle socket (${t.memory.extraSockets} opened, growth summed over processes ÷ ${t.memory.extraSockets}): ` +
      `${t.memory.kibPerExtraSocket} KiB RSS, ${t.memory.heapKibPerExtraSocket} KiB JS heap`,
    `  bench client CPU during the two phases: ${t.benchClientCpuSeconds} s (same machine)`,
  ];
}

export function formatReport(result: ChatBenchResult, options: BenchOptions): string {
  const p = result.parameters;
  const withBaseline = result.baseline !== null;
  const lines = [
    "",
    "== Chat benchmark ==",
    `Load: ${p.pairs} pairs (${p.sockets} sockets, one subscription each); closed loop ${p.messagesPerPair} messages per pair, ` +
      `concurrency ${p.concurrency}; open loop ${p.rate} msg/s for ${p.durationSeconds} s; ${p.extraSockets} extra idle sockets; ` +
      `app: ${p.instances} process(es), sends over ${p.transport}; databases on ${options.adminDatabaseUrlSource === "flag" ? "--database-url" : options.adminDatabaseUrlSource}`,
    "",
    ...targetSection(result.app, p.transport),
    ...(result.baseline ? ["", ...targetSection(result.baseline, p.transport)] : []),
    "",
    `Summary${p.instances > 1 ? ` (app: ${p.instances} processes; CPU summed over them, RSS of the largest; compare its open-loop p50 with a one-process run at the same --rate: target ≤ 1.5×)` : ""}:`,
    ...formatTable(result.comparison, withBaseline),
    "  (MB and KB in the targets are read as MiB and KiB; RSS is per process.)",
    "",
    `Time: total ${(result.timingsMs.total / 1000).toFixed(1)} s`,
    `Result: ${result.ok ? "OK (no message lost or duplicated, no send failed)" : "FAILED (see above)"}`,
    `Reproduce: ${result.command}`,
    "",
  ];
  return lines.join("\n");
}
