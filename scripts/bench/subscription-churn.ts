/**
 * Opens many message subscriptions over many sockets, waits until the server has started every
 * one, then closes them all: what a crowd of tabs coming and going leaves behind in the server.
 */
import { createTRPCClient, createWSClient, wsLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/routers/root";
import type { BenchUser } from "./accounts";
import { webSocketWithCookie } from "./load";

export interface ChurnTarget {
  user: BenchUser;
  conversationId: string;
}

export interface Churn {
  /** Subscriptions the server started. */
  started: number;
  /** Subscriptions that failed (they should not, within the limits). */
  errors: string[];
  openMs: number;
  /** Closes every socket (and so every subscription). */
  close(): void;
}

/**
 * `total` subscriptions to message.onMessage, `perSocket` to a socket, the sockets dealt out over
 * the targets in turn (so no user goes over its sockets limit when there are enough targets).
 */
export async function openSubscriptions(targets: ChurnTarget[], total: number, perSocket: number, timeoutMs = 120_000): Promise<Churn> {
  const started = Date.now();
  const errors: string[] = [];
  const sockets: { close(): void }[] = [];
  const waits: Promise<void>[] = [];
  let startedCount = 0;
  for (let s = 0; s * perSocket < total; s++) {
    const target = targets[s % targets.length]!;
    const wsClient = createWSClient({
      url: `${target.user.baseUrl.replace(/^http/, "ws")}/api/ws`,
      WebSocket: webSocketWithCookie(target.user.cookie),
    });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient, transformer: superjson })] });
    const subscriptions: { unsubscribe(): void }[] = [];
    sockets.push({
      close() {
        for (const subscription of subscriptions) subscription.unsubscribe();
        void wsClient.close();
      },
    });
    for (let i = 0; i < Math.min(perSocket, total - s * perSocket); i++) {
      waits.push(
        new Promise<void>((resolve) => {
          subscriptions.push(
            client.message.onMessage.subscribe(
              { conversationId: target.conversationId },
              {
                onStarted: () => {
                  startedCount++;
                  resolve();
                },
                onError: (error) => {
                  errors.push(`${target.user.email}: ${error.message}`);
                  resolve();
                },
              },
            ),
          );
        }),
      );
    }
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(waits), new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  return {
    started: startedCount,
    errors,
    openMs: Date.now() - started,
    close: () => sockets.forEach((socket) => socket.close()),
  };
}
