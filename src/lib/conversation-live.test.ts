import { describe, expect, it } from "vitest";
import { initialLiveConversation, liveConversationReducer, type LiveAction, type LiveConversation } from "./conversation-live";
import { TYPING_SHOWN_MS } from "./typing";

const run = (...actions: LiveAction[]) => actions.reduce<LiveConversation>(liveConversationReducer, initialLiveConversation);
const typing = (now: number): LiveAction => ({ type: "event", now, event: { type: "typing", userId: "ava" } });
const read = (seq: number, readAt: Date): LiveAction => ({ type: "event", now: 0, event: { type: "read", userId: "ava", seq, readAt } });
/** Whether "Ava is typing…" still shows after a timer set for `until` fired. */
const showsTypingAfter = (state: LiveConversation, until: number) => liveConversationReducer(state, { type: "typing-expired", until }).typingUntil !== null;

describe("the other person's typing, as the thread shows it", () => {
  it("shows from their announcement until 5 s after it", () => {
    const state = run(typing(1000));
    expect(state.typingUntil).toBe(1000 + TYPING_SHOWN_MS);
    expect(showsTypingAfter(state, 1000 + TYPING_SHOWN_MS)).toBe(false);
  });

  it("stays while announcements keep coming, and lapses 5 s after the last", () => {
    const state = run(typing(0), typing(2000), typing(4000));
    // The timers set for the first two announcements fire: it still shows.
    expect(showsTypingAfter(state, 0 + TYPING_SHOWN_MS)).toBe(true);
    expect(showsTypingAfter(state, 2000 + TYPING_SHOWN_MS)).toBe(true);
    expect(showsTypingAfter(state, 4000 + TYPING_SHOWN_MS)).toBe(false);
  });

  it("goes at once when their message arrives", () => {
    const state = run(typing(0), { type: "message-from-other" });
    expect(state.typingUntil).toBeNull();
  });
});

describe("the other person's read position and presence, as announced live", () => {
  it("only moves the read position forward (a late, older event changes nothing)", () => {
    const at5 = new Date(2026, 2, 14, 14, 5);
    const state = run(read(5, at5), read(3, new Date(2026, 2, 14, 14, 6)));
    expect(state.read).toEqual({ seq: 5, at: at5 });
    expect(run(read(5, at5), read(7, new Date(2026, 2, 14, 14, 9))).read?.seq).toBe(7);
  });

  it("keeps the presence last said, including hidden (offline with no time)", () => {
    const lastSeenAt = new Date(2026, 2, 14, 14, 5);
    const presence = (online: boolean, at: Date | null): LiveAction => ({ type: "event", now: 0, event: { type: "presence", userId: "ava", online, lastSeenAt: at } });
    expect(run(presence(true, null)).presence).toEqual({ online: true, lastSeenAt: null });
    expect(run(presence(true, null), presence(false, lastSeenAt)).presence).toEqual({ online: false, lastSeenAt });
    expect(run(presence(false, lastSeenAt), presence(false, null)).presence).toEqual({ online: false, lastSeenAt: null });
  });
});
