import { retryAfterMs, isTransient, retryDelay } from "../retry-policy";
import type { Message } from "../trpc";
import { outboxStore, type OutboxEntry } from "./idb";

export type { OutboxEntry } from "./idb";

export type SendFn = (entry: OutboxEntry) => Promise<Message>;

const CHANNEL = "glow-outbox";
const LOCK = "glow-outbox-send";

/**
 * Messages written but not yet stored by the server, kept in IndexedDB so they survive a reload,
 * a browser restart and a dead network. They are sent oldest first, each with the clientId it was
 * written with, so a retry after a lost answer never makes a second message. Tabs of the same
 * user share the outbox: a Web Lock lets one tab send at a time, and a BroadcastChannel tells the
 * others what changed.
 */
export class Outbox {
  private entries: OutboxEntry[] = [];
  private listeners = new Set<() => void>();
  private sentListeners = new Set<(message: Message) => void>();
  private channel: BroadcastChannel | null = typeof BroadcastChannel === "function" ? new BroadcastChannel(CHANNEL) : null;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryAttempt = 0;
  /** Until when the server asked us not to send (a rate limit): waking up early does not skip it. */
  private quietUntil = 0;
  private flushing = false;
  private flushAgain = false;
  private closed = false;

  constructor(
    private readonly userId: string,
    private readonly send: SendFn,
  ) {
    this.channel?.addEventListener("message", (event: MessageEvent<{ type: string; message?: Message }>) => {
      if (event.data.type === "sent" && event.data.message) this.emitSent(event.data.message);
      void this.reload();
    });
    void this.reload().then(() => this.flush());
  }

  /** The current entries (queued and failed), oldest first. */
  snapshot(): OutboxEntry[] {
    return this.entries;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Confirmed messages, also those another tab sent, so every view can show them at once. */
  onSent(listener: (message: Message) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  async enqueue(entry: Omit<OutboxEntry, "userId" | "createdAt" | "status">): Promise<void> {
    await outboxStore.put({ ...entry, userId: this.userId, createdAt: Date.now(), status: "queued" });
    await this.changed();
    void this.flush();
  }

  async retry(clientId: string): Promise<void> {
    const entry = await outboxStore.get(clientId);
    if (!entry) return;
    await outboxStore.put({ ...entry, status: "queued", error: undefined });
    await this.changed();
    void this.flush(true);
  }

  async discard(clientId: string): Promise<void> {
    await outboxStore.remove(clientId);
    await this.changed();
  }

  /** Sends what is queued. `now` skips the wait after a failed attempt (back online, tab visible). */
  async flush(now = false): Promise<void> {
    // While the server asked us to wait, nothing wakes the outbox early: the timer ends the wait.
    if (this.closed || Date.now() < this.quietUntil) return;
    if (now) {
      clearTimeout(this.retryTimer);
      this.retryAttempt = 0;
    }
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    try {
      do {
        this.flushAgain = false;
        await this.withLock(() => this.sendQueued());
      } while (this.flushAgain && !this.closed);
    } finally {
      this.flushing = false;
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.channel?.close();
    this.listeners.clear();
    this.sentListeners.clear();
  }

  private async sendQueued(): Promise<void> {
    // Read again under the lock: another tab may have sent some of these meanwhile.
    const queued = (await outboxStore.forUser(this.userId)).filter((e) => e.status === "queued");
    for (const entry of queued) {
      if (this.closed) return;
      try {
        const message = await this.send(entry);
        await outboxStore.remove(entry.clientId);
        this.retryAttempt = 0;
        this.emitSent(message);
        this.channel?.postMessage({ type: "sent", message });
        await this.changed(false);
      } catch (error) {
        if (!isTransient(error)) {
          // A refusal the server would repeat: shown under the message, with Retry and Delete.
          await outboxStore.put({ ...entry, status: "failed", error: (error as Error).message });
          await this.changed();
          continue;
        }
        // The network or the server is away, or asked us to wait: keep the order, try again later.
        this.scheduleRetry(error);
        return;
      }
    }
  }

  private scheduleRetry(error: unknown) {
    clearTimeout(this.retryTimer);
    const delay = retryDelay(this.retryAttempt, error);
    this.retryAttempt += 1;
    this.quietUntil = retryAfterMs(error) === undefined ? 0 : Date.now() + delay;
    this.retryTimer = setTimeout(() => {
      this.quietUntil = 0;
      void this.flush();
    }, delay);
  }

  private async withLock(task: () => Promise<void>): Promise<void> {
    if (typeof navigator !== "undefined" && navigator.locks) {
      await navigator.locks.request(LOCK, task);
    } else {
      await task(); // without Web Locks, the server's clientId check still prevents doubles
    }
  }

  private emitSent(message: Message) {
    for (const listener of this.sentListeners) listener(message);
  }

  private async reload(): Promise<void> {
    this.entries = await outboxStore.forUser(this.userId);
    for (const listener of this.listeners) listener();
  }

  private async changed(broadcast = true): Promise<void> {
    await this.reload();
    if (broadcast) this.channel?.postMessage({ type: "changed" });
  }
}
