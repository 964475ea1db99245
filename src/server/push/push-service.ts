import type { Env } from "@/env";
import type { Database } from "@/server/db";
import type { Presence } from "@/server/realtime/presence";
import type { MessageNotifier } from "./notifier";

/** What a process runs for Web Push. */
export interface PushService {
  notifier: MessageNotifier;
  /** The VAPID public key browsers subscribe with. */
  publicKey: string;
  stop(): Promise<void>;
}

/**
 * Starts this process's share of Web Push: the durable queue's workers and the notifier that
 * feeds it. PLACEHOLDER: being written.
 */
export async function startPushService(options: {
  config: Env;
  db: Database;
  presence: Presence;
  log: (message: string, error?: unknown) => void;
}): Promise<PushService> {
  void options;
  return { notifier: { messagesAppended: () => {} }, publicKey: "", stop: async () => {} };
}
