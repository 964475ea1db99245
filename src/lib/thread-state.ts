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
  /** Messages are shown: the server's first page, or the last known copy until it answers. */
  loaded: boolean;
  /**
   * The messages shown are the last known copy kept on this device (offline, or the server has
   * not answered yet); false once the server's first page is in.
   */
  fromCache: boolean;
  /** The newest seq of that copy (null: none, or an empty one), to join it to the server's page. */
  cachedThroughSeq: number | null;
  /** The newest seq of the server's first page: the live subscription resumes after it. */
  resumeAfterSeq: number | null;
}

/** One page of messages, ascending by seq, as message.list answers it (and as it is kept offline). */
export interface MessagePage {
  items: Message[];
  nextBeforeSeq: number | null;
}

export type ThreadAction =
  | ({ type: "cached" } & MessagePage)
  | ({ type: "loaded" } & MessagePage)
  | ({ type: "older" } & MessagePage)
  /** The newest page again (after a reconnect): messages changed meanwhile replace theirs by seq. */
  | ({ type: "refreshed" } & MessagePage)
  | { type: "received"; message: Message };

export const initialThreadState: ThreadState = {
  messages: [],
  olderBeforeSeq: null,
  loaded: false,
  fromCache: false,
  cachedThroughSeq: null,
  resumeAfterSeq: null,
};

/** Merges by seq, so a message that arrives twice (answer and live event) is shown once. */
function mergeBySeq(current: Message[], incoming: Message[]): Message[] {
  const bySeq = new Map(current.map((m) => [m.seq, m]));
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * What of a last known copy stays once the server's first page is in: all of it when the page
 * reaches back to it (they join, no gap), else only what the page covers, so the thread never
 * shows a hole between the copy and the page (older messages load on scroll as usual).
 */
function joinCopyToPage(state: ThreadState, page: MessagePage): Pick<ThreadState, "messages" | "olderBeforeSeq"> {
  const oldestFresh = page.items[0]?.seq ?? Infinity;
  if (state.cachedThroughSeq !== null && oldestFresh <= state.cachedThroughSeq + 1) {
    return { messages: mergeBySeq(state.messages, page.items), olderBeforeSeq: state.olderBeforeSeq };
  }
  return { messages: mergeBySeq(state.messages.filter((m) => m.seq >= oldestFresh), page.items), olderBeforeSeq: page.nextBeforeSeq };
}

export function threadReducer(state: ThreadState, action: ThreadAction): ThreadState {
  switch (action.type) {
    case "cached":
      // Only until the server answers, and only into an empty thread: the server's page wins.
      if (state.resumeAfterSeq !== null || state.messages.length > 0) return state;
      return {
        ...state,
        messages: action.items,
        olderBeforeSeq: action.nextBeforeSeq,
        loaded: true,
        fromCache: true,
        cachedThroughSeq: action.items.at(-1)?.seq ?? null,
      };
    case "loaded":
      return {
        ...state,
        ...(state.fromCache
          ? joinCopyToPage(state, action)
          : { messages: mergeBySeq(state.messages, action.items), olderBeforeSeq: action.nextBeforeSeq }),
        loaded: true,
        fromCache: false,
        cachedThroughSeq: null,
        resumeAfterSeq: state.resumeAfterSeq ?? action.items.at(-1)?.seq ?? 0,
      };
    case "older":
      return { ...state, messages: mergeBySeq(state.messages, action.items), olderBeforeSeq: action.nextBeforeSeq };
    case "refreshed":
      return { ...state, messages: mergeBySeq(state.messages, action.items) };
    case "received":
      return { ...state, messages: mergeBySeq(state.messages, [action.message]) };
  }
}
