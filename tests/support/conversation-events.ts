import type { Database } from "@/server/db";
import type { EventBus } from "@/server/realtime/event-bus";
import type { ConversationEvent } from "@/server/services/conversation-events";
import { wsClient } from "./api-server";
import { callerFor, describeClientError, type TestUser } from "./fixtures";
import { Changes } from "./wait";

const describeEvent = (event: ConversationEvent) =>
  event.type === "presence"
    ? `presence(${event.online ? "online" : event.lastSeenAt ? "last seen" : "offline/hidden"})`
    : event.type === "read"
      ? `read(${event.seq})`
      : "typing";

/** What one conversation.onEvents subscription delivered, with ways to wait for more. */
export class ConversationEventsRecorder {
  readonly received: ConversationEvent[] = [];
  readonly errors: unknown[] = [];
  private readonly changes = new Changes();

  constructor(private readonly close: () => unknown) {}

  add(event: ConversationEvent): void {
    this.received.push(event);
    this.changes.notify();
  }

  fail(error: unknown): void {
    this.errors.push(error);
    this.changes.notify();
  }

  /** What arrived, in one line, for failure messages and compact assertions. */
  summary(from = 0): string[] {
    return this.received.slice(from).map(describeEvent);
  }

  /** Waits until `condition` holds; fails at once if the subscription failed. */
  until(condition: (received: ConversationEvent[]) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    return this.changes.until(
      () => {
        if (this.errors.length) throw new Error(`the subscription failed while waiting for ${what}: ${describeClientError(this.errors[0])}`);
        return condition(this.received);
      },
      () => `${what} (received: ${this.summary().join(", ") || "nothing"})`,
      timeoutMs,
    );
  }

  /** Waits for `count` events in all. */
  count(count: number, timeoutMs?: number): Promise<void> {
    return this.until((received) => received.length >= count, `${count} events`, timeoutMs);
  }

  /** Waits for an event at position `from` or later that matches, and returns it. */
  async next(match: (event: ConversationEvent) => boolean, what: string, from = 0, timeoutMs?: number): Promise<ConversationEvent> {
    await this.until((received) => received.slice(from).some(match), what, timeoutMs);
    return this.received.slice(from).find(match)!;
  }

  async stop(): Promise<void> {
    await this.close();
  }
}

/** conversation.onEvents through a server-side caller acting as `user` (one "process": its bus). */
export async function onEventsAs(db: Database, bus: EventBus, user: TestUser, conversationId: string): Promise<ConversationEventsRecorder> {
  const controller = new AbortController();
  const recorder = new ConversationEventsRecorder(() => controller.abort());
  const stream = await callerFor(db, bus, user, controller.signal).conversation.onEvents({ conversationId });
  void (async () => {
    try {
      for await (const event of stream) recorder.add(event);
    } catch (error) {
      if (!controller.signal.aborted) recorder.fail(error);
    }
  })();
  return recorder;
}

/** conversation.onEvents over a real WebSocket (tRPC wsLink), opened with the given headers (the session cookie). */
export function onEventsOverSocket(wsUrl: string, headers: Record<string, string>, conversationId: string): ConversationEventsRecorder {
  const socket = wsClient(wsUrl, headers);
  const recorder: ConversationEventsRecorder = new ConversationEventsRecorder(() => {
    subscription.unsubscribe();
    return socket.close();
  });
  const subscription = socket.client.conversation.onEvents.subscribe(
    { conversationId },
    { onData: (event) => recorder.add(event), onError: (error) => recorder.fail(error) },
  );
  return recorder;
}
