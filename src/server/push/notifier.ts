import type { MessageDTO } from "@/server/services/message-dto";

/** A message just committed, and who should hear about it. */
export interface AppendedNotice {
  message: MessageDTO;
  /** Both participants of its conversation. */
  participantIds: string[];
  /** Who caused it (the sender, or the person who changed a booking): never notified of it. */
  actorId: string | null;
}

/**
 * Hears about every message appended to a conversation, after the commit, to send push
 * notifications. Must return at once and never throw: a send never waits for, or fails because
 * of, a push.
 */
export interface MessageNotifier {
  messagesAppended(notices: AppendedNotice[]): void;
}
