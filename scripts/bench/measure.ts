/**
 * One server under test (the app's process(es), or the baseline) taken through every phase of
 * bench:chat in order, with the same load whichever it is: idle memory, setup, closed loop, open
 * loop, then the memory of extra idle sockets. What differs between the two is only how users and
 * sockets are made (ChatTarget).
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { Cleanup } from "./cleanup";
import { DeliveryTracker, waitForSubscriptions, type DeliverySink, type Listener, type Pair } from "./load";
import { collectGarbage, cpuSeconds, heapUsedBytes, rssKiB, sampleMemory, startCpuProfile } from "./memory";
import type { BenchOptions } from "./options";
import { closedLoop, openLoop, settle, type PairSockets } from "./phases";
import { summarize, type TargetResult } from "./report";
import type { BenchUser } from "./accounts";
import type { ServerProcess } from "./servers";

export interface ChatTarget {
  name: "app" | "baseline";
  /** Started and healthy, with their inspector open (ServerSettings.inspect). */
  servers: ServerProcess[];
  /** Makes `count` users pairs with their conversations (the setup phase). */
  createPairs(count: number): Promise<Pair[]>;
  /** One socket for the user, subscribed to the conversation; fromStart false: live messages only. */
  connect(user: BenchUser, conversationId: string, sink: DeliverySink, fromStart: boolean): Listener;
}

/** Hands deliveries to the tracker of the phase under way. */
class PhaseSink implements DeliverySink {
  constructor(public current: DeliveryTracker) {}
  receive(userId: string, message: { clientId: string | null }, at: number): void {
    this.current.receive(userId, message, at);
  }
}

const ignoreDeliveries: DeliverySink = { receive: () => {} };

/** Lets freed pages go back to the system between collections and before RSS is read. */
const AFTER_GC_MS = 500;
/**
 * V8 and malloc give memory back to the system over several full collections and some time, not
 * one: right after a load RSS still shrinks by more than extra sockets add. So collect until three
 * readings in a row (a second apart) lie within SETTLED_KIB, or MAX_COLLECTIONS were made.
 */
const SETTLED_KIB = 256;
const MAX_COLLECTIONS = 12;

interface SettledMemory {
  rssKiB: number;
  heapUsedKiB: number;
}

async function settleOne(server: ServerProcess): Promise<SettledMemory> {
  const inspector = server.inspectorUrl;
  if (!inspector) throw new Error(`No inspector on the server at :${server.port} (needed for a full GC)`);
  const readings: number[] = [];
  const settled = () => readings.length >= 3 && Math.max(...readings.slice(-3)) - Math.min(...readings.slice(-3)) < SETTLED_KIB;
  while (readings.length < MAX_COLLECTIONS && !settled()) {
    await collectGarbage(inspector);
    await sleep(AFTER_GC_MS);
    readings.push((await rssKiB(server.pid)) ?? NaN);
  }
  return { rssKiB: readings.at(-1)!, heapUsedKiB: (await heapUsedBytes(inspector)) / 1024 };
}

/** RSS and V8 heap in use of each process once full collections no longer shrink it. */
const settledMemory = (servers: ServerProcess[]) => Promise.all(servers.map(settleOne));

