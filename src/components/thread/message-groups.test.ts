import { describe, expect, it } from "vitest";
import { GROUP_WINDOW_MS, groupThread, type ThreadEntry } from "./message-groups";

const AVA = "ava";
const CHLOE = "chloe";
let counter = 0;
/** A message at a local time ("2026-03-14 10:00" in the test process's zone). */
function at(senderId: string | null, year: number, month: number, day: number, hour: number, minute: number, second = 0, system = false): ThreadEntry {
  return { key: `m${++counter}`, senderId, createdAt: new Date(year, month - 1, day, hour, minute, second), system };
}
/** The shape of the result: "day", "system", or the group's sender and size. */
const shape = (entries: ThreadEntry[]) =>
  groupThread(entries).map((block) =>
    block.type === "group" ? `${block.senderId}×${block.entries.length}` : block.type,
  );

describe("groupThread", () => {
  it("puts consecutive messages from one person, minutes apart, in one group", () => {
    const entries = [at(AVA, 2026, 3, 14, 10, 0), at(AVA, 2026, 3, 14, 10, 1), at(AVA, 2026, 3, 14, 10, 4), at(CHLOE, 2026, 3, 14, 10, 5)];
    const blocks = groupThread(entries);
    expect(shape(entries)).toEqual(["day", "ava×3", "chloe×1"]);
    const first = blocks[1];
    expect(first?.type === "group" && first.entries.map((e) => e.key)).toEqual(entries.slice(0, 3).map((e) => e.key));
  });

  it("starts a new group after a pause longer than the window, measured from the previous message", () => {
    const start = at(AVA, 2026, 3, 14, 10, 0);
    const justInside = { ...at(AVA, 2026, 3, 14, 10, 0), createdAt: new Date(start.createdAt.getTime() + GROUP_WINDOW_MS) };
    const chained = { ...at(AVA, 2026, 3, 14, 10, 0), createdAt: new Date(justInside.createdAt.getTime() + GROUP_WINDOW_MS) };
    const tooLate = { ...at(AVA, 2026, 3, 14, 10, 0), createdAt: new Date(chained.createdAt.getTime() + GROUP_WINDOW_MS + 1000) };
    expect(shape([start, justInside, chained, tooLate])).toEqual(["day", "ava×3", "ava×1"]);
  });

  it("does not join messages from different people, even a second apart", () => {
    expect(shape([at(AVA, 2026, 3, 14, 10, 0, 0), at(CHLOE, 2026, 3, 14, 10, 0, 1), at(AVA, 2026, 3, 14, 10, 0, 2)])).toEqual([
      "day",
      "ava×1",
      "chloe×1",
      "ava×1",
    ]);
  });

  it("puts a separator where the day changes, and never lets a group cross midnight", () => {
    const entries = [at(AVA, 2026, 3, 13, 23, 58), at(AVA, 2026, 3, 14, 0, 1), at(AVA, 2026, 3, 16, 9, 0)];
    expect(shape(entries)).toEqual(["day", "ava×1", "day", "ava×1", "day", "ava×1"]);
    const days = groupThread(entries).filter((b) => b.type === "day");
    expect(days.map((d) => d.type === "day" && d.date.getDate())).toEqual([13, 14, 16]);
  });

  it("gives a system line its own row and ends the group around it", () => {
    const entries = [at(CHLOE, 2026, 3, 14, 10, 0), at(null, 2026, 3, 14, 10, 1, 0, true), at(CHLOE, 2026, 3, 14, 10, 2)];
    expect(shape(entries)).toEqual(["day", "chloe×1", "system", "chloe×1"]);
  });

  it("keeps keys stable and unique, so React can follow a bubble from pending to sent", () => {
    const entries = [at(AVA, 2026, 3, 14, 10, 0), at(AVA, 2026, 3, 14, 10, 1), at(CHLOE, 2026, 3, 14, 10, 2)];
    const keys = groupThread(entries).map((b) => b.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(groupThread(entries.slice(0, 2)).map((b) => b.key)).toEqual(keys.slice(0, 2));
  });

  it("shows nothing for an empty thread", () => {
    expect(groupThread([])).toEqual([]);
  });
});
