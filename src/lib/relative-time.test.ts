import { describe, expect, it } from "vitest";
import { formatInboxTime, formatTime } from "./format";
import { formatLastSeen, formatSeen, presenceText } from "./relative-time";

// Dates are built in the test process's own zone, as the browser builds them in the viewer's.
const now = new Date(2026, 2, 14, 15, 30);

describe("'Last seen' in the thread header", () => {
  it("counts minutes for the last hour", () => {
    expect(formatLastSeen(new Date(2026, 2, 14, 15, 29, 45), now)).toBe("Last seen just now");
    expect(formatLastSeen(new Date(2026, 2, 14, 15, 25), now)).toBe("Last seen 5 min ago");
    expect(formatLastSeen(new Date(2026, 2, 14, 14, 31), now)).toBe("Last seen 59 min ago");
  });

  it("says the time today and yesterday, the weekday this week, else the date", () => {
    const earlier = new Date(2026, 2, 14, 9, 12);
    expect(formatLastSeen(earlier, now)).toBe(`Last seen today at ${formatTime(earlier)}`);
    const yesterday = new Date(2026, 2, 13, 14, 5);
    expect(formatLastSeen(yesterday, now)).toBe(`Last seen yesterday at ${formatTime(yesterday)}`);
    const thisWeek = new Date(2026, 2, 10, 8, 0);
    expect(formatLastSeen(thisWeek, now)).toBe(`Last seen ${formatInboxTime(thisWeek, now)} at ${formatTime(thisWeek)}`);
    const longAgo = new Date(2026, 1, 2, 8, 0);
    expect(formatLastSeen(longAgo, now)).toBe(`Last seen on ${formatInboxTime(longAgo, now)}`);
  });

  it("takes a time a little ahead of this clock as just now", () => {
    expect(formatLastSeen(new Date(2026, 2, 14, 15, 31), now)).toBe("Last seen just now");
  });

  it("reads 'Online', 'Last seen …', or nothing when hidden or not known", () => {
    expect(presenceText({ online: true, lastSeenAt: null }, now)).toBe("Online");
    expect(presenceText({ online: false, lastSeenAt: new Date(2026, 2, 14, 15, 25) }, now)).toBe("Last seen 5 min ago");
    expect(presenceText({ online: false, lastSeenAt: null }, now)).toBeNull();
    expect(presenceText(null, now)).toBeNull();
  });
});

describe("'Seen' under my message", () => {
  it("is short: the time today, 'yesterday' and the time, the weekday and time this week, else the date", () => {
    const today = new Date(2026, 2, 14, 14, 5);
    expect(formatSeen(today, now)).toBe(`Seen ${formatTime(today)}`);
    const yesterday = new Date(2026, 2, 13, 14, 5);
    expect(formatSeen(yesterday, now)).toBe(`Seen yesterday ${formatTime(yesterday)}`);
    const thisWeek = new Date(2026, 2, 10, 14, 5);
    expect(formatSeen(thisWeek, now)).toBe(`Seen ${formatInboxTime(thisWeek, now)} ${formatTime(thisWeek)}`);
    const longAgo = new Date(2025, 11, 24, 14, 5);
    expect(formatSeen(longAgo, now)).toBe(`Seen ${formatInboxTime(longAgo, now)}`);
    expect(formatSeen(longAgo, now)).toContain("2025");
  });

  it("is plain 'Seen' when the time is not known", () => {
    expect(formatSeen(null, now)).toBe("Seen");
  });
});
