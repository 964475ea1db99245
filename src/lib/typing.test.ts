import { describe, expect, it } from "vitest";
import { createTypingAnnouncer, TYPING_ANNOUNCE_INTERVAL_MS } from "./typing";

function announcerAt() {
  let now = 1_000_000;
  const announced: number[] = [];
  const announcer = createTypingAnnouncer(() => announced.push(now), () => now);
  return { announcer, announced, advance: (ms: number) => (now += ms), start: now };
}

describe("announcing that I am typing", () => {
  it("announces the first keystroke at once, then at most once per interval while typing goes on", () => {
    const { announcer, announced, advance, start } = announcerAt();
    announcer.textChanged("H");
    expect(announced).toEqual([start]);
    // A keystroke every 100 ms for 5 s: one announcement per 2 s, not one per keystroke.
    for (let i = 1; i <= 50; i++) {
      advance(100);
      announcer.textChanged("Hello".repeat(i));
    }
    expect(announced).toEqual([start, start + TYPING_ANNOUNCE_INTERVAL_MS, start + 2 * TYPING_ANNOUNCE_INTERVAL_MS]);
  });

  it("says nothing for an empty or blank box (clearing it is not typing)", () => {
    const { announcer, announced } = announcerAt();
    announcer.textChanged("");
    announcer.textChanged("   \n");
    expect(announced).toEqual([]);
  });

  it("announces the next message's first keystroke at once after a send", () => {
    const { announcer, announced, advance, start } = announcerAt();
    announcer.textChanged("Hi");
    advance(500);
    announcer.sent();
    advance(300);
    announcer.textChanged("A");
    expect(announced).toEqual([start, start + 800]);
  });

  it("goes quiet when typing stops and announces again when it starts after a pause", () => {
    const { announcer, announced, advance, start } = announcerAt();
    announcer.textChanged("Hi");
    advance(10_000);
    announcer.textChanged("Hi there");
    expect(announced).toEqual([start, start + 10_000]);
  });
});
