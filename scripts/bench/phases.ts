/**
 * The two ways the bench loads a server, the same for the app and the baseline: a closed loop
 * (each pair sends its next message when the last one was answered) for throughput and CPU per
 * message, and an open loop (sends on a fixed schedule, whatever the answers) for latency at a
 * given rate. Every send is announced to the tracker first, so a delivery that beats its answer
 * is still matched.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { DeliveryTracker, Listener, Pair } from "./load";

/** A pair with its two sockets. */
export interface PairSockets {
  pair: Pair;
  customer: Listener;
  artist: Listener;
}

export interface PhaseResult {
  /** Messages sent (attempted). */
  sent: number;
  /** From the first send to the last send's answer or the last delivery, whichever is later. */
  wallMs: number;
  allDelivered: boolean;
}

/** Late duplicates would arrive right behind the original; wait this long after a phase. */
const SETTLE_MS = 500;

/** Waits for late duplicates; outside the phase, so its idle time is not charged to the messages. */
export const settle = () => sleep(SETTLE_MS);

function messageText(pair: Pair, m: number, sentAt: number): string {
  return `bench pair ${pair.index} message ${m} sent at ${new Date().toISOString()} (${sentAt.toFixed(3)} ms)`;
}

/** Message m of a pair comes from the customer when m is even, from the artist when odd. */
function sendOne(sockets: PairSockets, m: number, sentAt: number, tracker: DeliveryTracker, label: string): Promise<void> {
  const [sender, recipient] = m % 2 === 0 ? [sockets.customer, sockets.artist] : [sockets.artist, sockets.customer];
  const clientId = randomUUID();
  tracker.expect(clientId, sender.user.id, recipient.user.id, sentAt);
  return sender
    .send({ conversationId: sockets.pair.conversationId, clientId, text: messageText(sockets.pair, m, sentAt) })
    .then(
      () => void tracker.sendDurationsMs.push(performance.now() - sentAt),
      (error: Error) => void tracker.sendErrors.push(`${label} pair ${sockets.pair.index} message ${m}: ${error.message}`),
    );
}

/**
 * Closed loop: `concurrency` workers take pairs from a queue; each sends its pair's `messages`
 * one after another (the next when the last one was answered). With concurrency = pairs every
 * pair sends at once. Returns once every message arrived (or the drain timeout passed).
 */
export async function closedLoop(
  pairs: PairSockets[],
  options: { messages: number; concurrency: number; drainTimeoutMs: number },
  tracker: DeliveryTracker,
): Promise<PhaseResult> {
  const queue = pairs.map((_, i) => i);
  const start = performance.now();
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      for (let m = 0; m < options.messages; m++) await sendOne(pairs[i]!, m, performance.now(), tracker, "closed loop");
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const sendsDone = performance.now();
  const allDelivered = await tracker.allDelivered(options.drainTimeoutMs);
  return { sent: pairs.length * options.messages, wallMs: Math.max(sendsDone, tracker.lastDeliveryAt) - start, allDelivered };
}

export interface OpenLoopResult extends PhaseResult {
  /** How late the bench issued sends against their schedule (its own event loop was busy), in ms. */
  issueLagMs: number[];
}

/**
 * Open loop: `rate` sends a second for `durationSeconds`, message k due at start + k / rate,
 * dealt to the pairs in turn (each pair alternating sender). A send goes out when it is due
 * whether or not earlier ones were answered, and its latency counts from when it was DUE, so a
 * stalled server (or a busy bench) shows in the figures instead of slowing the load down
 * (no coordinated omission).
 */
export async function openLoop(
  pairs: PairSockets[],
  options: { rate: number; durationSeconds: number; drainTimeoutMs: number },
  tracker: DeliveryTracker,
): Promise<OpenLoopResult> {
  const total = options.rate * options.durationSeconds;
  const intervalMs = 1000 / options.rate;
  const issueLagMs: number[] = [];
  const sends: Promise<void>[] = [];
  const start = performance.now();
  let k = 0;
  await new Promise<void>((resolve) => {
    const issueDue = () => {
      const now = performance.now();
      for (; k < total && start + k * intervalMs <= now; k++) {
        const due = start + k * intervalMs;
        issueLagMs.push(now - due);
        sends.push(sendOne(pairs[k % pairs.length]!, Math.floor(k / pairs.length), due, tracker, "open loop"));
      }
      if (k >= total) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(issueDue, 1);
    issueDue();
  });
  await Promise.all(sends);
  const sendsDone = performance.now();
  const allDelivered = await tracker.allDelivered(options.drainTimeoutMs);
  return { sent: total, wallMs: Math.max(sendsDone, tracker.lastDeliveryAt) - start, allDelivered, issueLagMs };
}
