import { describe, expect, it } from "vitest";
import { earlyHistoryExpired } from "./history-expiry";

describe("earlyHistoryExpired", () => {
  it("is true once everything is loaded and the oldest message is not the first", () => {
    expect(earlyHistoryExpired(41, null)).toBe(true);
  });

  it("is false while older pages remain, when the first message is there, or when there is none", () => {
    expect(earlyHistoryExpired(41, 41)).toBe(false);
    expect(earlyHistoryExpired(1, null)).toBe(false);
    expect(earlyHistoryExpired(undefined, null)).toBe(false);
  });
});
