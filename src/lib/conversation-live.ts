import type { ReadPosition } from "./read-receipts";
import type { RouterOutputs } from "./trpc";
import { TYPING_SHOWN_MS } from "./typing";

/** One event of conversation.onEvents: the other person's typing, read position or presence. */
export type ConversationEvent = RouterOutputs["conversation"]["onEvents"] extends AsyncIterable<infer E> ? E : never;

/** Whether the other person has a tab of the app open, and when they last had one. */
export interface OtherPresence {
  online: boolean;
  lastSeenAt: Date | null;
}

/** What the live stream has said about the other person in this conversation, so far. */
export interface LiveConversation {
  /** They show as typing until this time (ms since the epoch); null: not typing. */
  typingUntil: number | null;
  /** The furthest read position announced live; null: none yet. */
  read: ReadPosition | null;
  /** Their presence as last announced; null: not told yet. */
  presence: OtherPresence | null;
}

export type LiveAction =
  | { type: "event"; event: ConversationEvent; now: number }
  /** A message from them arrived: whatever they were typing has been sent. */
  | { type: "message-from-other" }
  /** The timer set for `until` fired: typing ends unless a later announcement moved it on. */
  | { type: "typing-expired"; until: number };

export const initialLiveConversation: LiveConversation = { typingUntil: null, read: null, presence: null };

/**
 * Typing shows from an announcement until TYPING_SHOWN_MS after the last one, or until their
 * message arrives; the read position only moves forward; presence is what was said last.
 */
export function liveConversationReducer(state: LiveConversation, action: LiveAction): LiveConversation {
  switch (action.type) {
    case "event": {
      const { event } = action;
      switch (event.type) {
        case "typing":
          return { ...state, typingUntil: action.now + TYPING_SHOWN_MS };
        case "read":
          if (state.read && state.read.seq >= event.seq) return state;
          return { ...state, read: { seq: event.seq, at: event.readAt } };
        case "presence":
          return { ...state, presence: { online: event.online, lastSeenAt: event.lastSeenAt } };
      }
      return state;
    }
    case "message-from-other":
      return state.typingUntil === null ? state : { ...state, typingUntil: null };
    case "typing-expired":
      return state.typingUntil !== null && state.typingUntil <= action.until ? { ...state, typingUntil: null } : state;
  }
}
