import type { Message } from "./trpc";

/** A photo already uploaded, as the composer hands it over with a local preview. */
export interface OutgoingPhoto {
  id: string;
  width: number;
  height: number;
  previewUrl: string;
}

/** A message the user wrote that the server has not confirmed yet (it lives in the outbox). */
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
  /** Pass as beforeSeq to load the page before the oldest one shown; null when at the start. */
  olderBeforeSeq: number | null;
  loaded: boolean;
  /** The newest seq of the first page: the live subscription resumes after it. */
  resumeAfterSeq: number | null;
}

export type ThreadAction =
  | { type: "loaded"; items: Message[]; nextBeforeSeq: number | null }
  | { type: "older"; items: Message[]; nextBeforeSeq: number | null }
  | { type: "received"; message: Message };

export const initialThreadState: ThreadState = {
  messages: [],
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
    case "received":
      return { ...state, messages: mergeBySeq(state.messages, [action.message]) };
  }
}
