import { describe, expect, it } from "vitest";
import { titleWithUnread, unreadBadgeText } from "./unread-count";

describe("unreadBadgeText", () => {
  it("shows the count up to 99, then 99+", () => {
    expect(unreadBadgeText(1)).toBe("1");
    expect(unreadBadgeText(99)).toBe("99");
    expect(unreadBadgeText(100)).toBe("99+");
    expect(unreadBadgeText(12_345)).toBe("99+");
  });
});

describe("titleWithUnread", () => {
  it("puts the count in front of the page's title", () => {
    expect(titleWithUnread("Messages · Glow", 3)).toBe("(3) Messages · Glow");
  });

  it("leaves the title as it is at 0", () => {
    expect(titleWithUnread("Messages · Glow", 0)).toBe("Messages · Glow");
  });

  it("replaces the count it put there before, and removes it at 0", () => {
    expect(titleWithUnread("(3) Messages · Glow", 4)).toBe("(4) Messages · Glow");
    expect(titleWithUnread("(99+) Bookings · Glow", 2)).toBe("(2) Bookings · Glow");
    expect(titleWithUnread("(4) Messages · Glow", 0)).toBe("Messages · Glow");
  });

  it("changes nothing when applied again", () => {
    const once = titleWithUnread("Account · Glow", 7);
    expect(titleWithUnread(once, 7)).toBe(once);
  });

  it("caps the count as the badge does", () => {
    expect(titleWithUnread("Messages · Glow", 250)).toBe("(99+) Messages · Glow");
  });

  it("keeps parentheses that are part of the title itself", () => {
    expect(titleWithUnread("(Bridal) looks · Glow", 1)).toBe("(1) (Bridal) looks · Glow");
    expect(titleWithUnread("(1) (Bridal) looks · Glow", 0)).toBe("(Bridal) looks · Glow");
  });
});
