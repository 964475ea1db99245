import type { Presence } from "@/server/realtime/presence";
import type { ServiceDeps } from "./deps";

/** What conversation.onEvents yields: the ephemeral state of one conversation, never stored. */
export type ConversationEvent =
  | { type: "typing"; userId: string }
  | { type: "read"; userId: string; seq: number; readAt: Date }
  | { type: "presence"; userId: string; online: boolean; lastSeenAt: Date | null };

/**
 * The other participant's typing, read position and presence, as they happen, for as long as the
 * signal lives. PLACEHOLDER: being written.
 */
export async function* streamConversationEvents(
  deps: ServiceDeps & { presence: Presence },
  userId: string,
  conversationId: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<ConversationEvent> {
  void deps;
  void userId;
  void conversationId;
  void signal;
}

/** Tells the other participant that this one is typing. PLACEHOLDER: being written. */
export async function announceTyping(deps: ServiceDeps, userId: string, conversationId: string): Promise<void> {
  void deps;
  void userId;
  void conversationId;
}
