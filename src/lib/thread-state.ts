import type { Message } from "./trpc";

/** A photo already uploaded, as the composer hands it over with a local preview. */
export interface OutgoingPhoto {
  id: string;
  width: number;
  height: number;
  previewUrl: string;
}

/** A message the user wrote that the server has not confirmed yet. */
export interface PendingMessage {
  clientId: string;
  text: string;
  photos: OutgoingPhoto[];
  createdAt: Date;
  status: "sending" | "failed";
  error?: string;
}

export interface ThreadState {
  /** Confirmed messages, ascending by seq, each seq once. */
  messages: Message[];
  pending: PendingMessage[];
  /** Pass as beforeSeq to load the page before the oldest one shown; null when at the start. */
  olderBeforeSeq: number | null;
  loaded: boolean;
  /** The newest seq of the first page: the live subscription resumes after it. */
  resumeAfterSeq: number | null;
}

export type ThreadAction =
  | { type: "loaded"; items: Message[]; nextBeforeSeq: number | null }
  | { type: "older"; items: Message[]; nextBeforeSeq: number | null }
  | { type: "received"; message: Message }
  | { type: "sending"; pending: PendingMessage }
  | { type: "failed"; clientId: string; error: string }
  | { type: "discard"; clientId: string };

export const initialThreadState: ThreadState = {
  messages: [],
  pending: [],
  olderBeforeSeq: null,
  loaded: false,
  resumeAfterSeq: null,
};

/** Merges by seq, so a message that arrives twice (answer and live event) is shown once. */
function mergeBySeq(current: Message[], incoming: Message[]): Message[] {
  const bySeq = new Map(current.map((m) => [m.seq, m]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export function threadReducer(state: ThreadState, action: ThreadAction): ThreadState {
  switch (action.type) {
    case "loaded":
      return {
        ...state,
        messages: mergeBySeq(state.messages, action.items),
        olderBeforeSeq: action.nextBeforeSeq,
        loaded: true,
        resumeAfterSeq: state.resumeAfterSeq ?? action.items.at(-1)?.seq ?? 0,
      };
    case "older":
      return { ...state, messages: mergeBySeq(state.messages, action.items), olderBeforeSeq: action.nextBeforeSeq };
    case "received": {
      const { message } = action;
      return {
        ...state,
        messages: mergeBySeq(state.messages, [message]),
        pending: message.clientId ? state.pending.filter((p) => p.clientId !== message.clientId) : state.pending,
      };
    }
    case "sending":
      return {
        ...state,
        pending: [...state.pending.filter((p) => p.clientId !== action.pending.clientId), action.pending],
      };
    case "failed":
      return {
        ...state,
        pending: state.pending.map((p) => (p.clientId === action.clientId ? { ...p, status: "failed", error: action.error } : p)),
      };
    case "discard":
      return { ...state, pending: state.pending.filter((p) => p.clientId !== action.clientId) };
  }
}
