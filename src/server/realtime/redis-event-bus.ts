import superjson from "superjson";
import { connectRedis } from "@/server/redis/connect-redis";
import type { BusEvent, ChatEvent, EventBus } from "./event-bus";

const RESYNC_PAYLOAD = superjson.stringify({ type: "resync" } satisfies BusEvent);

/**
 * Fans events out to every app process through Redis pub/sub. Publishing never blocks or fails a
 * send: with Redis away, events are dropped (the database stays the truth). When this process's
 * subscriber connection is back, every local listener gets a "resync" so it reads what it missed
 * from the database by seq; when its publisher is back, every channel it could not publish to
 * gets a "resync" in every process.
 *
 * A send publishes to several channels (the conversation, each participant's inbox): each event
 * object is serialised once however many channels it goes to, and the publishes of one tick leave
 * in one write (auto-pipelining).
 */
/** Told when an event could not be published, and when listeners are told to resync (metrics). */
export interface BusCounters {
  publishFailed(): void;
  resynced(): void;
}

export function createRedisEventBus(
  url: string,
  log: (message: string, error?: unknown) => void = () => {},
  counters: BusCounters = { publishFailed: () => {}, resynced: () => {} },
): EventBus {
  const options = {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    // Reconnect quickly, then every 2 s at most.
    retryStrategy: (times: number) => Math.min(2000, 100 * times),
  };
  const publisher = connectRedis(url, { ...options, enableOfflineQueue: false, enableAutoPipelining: true });
  const subscriber = connectRedis(url, { ...options, enableOfflineQueue: true, autoResubscribe: true });
  /** Events are never changed once published, so an event object's payload can be kept with it. */
  const payloads = new WeakMap<ChatEvent, string>();
  const payloadOf = (event: ChatEvent) => {
    let payload = payloads.get(event);
    if (payload === undefined) payloads.set(event, (payload = superjson.stringify(event)));
    return payload;
  };
  const handlers = new Map<string, Set<(event: BusEvent) => void>>();
  let connected = false;
  let lostSinceReady = false;
  /** Channels whose events could not go out: they get a "resync" when the publisher is back. */
  const missed = new Set<string>();

  for (const client of [publisher, subscriber]) client.on("error", () => {}); // reported through health
  // This process lost Redis while others kept it: their listeners never saw our events.
  publisher.on("ready", () => {
    const channels = [...missed];
    missed.clear();
    for (const channel of channels) {
      publisher.publish(channel, RESYNC_PAYLOAD).catch(() => missed.add(channel));
    }
  });
  subscriber.on("ready", () => {
    connected = true;
    if (lostSinceReady) {
      lostSinceReady = false;
      counters.resynced();
      for (const set of handlers.values()) for (const handler of set) handler({ type: "resync" });
    }
  });
  subscriber.on("close", () => {
    if (connected) log("Redis event bus disconnected; sends go on, listeners resync when it is back");
    connected = false;
    lostSinceReady = true;
  });
  subscriber.on("message", (channel: string, payload: string) => {
    const set = handlers.get(channel);
    if (!set) return;
    let event: BusEvent;
    try {
      event = superjson.parse<BusEvent>(payload);
    } catch (error) {
      return log("Dropped an unreadable event from Redis", error);
    }
    for (const handler of set) handler(event);
  });

  return {
    kind: "redis",
    isConnected: () => connected && publisher.status === "ready",
    publish(channel, event) {
      // A missed event is read back from the database by seq once its channel hears "resync".
      const failed = () => {
        counters.publishFailed();
        missed.add(channel);
      };
      if (publisher.status !== "ready") return failed();
      publisher.publish(channel, payloadOf(event)).catch(failed);
    },
    subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        handlers.set(channel, (set = new Set()));
        subscriber.subscribe(channel).catch(() => {}); // re-sent by autoResubscribe after a reconnect
      }
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(channel) === set) {
          handlers.delete(channel);
          subscriber.unsubscribe(channel).catch(() => {});
        }
      };
    },
    async close() {
      handlers.clear();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
