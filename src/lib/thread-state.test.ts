import { describe, expect, it } from "vitest";
import { initialThreadState, threadReducer, type ThreadAction, type ThreadState } from "./thread-state";
import type { Message } from "./trpc";

const message = (seq: number): Message => ({
  id: `m${seq}`,
  conversationId: "c1",
  seq,
  senderId: "u1",
  kind: "TEXT",
  text: `message ${seq}`,
  createdAt: new Date(1_700_000_000_000 + seq * 1000),
  clientId: null,
  bookingId: null,
  attachments: [],
  contactDetailsHidden: false,
  removed: false,
  deleted: false,
});
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => message(from + i));
const seqs = (state: ThreadState) => state.messages.map((m) => m.seq);
const run = (...actions: ThreadAction[]) => actions.reduce(threadReducer, initialThreadState);
/** The seqs form one run with no hole and no repeat. */
const gapFree = (state: ThreadState) => seqs(state).every((seq, i, all) => i === 0 || seq === all[i - 1]! + 1);

describe("a thread shown from its last known copy, then from the server", () => {
  it("shows the copy at once, as loaded, without starting the live stream", () => {
    const state = run({ type: "cached", items: range(11, 60), nextBeforeSeq: 11 });
    expect(seqs(state)).toEqual(range(11, 60).map((m) => m.seq));
    expect(state).toMatchObject({ loaded: true, fromCache: true, olderBeforeSeq: 11, resumeAfterSeq: null });
  });

  it("when the server's page reaches back to the copy, they join with no gap and no duplicate", () => {
    for (const fresh of [range(31, 80), range(61, 110)]) {
      const state = run({ type: "cached", items: range(11, 60), nextBeforeSeq: 11 }, { type: "loaded", items: fresh, nextBeforeSeq: fresh[0]!.seq });
      expect(seqs(state)[0]).toBe(11);
      expect(seqs(state).at(-1)).toBe(fresh.at(-1)!.seq);
      expect(gapFree(state)).toBe(true);
      expect(state).toMatchObject({ fromCache: false, olderBeforeSeq: 11, resumeAfterSeq: fresh.at(-1)!.seq });
    }
  });

  it("when much was written meanwhile, the copy gives way to the page instead of leaving a hole", () => {
    const state = run({ type: "cached", items: range(11, 60), nextBeforeSeq: 11 }, { type: "loaded", items: range(151, 200), nextBeforeSeq: 151 });
    expect(seqs(state)).toEqual(range(151, 200).map((m) => m.seq));
    expect(state).toMatchObject({ olderBeforeSeq: 151, resumeAfterSeq: 200 });
  });

  it("a message the outbox confirmed before the page came in is kept, and the copy still leaves no hole", () => {
    const state = run(
      { type: "cached", items: range(1, 50), nextBeforeSeq: null },
      { type: "received", message: message(120) },
      { type: "loaded", items: range(71, 120), nextBeforeSeq: 71 },
    );
    expect(seqs(state)).toEqual(range(71, 120).map((m) => m.seq));
    expect(gapFree(state)).toBe(true);
  });

  it("a thread that is empty on the server drops its copy", () => {
    const state = run({ type: "cached", items: range(1, 3), nextBeforeSeq: null }, { type: "loaded", items: [], nextBeforeSeq: null });
    expect(state.messages).toEqual([]);
    expect(state).toMatchObject({ loaded: true, fromCache: false, resumeAfterSeq: 0 });
  });

  it("the live stream resumes after the server's page, never after the copy", () => {
    const state = run({ type: "cached", items: range(1, 90), nextBeforeSeq: null }, { type: "loaded", items: range(41, 90), nextBeforeSeq: 41 });
    expect(state.resumeAfterSeq).toBe(90);
    const stale = run({ type: "cached", items: range(1, 40), nextBeforeSeq: null }, { type: "loaded", items: range(41, 90), nextBeforeSeq: 41 });
    expect(stale.resumeAfterSeq).toBe(90);
    expect(seqs(stale)).toEqual(range(1, 90).map((m) => m.seq));
  });

  it("a copy that arrives after the server answered is ignored", () => {
    const state = run({ type: "loaded", items: range(5, 9), nextBeforeSeq: 5 }, { type: "cached", items: range(1, 3), nextBeforeSeq: null });
    expect(seqs(state)).toEqual([5, 6, 7, 8, 9]);
    expect(state.fromCache).toBe(false);
  });
});

describe("the newest page read again after a reconnect", () => {
  it("replaces messages that changed meanwhile (removed by Glow support) by seq, keeping the rest and the resume point", () => {
    const before = run({ type: "loaded", items: range(1, 5), nextBeforeSeq: null }, { type: "received", message: message(6) });
    const removed = { ...message(3), text: "This message was removed by Glow support", removed: true };
    const after = threadReducer(before, { type: "refreshed", items: [...range(2, 6).map((m) => (m.seq === 3 ? removed : m))], nextBeforeSeq: 2 });
    expect(seqs(after)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(after.messages[2]).toEqual(removed);
    expect(after.resumeAfterSeq).toBe(before.resumeAfterSeq);
    expect(after.olderBeforeSeq).toBe(before.olderBeforeSeq);
  });
});
