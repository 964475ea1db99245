/**
 * The measured part: every user listens on its conversation over a WebSocket, the pairs send, and
 * each delivery is matched to its send by clientId.
 */
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from "@trpc/client";
import superjson from "superjson";
import WS from "ws";
import type { AppRouter } from "@/server/routers/root";
import { httpClientFor, type BenchUser } from "./accounts";

export interface Pair {
  index: number;
  customer: BenchUser;
  artist: BenchUser;
  conversationId: string;
}

/** Late duplicates would arrive right behind the original; wait this long after the last delivery. */
const SETTLE_MS = 500;
const SUBSCRIBE_TIMEOUT_MS = 30_000;

/** Counts what each user received, per message, and the latency of the first receipt at the recipient. */
export class DeliveryTracker {
  private readonly pending = new Map<string, { sentAt: number; senderId: string; recipientId: string }>();
  /** `${userId} ${clientId}` → how often that user received that message. */
  private readonly received = new Map<string, number>();
  readonly latenciesMs: number[] = [];
  readonly sendDurationsMs: number[] = [];
  sendErrors: string[] = [];
  unknownMessages = 0;
  expected = 0;
  lastDeliveryAt = 0;
  private onProgress: (() => void) | undefined;

  /** Called just before the send, so even a delivery that beats the send's answer is matched. */
  expect(clientId: string, senderId: string, recipientId: string, sentAt: number): void {
    this.pending.set(clientId, { sentAt, senderId, recipientId });
    this.expected++;
  }

  receive(userId: string, message: { clientId: string | null }, at: number): void {
    const sent = message.clientId ? this.pending.get(message.clientId) : undefined;
    if (!sent) {
      this.unknownMessages++;
      return;
    }
    const key = `${userId} ${message.clientId}`;
    const count = (this.received.get(key) ?? 0) + 1;
    this.received.set(key, count);
    if (userId === sent.recipientId && count === 1) {
      this.latenciesMs.push(at - sent.sentAt);
      this.lastDeliveryAt = Math.max(this.lastDeliveryAt, at);
      this.onProgress?.();
    }
  }

  /** Deliveries to the other participant, and the sender's own copy (its other tabs see it too). */
  counts() {
    let delivered = 0;
    let echoed = 0;
    let duplicates = 0;
    for (const [clientId, sent] of this.pending) {
      const atRecipient = this.received.get(`${sent.recipientId} ${clientId}`) ?? 0;
      const atSender = this.received.get(`${sent.senderId} ${clientId}`) ?? 0;
      if (atRecipient > 0) delivered++;
      if (atSender > 0) echoed++;
      duplicates += Math.max(0, atRecipient - 1) + Math.max(0, atSender - 1);
    }
    return { expected: this.expected, delivered, lost: this.expected - delivered, echoed, duplicates };
  }

  /** Resolves when every expected message reached its recipient, or after timeoutMs. */
  async allDelivered(timeoutMs: number): Promise<boolean> {
    const done = () => this.latenciesMs.length >= this.expected;
    if (done()) return true;
    const finished = new Promise<void>((resolve) => {
      this.onProgress = () => done() && resolve();
    });
    const result = await Promise.race([finished.then(() => true), sleep(timeoutMs).then(() => false)]);
    this.onProgress = undefined;
    return result;
  }
}

