import type { MessageDTO } from "@/server/services/message-dto";
import { describeClientError } from "./fixtures";
import { wsClient } from "./api-server";
import { Changes } from "./wait";

/** One item of message.onMessage as a client sees it: the tracked id (the seq) and the message. */
export type Delivered = { id: string; data: MessageDTO };

/** "1-20, 22, 22, 23-40" */
export function summarize(seqs: number[]): string {
  const parts: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const seq of [...seqs, Number.NaN]) {
    if (prev !== undefined && seq === prev + 1) {
      prev = seq;
      continue;
    }
    if (start !== undefined && prev !== undefined) parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = seq;
    prev = seq;
  }
  return parts.join(", ") || "none";
}

/**
 * message.onMessage over a real tRPC wsLink client, as the browser subscribes (reconnecting and
 * resuming from the last tracked id), opened with the given headers (the session cookie); it
 * collects everything delivered.
 */
export class MessageSubscription {
  readonly received: Delivered[] = [];
  readonly errors: unknown[] = [];
  /** Socket opens and closes seen by the tRPC client (a reconnect = a second open). */
  opens = 0;
  closes = 0;
  /** How often the server confirmed the subscription (again after each reconnect). */
  starts = 0;
  private readonly changes = new Changes();
  private readonly subscription: { unsubscribe(): void };
  private readonly socket: ReturnType<typeof wsClient>;

  constructor(
    readonly wsUrl: string,
    headers: Record<string, string>,
    input: { conversationId: string; lastEventId?: string | null },
    options: { retryDelayMs?: number } = {},
  ) {
    this.socket = wsClient(wsUrl, headers, {
      retryDelayMs: options.retryDelayMs,
      onOpen: () => (this.opens += 1),
      onClose: () => (this.closes += 1),
    });
    this.subscription = this.socket.client.message.onMessage.subscribe(input, {
      onStarted: () => {
        this.starts += 1;
        this.changes.notify();
      },
      onData: (item) => {
        this.received.push(item as Delivered);
        this.changes.notify();
      },
      onError: (error) => {
        this.errors.push(error);
        this.changes.notify();
      },
    });
  }

  /** Waits until `condition` holds; fails at once if the subscription errored. */
  wait(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    return this.changes.until(
      () => {
        if (this.errors.length) throw new Error(`the subscription failed while waiting for ${what}: ${describeClientError(this.errors[0])}`);
        return condition();
      },
      () => `${what} (received ${this.received.length}: seqs ${summarize(this.received.map((d) => d.data.seq))})`,
      timeoutMs,
    );
  }

  /** Waits until the server has started the subscription. */
  started(timeoutMs = 10_000): Promise<void> {
    return this.wait(() => this.starts > 0, `the subscription on ${this.wsUrl} to start`, timeoutMs);
  }

  /** Waits until `count` messages have been delivered (duplicates count: assertions find them). */
  delivered(count: number, timeoutMs = 10_000): Promise<void> {
    return this.wait(() => this.received.length >= count, `${count} deliveries on ${this.wsUrl}`, timeoutMs);
  }

  unsubscribe(): void {
    this.subscription.unsubscribe();
  }

  async close(): Promise<void> {
    this.subscription.unsubscribe();
    await this.socket.close();
  }
}
