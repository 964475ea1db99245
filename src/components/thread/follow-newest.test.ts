import { describe, expect, it } from "vitest";
import { followsNewest, type ThreadTail } from "./follow-newest";

const tail = (newestSeq: number, pendingCount: number, lastIsMine: boolean): ThreadTail => ({ newestSeq, pendingCount, lastIsMine });

describe("followsNewest", () => {
  it("follows every change for a reader at the bottom", () => {
    expect(followsNewest(true, tail(5, 0, false), tail(6, 0, false))).toBe(true);
    expect(followsNewest(true, tail(5, 1, true), tail(6, 0, true))).toBe(true);
  });

  it("leaves a reader who scrolled up where they are when the other person writes", () => {
    expect(followsNewest(false, tail(5, 0, false), tail(6, 0, false))).toBe(false);
  });

  it("takes a reader who scrolled up down to a message they just wrote, here or on another device", () => {
    expect(followsNewest(false, tail(5, 0, false), tail(5, 1, true))).toBe(true); // written here, sending
    expect(followsNewest(false, tail(5, 0, false), tail(6, 0, true))).toBe(true); // from my phone
    expect(followsNewest(false, null, tail(6, 0, true))).toBe(true); // the thread's first render
  });

  it("does not pull down a reader who scrolled up after sending when that message is stored", () => {
    expect(followsNewest(false, tail(5, 1, true), tail(6, 0, true))).toBe(false);
    expect(followsNewest(false, tail(5, 2, true), tail(6, 1, true))).toBe(false);
  });
});
