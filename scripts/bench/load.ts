/**
 * The app's side of the load: every user listens on its conversation over a WebSocket (and sends
 * over it, or over HTTP), and each delivery is matched to its send by clientId. The phases that
 * drive these sockets are in phases.ts.
 */
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import superjson from "superjson";
import WS from "ws";
import type { AppRouter } from "@/server/routers/root";
import { httpClientFor, type BenchUser } from "./accounts";
import type { SendTransport } from "./options";

export interface Pair {
  index: number;
  customer: BenchUser;
  artist: BenchUser;
  conversationId: string;
}

const SUBSCRIBE_TIMEOUT_MS = 60_000;

/** Where a socket hands what it receives. */
export interface DeliverySink {
  receive(userId: string, message: { clientId: string | null }, at: number): void;
}

/** Counts what each user received, per message, and the latency of the first receipt at the recipient. */
export class DeliveryTracker implements DeliverySink {
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

export interface SendInput {
  conversationId: string;
  clientId: string;
  text: string;
}

/** One user's socket, listening to one conversation; the same shape for the app and the baseline. */
export interface Listener {
  user: BenchUser;
  /** Resolves once the server confirmed the subscription. */
  started: Promise<void>;
  isStarted: boolean;
  /** Socket closes and subscription errors seen; a clean run has none. */
  problems: string[];
  /** Sends as this user; resolves when the server answered with the stored message. */
  send(input: SendInput): Promise<void>;
  close(): void;
}

export interface ListenOptions {
  /** How send() reaches the server: over this socket (the web client's way, the default) or HTTP. */
  transport?: SendTransport;
  /**
   * Replay the conversation from seq 0 before going live (the default; the bench's conversations
   * start empty). False: live only, for sockets opened after the load.
   */
  fromStart?: boolean;
}

/**
 * One socket per user, subscribed to its conversation from seq 0 (the conversation is empty, so
 * nothing is replayed). Subscribing from a known seq, as the browser does after loading a page,
 * also covers messages sent between the server's "started" and its bus subscription.
 */
export function listen(user: BenchUser, conversationId: string, sink: DeliverySink, options: ListenOptions = {}): Listener {
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
      { conversationId, lastEventId: options.fromStart === false ? undefined : "0" },
      {
        onStarted: () => resolve(),
        onData: (event) => sink.receive(user.id, event.data, performance.now()),
        onError: (error) => {
          problems.push(`${user.email}: subscription error: ${error.message}`);
          reject(error);
        },
      },
    );
  });
  started.catch(() => {}); // reported through problems and the caller's await
  // Made before any send, so no send pays for it; it holds no connection until first used.
  const sender = options.transport === "http" ? httpClientFor(user) : client;
  const listener: Listener = {
    user,
    started,
    isStarted: false,
    problems,
    send: async (input) => {
      await sender.message.send.mutate(input);
    },
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