/** CPU seconds all the target's processes used while `phase` ran; null when /proc cannot tell. */
async function withServerCpu<T>(servers: ServerProcess[], phase: () => Promise<T>): Promise<{ result: T; cpuSeconds: number | null }> {
  const read = () => Promise.all(servers.map((s) => cpuSeconds(s.pid)));
  const before = await read();
  const result = await phase();
  const after = await read();
  const spent = after.map((a, i) => (a === null || before[i] == null ? null : a - before[i]!));
  return { result, cpuSeconds: spent.some((s) => s === null) ? null : spent.reduce((a, s) => a! + s!, 0) };
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const mib = (kib: number) => round(kib / 1024, 1);

export async function measureTarget(
  target: ChatTarget,
  options: BenchOptions,
  cleanup: Cleanup,
  log: (line: string) => void,
): Promise<TargetResult> {
  const { servers, name } = target;
  const memory = sampleMemory(servers.map((s) => s.pid));
  cleanup.add(`stopping the memory sampler (${name})`, () => memory.stop());
  const idle = await settledMemory(servers);
  log(`[${name}] idle RSS after full GCs: ${idle.map((m) => `${mib(m.rssKiB)} MiB`).join(", ")}`);

  const setupStarted = performance.now();
  log(`[${name}] setup: ${options.pairs * 2} users, ${options.pairs} conversations, ${options.pairs * 2} sockets…`);
  const pairs = await target.createPairs(options.pairs);
  const sink = new PhaseSink(new DeliveryTracker());
  const sockets: PairSockets[] = pairs.map((pair) => ({
    pair,
    customer: target.connect(pair.customer, pair.conversationId, sink, true),
    artist: target.connect(pair.artist, pair.conversationId, sink, true),
  }));
  const listeners = sockets.flatMap((s) => [s.customer, s.artist]);
  cleanup.add(`closing the sockets (${name})`, async () => listeners.forEach((l) => l.close()));
  await waitForSubscriptions(listeners);
  const setupMs = performance.now() - setupStarted;

  // BENCH_CPU_PROF=<dir>: a CPU profile of each server over the two send phases only (not start-up
  // or setup), for scripts/profile-summary.ts.
  const profileDir = process.env.BENCH_CPU_PROF;
  const profiles = profileDir ? await Promise.all(servers.map((s) => startCpuProfile(s.inspectorUrl!))) : [];

  // The issue's peak is "under that load": sampled over the two send phases only, apart from the
  // whole run's (which includes the sign-ups' scrypt buffers).
  const underLoad = sampleMemory(servers.map((s) => s.pid));
  const clientCpuBefore = process.cpuUsage();
  const closedTracker = (sink.current = new DeliveryTracker());
  log(`[${name}] closed loop: ${options.pairs} pairs × ${options.messages} messages…`);
  const closed = await withServerCpu(servers, () => closedLoop(sockets, options, closedTracker));
  await settle();
  if (!closed.result.allDelivered) log(`[${name}] closed loop: not every message arrived within ${options.drainTimeoutMs} ms.`);

  const openTracker = (sink.current = new DeliveryTracker());
  log(`[${name}] open loop: ${options.rate} msg/s for ${options.durationSeconds} s…`);
  const open = await withServerCpu(servers, () => openLoop(sockets, options, openTracker));
  await settle();
  if (!open.result.allDelivered) log(`[${name}] open loop: not every message arrived within ${options.drainTimeoutMs} ms.`);
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const underLoadFigures = await underLoad.stop();
  for (const [i, profile] of profiles.entries()) {
    const file = `${profileDir}/${name}-${servers[i]!.port}-send-phases.cpuprofile`;
    await profile.stop(file);
    log(`[${name}] CPU profile of the send phases: ${file}`);
  }

  log(`[${name}] memory of ${options.extraSockets} more idle sockets…`);
  const afterLoad = await settledMemory(servers);
  const extra = Array.from({ length: options.extraSockets }, (_, j) => {
    const pair = pairs[j % pairs.length]!;
    const user = Math.floor(j / pairs.length) % 2 === 0 ? pair.customer : pair.artist;
    return target.connect(user, pair.conversationId, ignoreDeliveries, false);
  });
  cleanup.add(`closing the extra sockets (${name})`, async () => extra.forEach((l) => l.close()));
  await waitForSubscriptions(extra);
  const withExtra = await settledMemory(servers);
  const memoryFigures = await memory.stop();

  const closedCounts = closedTracker.counts();
  const openCounts = openTracker.counts();
  const cpuMsPer = (cpu: number | null, delivered: number) => (cpu === null || delivered === 0 ? null : round((cpu * 1000) / delivered, 3));
  const perProcess = servers.map((s, i) => ({
    port: s.port,
    pid: s.pid,
    bus: s.bus,
    idleRssMiB: mib(idle[i]!.rssKiB),
    peakRssMiB: mib(memoryFigures[i]!.peakRssKiB),
    peakUnderLoadRssMiB: mib(underLoadFigures[i]!.peakRssKiB),
    hwmMiB: mib(memoryFigures[i]!.hwmKiB),
    afterLoadRssMiB: mib(afterLoad[i]!.rssKiB),
    idleHeapMiB: mib(idle[i]!.heapUsedKiB),
    afterLoadHeapMiB: mib(afterLoad[i]!.heapUsedKiB),
    withExtraSocketsRssMiB: mib(withExtra[i]!.rssKiB),
  }));
  const growth = (field: keyof SettledMemory) =>
    (withExtra.reduce((a, m) => a + m[field], 0) - afterLoad.reduce((a, m) => a + m[field], 0)) / options.extraSockets;
  return {
    name,
    processes: perProcess,
    setupMs: Math.round(setupMs),
    closedLoop: {
      sent: closed.result.sent,
      delivered: closedCounts.delivered,
      wallMs: Math.round(closed.result.wallMs),
      messagesPerSecond: round(closedCounts.delivered / (closed.result.wallMs / 1000), 1),
      serverCpuSeconds: closed.cpuSeconds === null ? null : round(closed.cpuSeconds),
      serverCpuMsPerMessage: cpuMsPer(closed.cpuSeconds, closedCounts.delivered),
      deliveryLatencyMs: summarize(closedTracker.latenciesMs),
      sendRoundTripMs: summarize(closedTracker.sendDurationsMs),
    },
    openLoop: {
      offeredPerSecond: options.rate,
      durationSeconds: options.durationSeconds,
      sent: open.result.sent,
      delivered: openCounts.delivered,
      wallMs: Math.round(open.result.wallMs),
      deliveredPerSecond: round(openCounts.delivered / (open.result.wallMs / 1000), 1),
      serverCpuSeconds: open.cpuSeconds === null ? null : round(open.cpuSeconds),
      serverCpuMsPerMessage: cpuMsPer(open.cpuSeconds, openCounts.delivered),
      deliveryLatencyMs: summarize(openTracker.latenciesMs),
      sendRoundTripMs: summarize(openTracker.sendDurationsMs),
      issueLagMs: summarize(open.result.issueLagMs),
    },
    delivery: {
      expected: closedCounts.expected + openCounts.expected,
      delivered: closedCounts.delivered + openCounts.delivered,
      lost: closedCounts.lost + openCounts.lost,
      duplicates: closedCounts.duplicates + openCounts.duplicates,
      echoed: closedCounts.echoed + openCounts.echoed,
      unknown: closedTracker.unknownMessages + openTracker.unknownMessages,
    },
    sendErrors: [...closedTracker.sendErrors, ...openTracker.sendErrors],
    connectionProblems: [...listeners, ...extra].flatMap((l) => l.problems),
    memory: {
      idleRssMiB: Math.max(...perProcess.map((p) => p.idleRssMiB)),
      peakRssMiB: Math.max(...perProcess.map((p) => p.peakRssMiB)),
      peakUnderLoadRssMiB: Math.max(...perProcess.map((p) => p.peakUnderLoadRssMiB)),
      extraSockets: options.extraSockets,
      kibPerExtraSocket: round(growth("rssKiB"), 1),
      heapKibPerExtraSocket: round(growth("heapUsedKiB"), 1),
    },
    benchClientCpuSeconds: round((clientCpu.user + clientCpu.system) / 1e6),
  };
}