/** The `ws` WebSocket, with the session cookie on the upgrade request (a browser sends it itself). */
export function webSocketWithCookie(cookie: string): typeof WebSocket {
  class CookieWebSocket extends WS {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  return CookieWebSocket as unknown as typeof WebSocket;
}

export interface Listener {
  user: BenchUser;
  /** Resolves once the server confirmed the subscription. */
  started: Promise<void>;
  isStarted: boolean;
  /** Socket closes and subscription errors seen; a clean run has none. */
  problems: string[];
  close(): void;
}

/**
 * One socket per user, subscribed to its conversation from seq 0 (the conversation is empty, so
 * nothing is replayed). Subscribing from a known seq, as the browser does after loading a page,
 * also covers messages sent between the server's "started" and its bus subscription.
 */
export function listen(user: BenchUser, conversationId: string, tracker: DeliveryTracker): Listener {
  const problems: string[] = [];
  let closing = false;
  const wsClient = createWSClient({
    url: `${user.baseUrl.replace(/^http/, "ws")}/api/ws`,
    WebSocket: webSocketWithCookie(user.cookie),
    onClose: (cause) => {
      if (!closing) problems.push(`${user.email}: socket closed (code ${cause?.code ?? "?"})`);
    },
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
  let subscription: { unsubscribe(): void } | undefined;
  const started = new Promise<void>((resolve, reject) => {
    subscription = client.message.onMessage.subscribe(
      { conversationId, lastEventId: "0" },
      {
        onStarted: () => resolve(),
        onData: (event) => tracker.receive(user.id, event.data, performance.now()),
        onError: (error) => {
          problems.push(`${user.email}: subscription error: ${error.message}`);
          reject(error);
        },
      },
    );
  });
  started.catch(() => {}); // reported through problems and the caller's await
  const listener: Listener = {
    user,
    started,
    isStarted: false,
    problems,
    close() {
      closing = true;
      subscription?.unsubscribe();
      void wsClient.close();
    },
  };
  void started.then(() => (listener.isStarted = true));
  return listener;
}

export async function waitForSubscriptions(listeners: Listener[]): Promise<void> {
  const all = Promise.all(listeners.map((l) => l.started));
  const timeout = sleep(SUBSCRIBE_TIMEOUT_MS).then(() => {
    const waiting = listeners.filter((l) => !l.isStarted).length;
    throw new Error(`${waiting} of ${listeners.length} subscriptions did not start within ${SUBSCRIBE_TIMEOUT_MS / 1000} s`);
  });
  await Promise.race([all, timeout]);
}

/** One pair's conversation: M messages one after another, customer first, then alternating. */
async function runPair(
  pair: Pair,
  messages: number,
  clients: { customer: TRPCClient<AppRouter>; artist: TRPCClient<AppRouter> },
  tracker: DeliveryTracker,
): Promise<void> {
  for (let m = 0; m < messages; m++) {
    const [sender, recipient, client] =
      m % 2 === 0 ? [pair.customer, pair.artist, clients.customer] : [pair.artist, pair.customer, clients.artist];
    const clientId = randomUUID();
    const sentAt = performance.now();
    tracker.expect(clientId, sender.id, recipient.id, sentAt);
    try {
      await client.message.send.mutate({
        conversationId: pair.conversationId,
        clientId,
        text: `bench pair ${pair.index} message ${m} sent at ${new Date().toISOString()} (${sentAt.toFixed(3)} ms)`,
      });
      tracker.sendDurationsMs.push(performance.now() - sentAt);
    } catch (error) {
      tracker.sendErrors.push(`pair ${pair.index} message ${m}: ${(error as Error).message}`);
    }
  }
}

export interface SendPhase {
  /** From the first send to the last send's answer or the last delivery, whichever is later. */
  wallMs: number;
  allDelivered: boolean;
}

/**
 * `concurrency` workers take pairs from a queue; each runs its pair's conversation to the end
 * before taking the next. With concurrency = pairs every pair sends at once.
 */
export async function sendAll(
  pairs: Pair[],
  options: { messages: number; concurrency: number; drainTimeoutMs: number },
  tracker: DeliveryTracker,
): Promise<SendPhase> {
  // HTTP clients are made before the clock starts; they hold no connection until first used.
  const clients = pairs.map((p) => ({ customer: httpClientFor(p.customer), artist: httpClientFor(p.artist) }));
  const queue = pairs.map((_, i) => i);
  const start = performance.now();
  const worker = async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      await runPair(pairs[i]!, options.messages, clients[i]!, tracker);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const sendsDone = performance.now();
  const allDelivered = await tracker.allDelivered(options.drainTimeoutMs);
  const end = Math.max(sendsDone, tracker.lastDeliveryAt);
  await sleep(SETTLE_MS);
  return { wallMs: end - start, allDelivered };
}
