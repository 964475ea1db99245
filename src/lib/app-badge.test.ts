import { describe, expect, it } from "vitest";
import { showAppBadge, type BadgingNavigator } from "./app-badge";

/** A browser's Badging API that records what it was asked to show. */
function badging(answer: "resolve" | "reject" | "throw" = "resolve") {
  const calls: (number | "cleared")[] = [];
  const respond = () => {
    if (answer === "throw") throw new DOMException("Not allowed here", "NotAllowedError");
    return answer === "reject" ? Promise.reject(new DOMException("Not allowed here", "NotAllowedError")) : Promise.resolve();
  };
  const api: BadgingNavigator = {
    setAppBadge: (contents?: number) => {
      calls.push(contents ?? 0);
      return respond();
    },
    clearAppBadge: () => {
      calls.push("cleared");
      return respond();
    },
  };
  return { api, calls };
}

describe("showAppBadge", () => {
  it("shows the count, and clears the badge at 0", () => {
    const { api, calls } = badging();
    showAppBadge(3, api);
    showAppBadge(120, api);
    showAppBadge(0, api);
    expect(calls).toEqual([3, 120, "cleared"]);
  });

  it("does nothing where the browser has no Badging API", () => {
    expect(() => showAppBadge(3, {})).not.toThrow();
    expect(() => showAppBadge(3, undefined)).not.toThrow();
  });

  it("ignores a refusal, whether the browser rejects or throws", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const rejecting = badging("reject");
      showAppBadge(2, rejecting.api);
      showAppBadge(0, rejecting.api);
      const throwing = badging("throw");
      expect(() => showAppBadge(2, throwing.api)).not.toThrow();
      // Long enough for an unhandled rejection to be reported.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(rejecting.calls).toEqual([2, "cleared"]);
      expect(throwing.calls).toEqual([2]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
